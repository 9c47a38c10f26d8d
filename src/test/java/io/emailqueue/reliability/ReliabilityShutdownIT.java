package io.emailqueue.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.emailqueue.process.ConsoleFigures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenarios 6 and 7 of the reliability proof: SIGTERM in the middle of load (exit within the
 * drain timeout plus a margin, every accepted email delivered, dead or reported not delivered and
 * spooled, and a restart delivers the spool), and {@code kill -9} in the middle of load, which
 * measures what the in-memory queue loses: the known trade-off of the design.
 */
class ReliabilityShutdownIT {

	private static final Path SINKS = ReliabilityResults.DIRECTORY.resolve("sinks");

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(3);

	/** Drain timeout, plus the consumer stop timeout (5 s), plus room for a slow JVM exit on 2 busy cores. */
	private static final Duration EXIT_DEADLINE = DRAIN_TIMEOUT.plusSeconds(5).plusSeconds(20);

	private static final Duration SETTLE = Duration.ofSeconds(90);

	private final ReliabilityProfile profile = ReliabilityProfile.current();

	@Test
	void sigtermMidLoadAccountsForEveryEmailAndARestartDeliversTheSpool() throws Exception {
		for (int round = 1; round <= this.profile.repetitions(); round++) {
			sigtermMidLoad(round);
		}
	}

	@Test
	void killMidLoadLosesWhatTheQueueHeldAndNothingElse() throws Exception {
		for (int round = 1; round <= this.profile.repetitions(); round++) {
			killMidLoad(round);
		}
	}

	@Test
	void sigtermWhileTheSmtpServerHangsExitsInTimeAndSpoolsWhatWasInFlight() throws Exception {
		long start = System.nanoTime();
		Ledger ledger = new Ledger();
		Path spool = Files.createDirectories(ReliabilityResults.DIRECTORY.resolve("spool"))
			.resolve("hang-" + System.nanoTime() + ".spool");
		Tally tally;
		long exitMillis;
		// The server takes the message data and then says nothing for a minute; the read timeout is 30 s.
		try (SmtpSink sink = SmtpSink.start(SINKS, "-W", ".:60");
				WorkerProcess worker = WorkerProcess.start("reliability-sigterm-hang", sink.port(),
						Map.of("email.spool.path", spool.toString(), "email.shutdown.drain-timeout",
								DRAIN_TIMEOUT.toMillis() + "ms", "spring.mail.properties.mail.smtp.timeout", "30000"))) {
			for (int i = 1; i <= this.profile.emailsPerScenario(); i++) {
				assertThat(worker.submit(ledger, "hang-" + i + "@example.org").statusCode()).isEqualTo(202);
			}
			await().atMost(SETTLE).until(() -> worker.api().prometheus().value("email_workers_busy") == 2.0);
			long signalled = System.nanoTime();
			worker.process().signal("TERM");
			// WHEN every consumer waits on the server, THEN the exit still comes after drain + consumer stop
			assertThat(worker.process().awaitExit(EXIT_DEADLINE)).as("exit within %s", EXIT_DEADLINE).contains(143);
			exitMillis = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
			ledger.console(worker.process().lines());
			assertFinalFiguresAddUp(worker);
			tally = ledger.tally(sink.deliveriesByEmailId());
		}
		int spooled = Files.readAllLines(spool).size();
		boolean passed = tally.nothingLost() && spooled == ledger.notDeliveredIds().size()
				&& ledger.notDeliveredIds().containsAll(ledger.acceptedIds());
		ReliabilityResults.record(new ScenarioResult("6. SIGTERM while the SMTP server hangs",
				tally.accepted() + " emails, 2 of them being sent", "no reply to the message data for 60 s, read "
						+ "timeout 30 s, drain timeout " + DRAIN_TIMEOUT.toSeconds() + " s",
				tally, ScenarioResult.verdict(passed), ReliabilityResults.since(start),
				"exit " + exitMillis + " ms after SIGTERM; " + spooled + " spooled, the 2 in flight among them (the server "
						+ "may have them: a restart sends them again with the same Message-ID)"));
		assertThat(tally.lost()).isZero();
		assertThat(ledger.notDeliveredIds()).as("every email, the 2 in flight included, is reported")
			.containsAll(ledger.acceptedIds());
		assertThat(spooled).isEqualTo(ledger.notDeliveredIds().size());
	}

	private void sigtermMidLoad(int round) throws Exception {
		long start = System.nanoTime();
		Ledger ledger = new Ledger();
		Path spool = Files.createDirectories(ReliabilityResults.DIRECTORY.resolve("spool"))
			.resolve("sigterm-" + System.nanoTime() + ".spool");
		Map<String, String> settings = Map.of("email.spool.path", spool.toString(), "email.shutdown.drain-timeout",
				DRAIN_TIMEOUT.toMillis() + "ms", "email.queue.capacity", "200");
		Tally tally;
		long exitMillis;
		String load;
		try (SmtpSink sink = SmtpSink.start(SINKS, "-w", "1")) {
			try (WorkerProcess worker = WorkerProcess.start("reliability-sigterm-" + round, sink.port(), settings);
					HttpLoad httpLoad = HttpLoad.paced(worker, ledger, "sigterm" + round, Duration.ofMillis(50), 100_000,
							Duration.ofSeconds(120))) {
				awaitMidLoad(ledger, sink);
				long signalled = System.nanoTime();
				worker.process().signal("TERM");
				assertThat(worker.process().awaitExit(EXIT_DEADLINE)).as("exit within %s", EXIT_DEADLINE).contains(143);
				exitMillis = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
				httpLoad.close();
				assertThat(httpLoad.violations().stream().filter((violation) -> !violation.startsWith("503")))
					.as("answers other than 202 and 503").isEmpty();
				load = ledger.acceptedIds().size() + " accepted, paced 1 per 50 ms " + httpLoad.describe();
				ledger.console(worker.process().lines());
				assertFinalFiguresAddUp(worker);
			}
			Tally atShutdown = ledger.tally(sink.deliveriesByEmailId());
			int notDelivered = ledger.notDeliveredIds().size();
			assertThat(atShutdown.lost()).as("lost at shutdown").isZero();
			assertThat(spool).exists();
			assertThat(Files.readAllLines(spool)).as("spooled emails").hasSize(notDelivered);
			// WHEN the application starts again with the spool and a healthy server
			sink.restart();
			try (WorkerProcess restarted = WorkerProcess.start("reliability-sigterm-restart-" + round, sink.port(),
					settings)) {
				restarted.process().awaitLine((line) -> line.contains("📥 Re-enqueued " + notDelivered + " email(s)"),
						SETTLE);
				await().atMost(SETTLE)
					.until(() -> sink.deliveriesByEmailId().keySet().containsAll(ledger.notDeliveredIds()));
				restarted.process().signal("TERM");
				assertThat(restarted.process().awaitExit(EXIT_DEADLINE)).contains(143);
				ledger.console(restarted.process().lines());
			}
			tally = ledger.tally(sink.deliveriesByEmailId());
			boolean passed = tally.nothingLost() && tally.delivered() + tally.dead() == tally.accepted()
					&& atShutdown.lost() == 0 && !Files.exists(spool);
			ReliabilityResults.record(new ScenarioResult("6. SIGTERM mid-load, spool, restart (round " + round + ")",
					load, "SIGTERM with emails queued, SMTP 1 s per email, drain timeout " + DRAIN_TIMEOUT.toSeconds()
							+ " s",
					tally, ScenarioResult.verdict(passed), ReliabilityResults.since(start),
					"exit " + exitMillis + " ms after SIGTERM; at shutdown " + atShutdown.delivered() + " delivered, "
							+ atShutdown.dead() + " dead, " + notDelivered + " not delivered and spooled; the restart "
							+ "delivered the spool"));
		}
		assertThat(spool).as("the spool is consumed at the restart").doesNotExist();
		assertThat(tally.lost()).isZero();
		assertThat(tally.phantom()).isZero();
		assertThat(tally.delivered() + tally.dead()).isEqualTo(tally.accepted());
	}

	private void killMidLoad(int round) throws Exception {
		long start = System.nanoTime();
		Ledger ledger = new Ledger();
		Tally tally;
		String load;
		int queued;
		int sending;
		int waiting;
		int acceptedAfterScrape;
		int deliveredAfterScrape;
		try (SmtpSink sink = SmtpSink.start(SINKS, "-w", "1")) {
			try (WorkerProcess worker = WorkerProcess.start("reliability-kill-" + round, sink.port(),
					Map.of("email.queue.capacity", "200"));
					HttpLoad httpLoad = HttpLoad.paced(worker, ledger, "kill" + round, Duration.ofMillis(50), 100_000,
							Duration.ofSeconds(120))) {
				awaitMidLoad(ledger, sink);
				// What the process holds in memory just before the kill: queued, being sent, awaiting a retry.
				int acceptedBeforeScrape = ledger.acceptedIds().size();
				int deliveredBeforeScrape = sink.messageCount();
				PrometheusScrape beforeKill = worker.api().prometheus();
				worker.process().signal("KILL");
				assertThat(worker.process().awaitExit(Duration.ofSeconds(30))).contains(137);
				httpLoad.close();
				queued = (int) beforeKill.value("email_queue_size");
				sending = (int) beforeKill.value("email_workers_busy");
				waiting = (int) beforeKill.value("email_scheduled");
				acceptedAfterScrape = ledger.acceptedIds().size() - acceptedBeforeScrape;
				deliveredAfterScrape = sink.messageCount() - deliveredBeforeScrape;
				load = ledger.acceptedIds().size() + " accepted, paced 1 per 50 ms " + httpLoad.describe();
			}
			// Nothing more can arrive: the process and its connections are gone.
			tally = ledger.tally(sink.deliveriesByEmailId());
		}
		int lost = tally.accepted() - tally.delivered() - tally.dead();
		int inMemory = queued + sending + waiting;
		ReliabilityResults.record(new ScenarioResult("7. kill -9 mid-load (round " + round + ")", load,
				"SIGKILL with emails queued, SMTP 1 s per email", tally, ScenarioResult.MEASURED,
				ReliabilityResults.since(start),
				String.format("lost %d of %d accepted (%.0f%%); just before the kill the process held %d queued, %d being "
						+ "sent and %d awaiting a retry, then took %d more and delivered %d", lost, tally.accepted(),
						100.0 * lost / Math.max(1, tally.accepted()), queued, sending, waiting, acceptedAfterScrape,
						deliveredAfterScrape)));
		assertThat(tally.phantom()).isZero();
		assertThat(tally.lost()).isEqualTo(lost);
		assertThat(tally.notDelivered()).as("a killed process reports nothing").isZero();
		// What is lost is what was in memory: no more than that and what came after, no less than that
		// less what was delivered since and the one request whose answer the kill may have cut off.
		assertThat(lost).as("lost emails")
			.isBetween(inMemory - deliveredAfterScrape - 1, inMemory + acceptedAfterScrape);
	}

	private static void awaitMidLoad(Ledger ledger, SmtpSink sink) {
		await().atMost(SETTLE).until(() -> ledger.acceptedIds().size() >= 30 && sink.deliveriesByEmailId().size() >= 2);
	}

	private static void assertFinalFiguresAddUp(WorkerProcess worker) {
		String last = worker.process().lines().stream().filter((line) -> line.contains("📊 FINAL METRICS")).findFirst()
			.orElseThrow();
		ConsoleFigures figures = ConsoleFigures.of(last);
		assertThat(figures.get("Queued")).as(last)
			.isEqualTo(figures.get("Sent") + figures.get("Dead") + figures.get("Not delivered"));
		assertThat(figures.get("Pending")).isZero();
	}

}
