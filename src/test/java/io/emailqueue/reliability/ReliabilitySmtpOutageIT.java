package io.emailqueue.reliability;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenarios 1 and 2 of the reliability proof: the SMTP server is missing when the application
 * starts, and it goes away in the middle of load. Nothing accepted may be lost: what the retries
 * cannot deliver is dead-lettered with its reason and can be replayed through the API.
 */
class ReliabilitySmtpOutageIT {

	private static final Path SINKS = ReliabilityResults.DIRECTORY.resolve("sinks");

	private static final Duration SETTLE = Duration.ofSeconds(90);

	private final ReliabilityProfile profile = ReliabilityProfile.current();

	@Test
	void emailsAcceptedWhileTheSmtpServerIsMissingAreDeliveredOnceItAppears() throws Exception {
		long start = System.nanoTime();
		Ledger ledger = new Ledger();
		int emails = this.profile.emailsPerScenario();
		String notes;
		Tally tally;
		try (SmtpSink sink = SmtpSink.reserve(SINKS);
				WorkerProcess worker = WorkerProcess.start("reliability-smtp-absent", sink.port(),
						Map.of("email.retry.max-retries", "40", "email.retry.initial-backoff", "250ms",
								"email.retry.max-backoff", "1s"))) {
			for (int i = 1; i <= emails; i++) {
				assertThat(worker.submit(ledger, "absent-" + i + "@example.org").statusCode()).isEqualTo(202);
			}
			// GIVEN no server: every email waits for a retry, and says why.
			await().atMost(SETTLE).untilAsserted(() -> {
				for (String id : ledger.acceptedIds()) {
					JsonNode status = worker.api().status(id).orElseThrow();
					assertThat(status.path("status").asString()).isEqualTo("RETRY_SCHEDULED");
					assertThat(status.path("lastError").asString()).containsIgnoringCase("connect");
				}
			});
			// Details are not public: the overall status carries the smtp indicator's DOWN, the probes do not.
			HttpResponse<String> health = worker.api().get("/actuator/health");
			HttpResponse<String> liveness = worker.api().get("/actuator/health/liveness");
			HttpResponse<String> readiness = worker.api().get("/actuator/health/readiness");
			notes = "while absent: status RETRY_SCHEDULED with the connection error, /actuator/health "
					+ health.statusCode() + " " + health.body() + ", liveness " + liveness.statusCode()
					+ ", readiness " + readiness.statusCode();
			// WHEN the server appears
			sink.restart();
			await().atMost(SETTLE).until(() -> sink.deliveriesByEmailId().keySet().containsAll(ledger.acceptedIds()));
			await().atMost(SETTLE).until(() -> worker.allFinished(ledger.acceptedIds()));
			HttpResponse<String> healthAfter = worker.api().get("/actuator/health");
			notes += "; once delivered: /actuator/health " + healthAfter.statusCode();
			ledger.deadLetters(worker.api().deadLetters());
			ledger.console(worker.process().lines());
			tally = ledger.tally(sink.deliveriesByEmailId());
			boolean passed = tally.nothingLost() && tally.delivered() == emails && health.statusCode() == 503
					&& liveness.statusCode() == 200 && readiness.statusCode() == 200 && healthAfter.statusCode() == 200;
			ReliabilityResults.record(new ScenarioResult("1. SMTP server absent at start", emails + " emails",
					"no server for the first retries, then a healthy one", tally, ScenarioResult.verdict(passed),
					ReliabilityResults.since(start), notes));
			// THEN
			assertThat(health.statusCode()).as("health while the server is missing").isEqualTo(503);
			assertThat(health.body()).contains("DOWN");
			assertThat(liveness.statusCode()).as("a missing SMTP server is no reason to restart").isEqualTo(200);
			assertThat(readiness.statusCode()).as("emails are still taken while the server is missing").isEqualTo(200);
			assertThat(healthAfter.statusCode()).isEqualTo(200);
			assertThat(worker.states(ledger.acceptedIds()).values()).containsOnly("SENT");
		}
		assertThat(tally.lost()).isZero();
		assertThat(tally.phantom()).isZero();
		assertThat(tally.delivered()).isEqualTo(emails);
	}

	@Test
	void sustainedLoadWhileTheSmtpServerIsMissingIsRefusedOnceTheCapacityIsHeldInRetries() throws Exception {
		long start = System.nanoTime();
		Ledger ledger = new Ledger();
		int capacity = 20;
		int concurrency = 2;
		AtomicLong mostHeld = new AtomicLong();
		AtomicBoolean outOfService = new AtomicBoolean();
		Tally tally;
		String load;
		try (SmtpSink sink = SmtpSink.reserve(SINKS);
				WorkerProcess worker = WorkerProcess.start("reliability-smtp-absent-load", sink.port(),
						Map.of("email.queue.capacity", Integer.toString(capacity), "email.queue.offer-timeout", "100ms",
								"email.worker.concurrency", Integer.toString(concurrency), "email.retry.max-retries", "40",
								"email.retry.initial-backoff", "200ms", "email.retry.max-backoff", "1s"))) {
			try (HttpLoad httpLoad = HttpLoad.flat(worker, ledger, "absent-load", 4, 1, 1_000_000,
					this.profile.loadDuration())) {
				await().atMost(this.profile.loadDuration().plus(Duration.ofSeconds(60)))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> {
						PrometheusScrape scrape = worker.api().prometheus();
						long held = (long) (scrape.value("email_queue_size") + scrape.value("email_scheduled")
								+ scrape.value("email_workers_busy"));
						mostHeld.accumulateAndGet(held, Math::max);
						if (worker.api().get("/actuator/health/readiness").statusCode() == 503) {
							outOfService.set(true);
						}
						return httpLoad.isDone();
					});
				httpLoad.close();
				assertThat(httpLoad.violations()).isEmpty();
				load = ledger.acceptedIds().size() + " accepted from 4 clients in "
						+ this.profile.loadDuration().toSeconds() + " s " + httpLoad.describe();
				assertThat(httpLoad.count(503)).as("emails refused once the capacity is held in retries").isPositive();
			}
			sink.restart();
			await().atMost(SETTLE).until(() -> worker.allFinished(ledger.acceptedIds()));
			ledger.deadLetters(worker.api().deadLetters());
			ledger.console(worker.process().lines());
			tally = ledger.tally(sink.deliveriesByEmailId());
			boolean passed = tally.nothingLost() && tally.delivered() + tally.dead() == tally.accepted()
					&& mostHeld.get() <= capacity + 4L * concurrency && outOfService.get();
			ReliabilityResults.record(new ScenarioResult("2. SMTP server missing under sustained load", load,
					"no server while 4 clients send, queue capacity " + capacity + ", then a healthy server", tally,
					ScenarioResult.verdict(passed), ReliabilityResults.since(start),
					"at most " + mostHeld.get() + " emails held (queued, being sent or awaiting a retry; bound "
							+ (capacity + 4L * concurrency) + " = capacity + 2 per consumer, + 2 per consumer of measuring), readiness OUT_OF_SERVICE seen: "
							+ outOfService.get()));
		}
		// The worker holds at most capacity + 2 per consumer. The scrape reads queue size, scheduled
		// and busy one after another, so an email a consumer takes, fails and schedules between the
		// reads can be counted up to three times: the measurement may exceed the truth by 2 per consumer.
		assertThat(mostHeld.get()).as("emails held at once, as scraped")
			.isLessThanOrEqualTo(capacity + 4L * concurrency);
		assertThat(outOfService).as("readiness went OUT_OF_SERVICE").isTrue();
		assertThat(tally.lost()).isZero();
		assertThat(tally.phantom()).isZero();
		assertThat(tally.delivered() + tally.dead()).isEqualTo(tally.accepted());
	}

	@Test
	void anOutageMidLoadLosesNothingAndWhatRanOutOfRetriesIsReplayedThroughTheApi() throws Exception {
		long start = System.nanoTime();
		Ledger ledger = new Ledger();
		Duration outage = this.profile.outage();
		List<JsonNode> deadAfterOutage;
		Tally tally;
		String load;
		try (SmtpSink sink = SmtpSink.start(SINKS);
				WorkerProcess worker = WorkerProcess.start("reliability-smtp-outage", sink.port(),
						Map.of("email.retry.max-retries", "3", "email.retry.initial-backoff", "500ms",
								"email.retry.max-backoff", "2s"))) {
			try (HttpLoad httpLoad = HttpLoad.paced(worker, ledger, "outage", Duration.ofMillis(150), 2000,
					outage.plus(Duration.ofSeconds(60)))) {
				await().atMost(SETTLE).until(() -> sink.deliveriesByEmailId().size() >= 5);
				// WHEN the server goes away for the outage, the worker stays alive and delivers nothing
				sink.stop();
				await().during(outage).atMost(outage.plus(Duration.ofSeconds(30))).untilAsserted(() -> {
					assertThat(worker.api().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
					assertThat(worker.api().prometheus().value("email_workers_alive")).isEqualTo(2.0);
				});
				sink.restart();
				int before = sink.deliveriesByEmailId().size();
				await().atMost(SETTLE).until(() -> sink.deliveriesByEmailId().size() >= before + 5);
				httpLoad.close();
				assertThat(httpLoad.violations()).isEmpty();
				load = ledger.acceptedIds().size() + " emails, paced 1 per 150 ms (" + httpLoad.describe() + ")";
			}
			await().atMost(SETTLE).until(() -> worker.allFinished(ledger.acceptedIds()));
			// THEN what ran out of retries is dead, with the reason, and a replay delivers it
			deadAfterOutage = worker.api().deadLetters();
			ledger.deadLetters(deadAfterOutage);
			for (JsonNode letter : deadAfterOutage) {
				assertThat(letter.path("error").asString()).containsIgnoringCase("connect");
				assertThat(letter.path("permanent").asBoolean()).isFalse();
				assertThat(letter.path("attempts").asInt()).isEqualTo(4);
				assertThat(worker.api().replay(letter.path("id").asString()).statusCode()).isEqualTo(202);
			}
			await().atMost(SETTLE).until(() -> sink.deliveriesByEmailId().keySet().containsAll(ledger.acceptedIds()));
			ledger.console(worker.process().lines());
			tally = ledger.tally(sink.deliveriesByEmailId());
			Set<String> stillDead = Set.copyOf(worker.api().deadLetters().stream().map((l) -> l.path("id").asString()).toList());
			boolean passed = tally.nothingLost() && tally.delivered() == tally.accepted() && !deadAfterOutage.isEmpty()
					&& stillDead.isEmpty();
			ReliabilityResults.record(new ScenarioResult("2. SMTP server away mid-load", load,
					"server stopped for " + outage.toSeconds() + " s, retry budget 3.5 s", tally,
					ScenarioResult.verdict(passed), ReliabilityResults.since(start),
					deadAfterOutage.size() + " dead after their retries ran out during the outage, replayed through "
							+ "POST /api/dead-letters/{id}/retry and delivered"));
			assertThat(stillDead).isEmpty();
			worker.process().signal("TERM");
			assertThat(worker.process().awaitExit(Duration.ofSeconds(60))).contains(143);
		}
		assertThat(deadAfterOutage).as("emails whose retries ran out during the outage").isNotEmpty();
		assertThat(tally.lost()).isZero();
		assertThat(tally.phantom()).isZero();
		assertThat(tally.delivered()).isEqualTo(tally.accepted());
	}

}
