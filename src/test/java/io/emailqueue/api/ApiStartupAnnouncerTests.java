package io.emailqueue.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ApiStartupAnnouncer}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiStartupAnnouncerTests {

	@Test
	void announcesThePortOfTheApplicationServer(CapturedOutput output) {
		new ApiStartupAnnouncer().onApplicationEvent(event(null, 8080));
		assertThat(output).contains("🌐 HTTP API listening on port 8080 | POST /api/emails");
	}

	@Test
	void staysQuietAboutASeparateManagementServer(CapturedOutput output) {
		new ApiStartupAnnouncer().onApplicationEvent(event("management", 8081));
		assertThat(output).doesNotContain("HTTP API listening");
	}

	private static WebServerInitializedEvent event(String namespace, int port) {
		WebServer server = mock(WebServer.class);
		given(server.getPort()).willReturn(port);
		WebServerApplicationContext context = mock(WebServerApplicationContext.class);
		given(context.getServerNamespace()).willReturn(namespace);
		WebServerInitializedEvent event = mock(WebServerInitializedEvent.class);
		given(event.getWebServer()).willReturn(server);
		given(event.getApplicationContext()).willReturn(context);
		return event;
	}

}
