package io.emailqueue.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenarios 3 and 4 of the reliability proof: the SMTP server refuses with 4xx (retried with
 * backoff, then delivered) or 5xx (dead at once, no retry), closes with 421, hangs up without a
 * reply, or replies slower than the read timeout. The worker keeps all its consumers through all
 * of it, and every wait is bounded by a timeout. One application serves every case; the server
 * changes its faults between them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReliabilitySmtpFaultsIT {

	private static final Path SINKS = ReliabilityResults.DIRECTORY.resolve("sinks");

	private static final Duration SETTLE = Duration.ofSeconds(90);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration INITIAL_BACKOFF = Duration.ofMillis(200);

	private static final int CONCURRENCY = 2;

	private final ReliabilityProfile profile = ReliabilityProfile.current();

	private SmtpSink sink;

	private WorkerProcess worker;

	@BeforeAll
	void startServerAndApplication() {
		this.sink = SmtpSink.start(SINKS);
		this.worker = WorkerProcess.start("reliability-smtp-faults", this.sink.port(),
				Map.of("email.worker.concurrency", Integer.toString(CONCURRENCY), "email.retry.max-retries", "60",
						"email.retry.initial-backoff", INITIAL_BACKOFF.toMillis() + "ms", "email.retry.max-backoff", "1s",
						"spring.mail.properties.mail.smtp.timeout", Long.toString(READ_TIMEOUT.toMillis())));
	}

	@AfterAll
	void stopApplicationAndServer() throws InterruptedException {
		if (this.worker != null) {
			this.worker.close();
		}
		if (this.sink != null) {
			this.sink.close();
		}
	}

	@ParameterizedTest(name = "4xx to {0}")
	@ValueSource(strings = { "RCPT", "DATA" })
	void softRejectionsAreRetriedWithBackoffAndDeliveredOnceTheServerTakesThem(String command) throws Exception {
		long start = System.nanoTime();
		Ledger ledger = new Ledger();
		int mark = this.sink.messageCount();
		this.sink.restart("-r", command);
		submit(ledger, "soft-" + command.toLowerCase());
		// GIVEN 4xx: every email is retried, later each time, and says why
		await().atMost(SETTLE).untilAsserted(() -> {
			for (String id : ledger.acceptedIds()) {
				JsonNode status = this.worker.api().status(id).orElseThrow();
				assertThat(status.path("status").asString()).isEqualTo("RETRY_SCHEDULED");
				assertThat(status.path("attempt").asInt()).isGreaterThanOrEqualTo(3);
				assertThat(status.path("smtpCode").asInt()).isBetween(400, 499);
				assertThat(Instant.parse(status.path("nextAttemptAt").asString()))
					.isAfterOrEqualTo(Instant.parse(status.path("updatedAt").asString()).plus(INITIAL_BACKOFF));
			}
		});
		assertThat(this.sink.deliveriesByEmailId(mark)).doesNotContainKeys(ledger.acceptedIds().toArray(String[]::new));
		// WHEN the server takes emails again, THEN every one is delivered once
		this.sink.restart();
		Tally tally = awaitDeliveredAndRecord(ledger, mark, start, "3. 4xx to " + command,
				"450 to every " + command + ", then a healthy server", "retried with backoff (attempt >= 3, next "
						+ "attempt >= 200 ms later) while refused, then delivered");
		assertThat(tally.delivered()).isEqualTo(tally.accepted());
		assertThat(tally.duplicated()).isZero();
	}

	@ParameterizedTest(name = "5xx to {0}")
	@ValueSource(strings = { "RCPT", "DATA" })
	void hardRejectionsAreDeadAtOnceWithTheirReasonAndNeverRetried(String command) throws Exception {
		long start = System.nanoTime();
		Ledger ledger = new Ledger();
		int mark = this.sink.messageCount();
		this.sink.restart("-f", command);
		double retriesBefore = this.worker.api().prometheus().value("email_retries_total");
		submit(ledger, "hard-" + command.toLowerCase());
		await().atMost(SETTLE).until(() -> this.worker.allFinished(ledger.acceptedIds()));
		double retries = this.worker.api().prometheus().value("email_retries_total") - retriesBefore;
		for (String id : ledger.acceptedIds()) {
			JsonNode status = this.worker.api().status(id).orElseThrow();
			assertThat(status.path("status").asString()).isEqualTo("DEAD");
			assertThat(status.path("attempt").asInt()).isEqualTo(1);
			assertThat(status.path("smtpCode").asInt()).isBetween(500, 599);
			assertThat(status.path("lastError").asString()).contains("5.3.0");
		}
		ledger.deadLetters(this.worker.api().deadLetters());
		Tally tally = ledger.tally(this.sink.deliveriesByEmailId(mark));
		boolean passed = tally.nothingLost() && tally.dead() == tally.accepted() && retries == 0;
		ReliabilityResults.record(new ScenarioResult("3. 5xx to " + command, tally.accepted() + " emails",
				"500 to every " + command, tally, ScenarioResult.verdict(passed), ReliabilityResults.since(start),
				"dead at attempt 1 with the server's reply, " + (long) retries + " retries scheduled"));
		assertThat(retries).as("retries scheduled after a permanent failure").isZero();
		assertThat(tally.dead()).isEqualTo(tally.accepted());
		assertThat(tally.lost()).isZero();
	}

	@ParameterizedTest(name = "{1}")
	@CsvSource(delimiter = '|', textBlock = """
			-Q RCPT   | 421 and hang-up after RCPT
			-q DATA   | disconnect without a reply after DATA
			-W RCPT:4 | replies to RCPT 4 s late, read timeout 1 s
			-W CONNECT:4 | greeting 4 s late, read timeout 1 s
			-q .      | disconnect without a reply after the message data
			""")
	void connectionFaultsCostNoConsumerAndEveryWaitIsBounded(String faults, String description) throws Exception {
		long start = System.nanoTime();
		Ledger ledger = new Ledger();
		int mark = this.sink.messageCount();
		this.sink.restart(faults.split(" "));
		submit(ledger, "fault-" + Math.abs(faults.hashCode()));
		// GIVEN the fault: every email comes back for another attempt, so no attempt waits for ever
		await().atMost(SETTLE).untilAsserted(() -> {
			for (String id : ledger.acceptedIds()) {
				JsonNode status = this.worker.api().status(id).orElseThrow();
				assertThat(status.path("attempt").asInt()).as(status.toString()).isGreaterThanOrEqualTo(2);
				assertThat(status.path("lastError").asString()).as(status.toString()).isNotBlank();
			}
		});
		PrometheusScrape during = this.worker.api().prometheus();
		// Generous: one attempt is bounded by the connect (2 s) plus a few read timeouts (1 s each).
		double longestAttempt = during.value("email_send_seconds_max");
		assertThat(during.value("email_workers_alive")).isEqualTo(CONCURRENCY);
		assertThat(during.value("email_worker_deaths_total")).isZero();
		this.sink.restart();
		Tally tally = awaitDeliveredAndRecord(ledger, mark, start, "4. " + description, String.join(" ", Arrays.asList(faults)),
				String.format("consumers alive %d of %d, longest attempt %.1f s", (int) during.value("email_workers_alive"),
						CONCURRENCY, longestAttempt));
		assertThat(longestAttempt).as("longest attempt, in seconds").isLessThan(20);
		assertThat(tally.delivered()).isEqualTo(tally.accepted());
	}

	private void submit(Ledger ledger, String tag) {
		for (int i = 1; i <= this.profile.emailsPerScenario(); i++) {
			assertThat(this.worker.submit(ledger, tag + "-" + i + "@example.org").statusCode()).isEqualTo(202);
		}
	}

	private Tally awaitDeliveredAndRecord(Ledger ledger, int mark, long start, String scenario, String fault, String notes) {
		await().atMost(SETTLE)
			.until(() -> this.sink.deliveriesByEmailId(mark).keySet().containsAll(ledger.acceptedIds())
					&& this.worker.allFinished(ledger.acceptedIds()));
		ledger.deadLetters(this.worker.api().deadLetters());
		Tally tally = ledger.tally(this.sink.deliveriesByEmailId(mark));
		boolean passed = tally.nothingLost() && tally.delivered() == tally.accepted();
		String duplicates = (tally.duplicated() > 0)
				? "; " + tally.duplicated() + " delivered twice: the server had the message when the connection broke "
						+ "(uncertain delivery, retried with the same Message-ID)"
				: "";
		ReliabilityResults.record(new ScenarioResult(scenario, tally.accepted() + " emails", fault, tally,
				ScenarioResult.verdict(passed), ReliabilityResults.since(start), notes + duplicates));
		assertThat(tally.lost()).isZero();
		assertThat(tally.phantom()).isZero();
		return tally;
	}

}
