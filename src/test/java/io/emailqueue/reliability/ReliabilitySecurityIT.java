package io.emailqueue.reliability;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The security review of the reliability proof, against the running application: Actuator exposes
 * health, info, metrics and prometheus and nothing else, health shows no details to anyone, and
 * neither the SMTP password nor the API token appears anywhere an outsider or a log reader could
 * see it: the whole console output, every Actuator answer, every error body.
 */
class ReliabilitySecurityIT {

	private static final Path SINKS = ReliabilityResults.DIRECTORY.resolve("sinks");

	private static final String SMTP_PASSWORD = "smtp-Secret-9d2e7a41c0b8";

	private static final Set<String> EXPOSED = Set.of("self", "health", "health-path", "info", "metrics",
			"metrics-requiredMetricName", "prometheus");

	private static final List<String> UNEXPOSED = List.of("env", "beans", "configprops", "heapdump", "threaddump",
			"loggers", "mappings", "shutdown", "scheduledtasks", "conditions", "caches", "sbom", "startup", "logfile",
			"auditevents", "httpexchanges", "sessions", "quartz", "integrationgraph", "env/spring.mail.password",
			"configprops/spring.mail");

	@Test
	void actuatorExposesOnlyHealthInfoMetricsAndPrometheusWithoutHealthDetails() throws Exception {
		try (SmtpSink sink = SmtpSink.start(SINKS);
				WorkerProcess worker = WorkerProcess.start("reliability-actuator", sink.port(), Map.of())) {
			JsonNode links = ApiClient.JSON.readTree(worker.api().get("/actuator").body()).path("_links");
			assertThat(links.propertyNames()).containsExactlyInAnyOrderElementsOf(EXPOSED);
			for (String endpoint : UNEXPOSED) {
				assertThat(worker.api().get("/actuator/" + endpoint).statusCode()).as(endpoint).isEqualTo(404);
				assertThat(worker.api().getAuthorized("/actuator/" + endpoint).statusCode()).as(endpoint + " with the API token")
					.isEqualTo(404);
			}
			for (String health : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
				for (HttpResponse<String> response : List.of(worker.api().get(health), worker.api().getAuthorized(health))) {
					JsonNode body = ApiClient.JSON.readTree(response.body());
					assertThat(body.has("components")).as(health + " components").isFalse();
					assertThat(body.has("details")).as(health + " details").isFalse();
					assertThat(body.path("status").asString()).isEqualTo("UP");
				}
			}
			for (String component : List.of("worker", "queue", "smtp", "diskSpace", "ping")) {
				assertThat(worker.api().get("/actuator/health/" + component).statusCode()).as(component).isEqualTo(404);
			}
		}
	}

	@Test
	void theSmtpPasswordAndTheApiTokenAppearInNoLogNoActuatorAnswerAndNoErrorBody() throws Exception {
		List<String> leaks = new ArrayList<>();
		Ledger ledger = new Ledger();
		try (SmtpSink sink = SmtpSink.reserve(SINKS);
				WorkerProcess worker = WorkerProcess.start("reliability-secrets", sink.port(),
						Map.of("spring.mail.username", "relay-user", "email.retry.max-retries", "40",
								"email.retry.initial-backoff", "200ms", "email.retry.max-backoff", "1s"),
						Map.of("EMAIL_API_TOKEN", WorkerProcess.TOKEN, "SPRING_MAIL_PASSWORD", SMTP_PASSWORD))) {
			// GIVEN failures that get logged: no server, then one that refuses recipients, then a good one.
			// -a: smtp-sink answers AUTH with 250 instead of 235, which no client can follow.
			assertThat(worker.submit(ledger, "secret-1@example.org").statusCode()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(60)).until(() -> worker.process().lines().stream()
				.anyMatch((line) -> line.contains("secret-1@example.org") && line.contains("failed")));
			sink.restart("-a", "-r", "RCPT");
			assertThat(worker.submit(ledger, "secret-2@example.org").statusCode()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(60)).until(() -> worker.process().lines().stream()
				.anyMatch((line) -> line.contains("secret-2@example.org") && line.contains("450")));
			sink.restart("-a");
			await().atMost(Duration.ofSeconds(60))
				.until(() -> sink.deliveriesByEmailId().keySet().containsAll(ledger.acceptedIds()));
			// WHEN everything an outsider can ask for is asked for
			List<HttpResponse<String>> answers = new ArrayList<>();
			for (String path : List.of("/actuator", "/actuator/health", "/actuator/health/liveness",
					"/actuator/health/readiness", "/actuator/info", "/actuator/metrics", "/actuator/prometheus",
					"/actuator/env", "/actuator/configprops", "/api/emails", "/api/dead-letters", "/nothing-here")) {
				answers.add(worker.api().get(path));
				answers.add(worker.api().getAuthorized(path));
			}
			JsonNode names = ApiClient.JSON.readTree(worker.api().get("/actuator/metrics").body()).path("names");
			names.forEach((name) -> answers.add(worker.api().get("/actuator/metrics/" + name.asString())));
			answers.add(worker.api().submit("{\"to\":[\"not an address\"],\"priority\":99,\"token\":true}"));
			answers.add(worker.api().submit("{\"to\":"));
			answers.add(new ApiClient(worker.port(), WorkerProcess.TOKEN + "x").submit(TestEmails.to("a@example.org")));
			answers.add(new ApiClient(worker.port(), SMTP_PASSWORD).getAuthorized("/api/dead-letters"));
			for (String id : List.of(ledger.acceptedIds().iterator().next(), "unknown")) {
				answers.add(worker.api().getAuthorized("/api/emails/" + id));
			}
			for (HttpResponse<String> answer : answers) {
				leaks.addAll(leaks(answer.uri() + " (" + answer.statusCode() + ")", answer.body()));
				leaks.addAll(leaks(answer.uri() + " headers", answer.headers().map().toString()));
			}
			worker.process().signal("TERM");
			assertThat(worker.process().awaitExit(Duration.ofSeconds(60))).contains(143);
			// THEN not one of them, nor the console from start to exit, shows a secret
			leaks.addAll(leaks("the console", String.join("\n", worker.process().lines())));
			assertThat(worker.process().lines()).anyMatch((line) -> line.contains("relay-user"));
		}
		assertThat(leaks).isEmpty();
	}

	private static List<String> leaks(String where, String text) {
		List<String> leaks = new ArrayList<>();
		if (text.contains(SMTP_PASSWORD)) {
			leaks.add(where + " shows the SMTP password");
		}
		if (text.contains(WorkerProcess.TOKEN)) {
			leaks.add(where + " shows the API token");
		}
		return leaks;
	}

}
