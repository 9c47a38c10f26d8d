package io.emailqueue.observability;

import java.util.List;

import io.emailqueue.intake.EmailIntake;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.json.BasicJsonTester;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the Actuator endpoints over real HTTP: which are exposed, what {@code /actuator/prometheus}
 * shows after emails went through, and that health details stay hidden. The queue and worker sizes
 * differ from the defaults so that the gauges are seen to follow the configuration; that also gives
 * this class a context of its own, whose ledger only it writes.
 */
@WorkerApplicationTest
@TestPropertySource(properties = { "email.queue.capacity=50", "email.worker.concurrency=3" })
class ActuatorEndpointsTests {

	private static final String APPLICATION = "application=\"email-queue-worker\"";

	private final BasicJsonTester json = new BasicJsonTester(getClass());

	@Autowired
	private RestTestClient http;

	@Autowired
	private EmailIntake intake;

	@Autowired
	private EmailQueue queue;

	@Test
	void prometheusShowsTheEmailMetersWithTheLedgersValues() {
		for (int i = 1; i <= 3; i++) {
			assertThat(this.intake.submit(TestEmails.withSubject("Metered " + i), EnqueueSource.API).accepted()).isTrue();
		}
		await().until(() -> this.queue.counts().sent() == 3);
		List<String> scrape = scrape().lines().toList();
		assertThat(scrape).contains(
				"email_sent_total{" + APPLICATION + "} 3.0",
				"email_enqueued_total{" + APPLICATION + ",source=\"api\"} 3.0",
				"email_enqueued_total{" + APPLICATION + ",source=\"producer\"} 0.0",
				"email_enqueued_total{" + APPLICATION + ",source=\"retry\"} 0.0",
				"email_enqueued_total{" + APPLICATION + ",source=\"spool\"} 0.0",
				"email_enqueued_total{" + APPLICATION + ",source=\"replay\"} 0.0",
				"email_rejected_total{" + APPLICATION + ",reason=\"full\"} 0.0",
				"email_rejected_total{" + APPLICATION + ",reason=\"closed\"} 0.0",
				"email_rejected_total{" + APPLICATION + ",reason=\"invalid\"} 0.0",
				"email_failed_total{" + APPLICATION + ",kind=\"transient\"} 0.0",
				"email_failed_total{" + APPLICATION + ",kind=\"permanent\"} 0.0",
				"email_failed_total{" + APPLICATION + ",kind=\"uncertain\"} 0.0",
				"email_retries_total{" + APPLICATION + "} 0.0",
				"email_dead_letters_total{" + APPLICATION + "} 0.0",
				"email_dead_letter_store_size{" + APPLICATION + "} 0.0",
				"email_queue_size{" + APPLICATION + "} 0.0",
				"email_queue_capacity{" + APPLICATION + "} 50.0",
				"email_queue_remaining{" + APPLICATION + "} 50.0",
				"email_oldest_pending_age_seconds{" + APPLICATION + "} 0.0",
				"email_workers_alive{" + APPLICATION + "} 3.0",
				"email_workers_configured{" + APPLICATION + "} 3.0",
				"email_workers_busy{" + APPLICATION + "} 0.0",
				"email_send_seconds_count{" + APPLICATION + "} 3",
				"email_queue_wait_seconds_count{" + APPLICATION + "} 3",
				"email_delivery_seconds_count{" + APPLICATION + "} 3",
				"email_send_seconds_bucket{" + APPLICATION + ",le=\"+Inf\"} 3",
				"email_delivery_seconds_bucket{" + APPLICATION + ",le=\"+Inf\"} 3");
		assertThat(buckets(scrape, "email_send_seconds")).containsExactly("0.01", "0.025", "0.05", "0.1", "0.25",
				"0.5", "1.0", "2.5", "5.0", "10.0", "30.0", "60.0", "120.0", "+Inf");
		assertThat(buckets(scrape, "email_queue_wait_seconds")).hasSize(14).endsWith("1800.0", "+Inf");
		assertThat(buckets(scrape, "email_delivery_seconds")).hasSize(13).endsWith("3600.0", "+Inf");
	}

	@Test
	void everyMeterCarriesTheApplicationTag() {
		assertThat(scrape().lines()).filteredOn((line) -> !line.startsWith("#") && !line.isBlank())
			.isNotEmpty()
			.allSatisfy((line) -> assertThat(line).contains(APPLICATION));
	}

	@Test
	void onlyHealthInfoMetricsAndPrometheusAreExposed() {
		EntityExchangeResult<String> links = get("/actuator");
		assertThat(links.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(this.json.from(links.getResponseBody())).extractingJsonPathMapValue("$._links")
			.containsOnlyKeys("self", "health", "health-path", "info", "metrics", "metrics-requiredMetricName",
					"prometheus");
	}

	@ParameterizedTest
	@ValueSource(strings = { "env", "beans", "heapdump", "shutdown", "configprops", "loggers", "threaddump", "mappings",
			"conditions", "scheduledtasks", "sbom" })
	void otherEndpointsAreNotExposed(String endpoint) {
		assertThat(get("/actuator/" + endpoint).getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(this.http.post().uri("/actuator/" + endpoint).exchange().returnResult(String.class).getStatus())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void healthAndProbesAreUpWithTheirDetailsHidden() {
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			EntityExchangeResult<String> health = get(path);
			assertThat(health.getStatus()).as(path).isEqualTo(HttpStatus.OK);
			assertThat(this.json.from(health.getResponseBody())).as(path)
				.extractingJsonPathStringValue("$.status")
				.isEqualTo("UP");
			assertThat(this.json.from(health.getResponseBody())).as(path).doesNotHaveJsonPath("$.components");
			assertThat(health.getResponseBody()).as(path).doesNotContain("workersAlive", "capacity");
		}
	}

	@Test
	void infoShowsTheBuildAndTheCommit() {
		EntityExchangeResult<String> response = get("/actuator/info");
		assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
		String info = response.getResponseBody();
		assertThat(this.json.from(info)).extractingJsonPathStringValue("$.build.artifact")
			.isEqualTo("email-queue-worker");
		assertThat(this.json.from(info)).extractingJsonPathStringValue("$.build.version").isNotBlank();
		// git.properties is written when the build runs in a Git work tree, as it does on CI.
		if (new ClassPathResource("git.properties").exists()) {
			assertThat(this.json.from(info)).extractingJsonPathStringValue("$.git.commit.id").isNotBlank();
		}
	}

	@Test
	void metricsEndpointDescribesTheEmailMeters() {
		EntityExchangeResult<String> response = get("/actuator/metrics/email.failed");
		assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
		String metric = response.getResponseBody();
		assertThat(this.json.from(metric)).extractingJsonPathStringValue("$.description")
			.contains("uncertain");
		assertThat(this.json.from(metric)).extractingJsonPathArrayValue("$.availableTags[?(@.tag == 'kind')].values[*]")
			.containsExactlyInAnyOrder("transient", "permanent", "uncertain");
	}

	private static List<String> buckets(List<String> scrape, String histogram) {
		String prefix = histogram + "_bucket{" + APPLICATION + ",le=\"";
		return scrape.stream()
			.filter((line) -> line.startsWith(prefix))
			.map((line) -> line.substring(prefix.length(), line.indexOf('"', prefix.length())))
			.toList();
	}

	private EntityExchangeResult<String> get(String path) {
		return this.http.get().uri(path).exchange().returnResult(String.class);
	}

	private String scrape() {
		EntityExchangeResult<String> response = this.http.get()
			.uri("/actuator/prometheus")
			.header(HttpHeaders.ACCEPT, "text/plain;version=0.0.4")
			.exchange()
			.returnResult(String.class);
		assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
		return response.getResponseBody();
	}

}
