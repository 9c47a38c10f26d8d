package io.emailqueue.reliability;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 5 of the reliability proof: more HTTP load than the SMTP server can take. The small
 * queue fills, the API answers 503 with {@code Retry-After}, readiness goes OUT_OF_SERVICE, nothing
 * answers 500, memory stays bounded, and every accepted email is accounted for.
 */
class ReliabilityOverloadIT {

	private static final Path SINKS = ReliabilityResults.DIRECTORY.resolve("sinks");

	/** The resident set size allowed with {@code -Xmx256m}: heap, metaspace, code cache, thread stacks. */
	private static final long RSS_BOUND_KIB = 512 * 1024;

	private static final int CAPACITY = 20;

	private static final int BATCH_SIZE = 5;

	private final ReliabilityProfile profile = ReliabilityProfile.current();

	@Test
	void overloadIsRefusedWith503AndReadinessWhileMemoryStaysBoundedAndNothingIsLost() throws Exception {
		long start = System.nanoTime();
		Ledger ledger = new Ledger();
		AtomicBoolean outOfService = new AtomicBoolean();
		AtomicLong maxRssKib = new AtomicLong();
		Tally tally;
		String load;
		try (SmtpSink sink = SmtpSink.start(SINKS, "-w", "1");
				WorkerProcess worker = WorkerProcess.start("reliability-overload", sink.port(),
						Map.of("email.queue.capacity", Integer.toString(CAPACITY), "email.queue.offer-timeout", "100ms",
								"email.worker.concurrency", "2", "email.shutdown.drain-timeout", "20s"))) {
			int clients = this.profile.loadClients() / 2;
			HttpLoad httpLoad = HttpLoad.flat(worker, ledger, "overload", clients, 1, 1_000_000,
					this.profile.loadDuration());
			HttpLoad batchLoad = HttpLoad.flat(worker, ledger, "overload-batch", clients, BATCH_SIZE, 1_000_000,
					this.profile.loadDuration());
			try (httpLoad; batchLoad) {
				await().atMost(this.profile.loadDuration().plus(Duration.ofSeconds(60)))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> {
						HttpResponse<String> readiness = worker.api().get("/actuator/health/readiness");
						if (readiness.statusCode() == 503 && readiness.body().contains("OUT_OF_SERVICE")) {
							outOfService.set(true);
						}
						maxRssKib.accumulateAndGet(worker.residentKib(), Math::max);
						return httpLoad.isDone() && batchLoad.isDone();
					});
			}
			load = ledger.acceptedIds().size() + " accepted from " + clients + " clients of single emails "
					+ httpLoad.describe() + " and " + clients + " clients of batches of " + BATCH_SIZE + " "
					+ batchLoad.describe() + " in " + this.profile.loadDuration().toSeconds() + " s";
			List<String> violations = new ArrayList<>(httpLoad.violations());
			violations.addAll(batchLoad.violations());
			// The server takes emails at full speed again, so the queue drains
			sink.restart();
			await().atMost(Duration.ofSeconds(120)).until(() -> worker.allFinished(ledger.acceptedIds()));
			HttpResponse<String> readinessAfter = worker.api().get("/actuator/health/readiness");
			worker.process().signal("TERM");
			assertThat(worker.process().awaitExit(Duration.ofSeconds(60))).contains(143);
			ledger.console(worker.process().lines());
			tally = ledger.tally(sink.deliveriesByEmailId());
			boolean passed = tally.nothingLost() && violations.isEmpty() && httpLoad.count(503) > 0
					&& outOfService.get() && maxRssKib.get() < RSS_BOUND_KIB && readinessAfter.statusCode() == 200
					&& tally.delivered() + tally.dead() + tally.notDelivered() == tally.accepted();
			ReliabilityResults.record(new ScenarioResult("5. HTTP overload", load,
					"SMTP replies to DATA 1 s late (about 2 emails/s), queue of " + CAPACITY, tally,
					ScenarioResult.verdict(passed), ReliabilityResults.since(start),
					"readiness OUT_OF_SERVICE seen: " + outOfService.get() + ", peak RSS " + maxRssKib.get() / 1024
							+ " MiB (bound " + RSS_BOUND_KIB / 1024 + " MiB, -Xmx256m), answers other than 202/503 "
							+ "with Retry-After: " + violations.size()));
			assertThat(violations).as("answers other than 202, or 503 with Retry-After").isEmpty();
			assertThat(batchLoad.count(202)).as("batches taken in full or in part").isPositive();
			assertThat(httpLoad.count(503)).as("503 answers").isPositive();
			assertThat(outOfService).as("readiness went OUT_OF_SERVICE").isTrue();
			assertThat(readinessAfter.statusCode()).as("readiness once drained").isEqualTo(200);
		}
		assertThat(maxRssKib.get()).as("peak VmRSS in KiB").isLessThan(RSS_BOUND_KIB);
		assertThat(tally.lost()).isZero();
		assertThat(tally.phantom()).isZero();
		assertThat(tally.delivered() + tally.dead() + tally.notDelivered()).isEqualTo(tally.accepted());
	}

}
