package io.emailqueue.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Prints one console line once the web server is up, with the port to send emails to.
 */
@Component
final class ApiStartupAnnouncer implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(ApiStartupAnnouncer.class);

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		// A separate management server has a namespace of its own and is not the API.
		if (event.getApplicationContext().getServerNamespace() == null) {
			logger.info("🌐 HTTP API listening on port {} | POST /api/emails", event.getWebServer().getPort());
		}
	}

}
