package io.emailqueue.api;

import java.net.http.HttpRequest;

import io.emailqueue.api.ApiClient.Response;
import io.emailqueue.queue.EmailQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static io.emailqueue.api.ApiClient.email;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the API's answers once the queue is closed for shutdown. The queue is closed for good,
 * so the application is not shared with other tests afterwards.
 */
@ApiIntegrationTest
@DirtiesContext
class ShutdownApiTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EmailQueue queue;

	private ApiClient api;

	@BeforeEach
	void closeTheQueue() {
		this.api = new ApiClient(this.port);
		this.queue.close();
	}

	@Test
	void emailWhileShuttingDownAnswersServiceUnavailable() {
		Response response = this.api.postJson("/api/emails", email("Too late"));
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.header("Retry-After")).isEqualTo("5");
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("reason").stringValue()).isEqualTo("SHUTTING_DOWN");
		assertThat(response.json().get("detail").stringValue()).contains("shutting down");
	}

	@Test
	void batchWhileShuttingDownAnswersServiceUnavailable() {
		Response response = this.api.postJson("/api/emails/batch", "{\"emails\": [" + email("Too late") + "]}");
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.json().get("reason").stringValue()).isEqualTo("SHUTTING_DOWN");
	}

	@Test
	void deadLettersCanStillBeListedWhileShuttingDown() {
		assertThat(this.api.send(this.api.request("/api/dead-letters").GET()).status()).isEqualTo(200);
		assertThat(this.api.send(this.api.request("/api/dead-letters/unknown/retry")
			.POST(HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(404);
	}

}
