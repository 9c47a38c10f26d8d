package io.emailqueue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.emailqueue.process.AppProcess;
import io.emailqueue.process.ConsoleFigures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of the graceful shutdown: the packaged application runs as a real process and
 * receives real signals while emails are pending.
 */
class GracefulShutdownIT {

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(1);

	/** Drain timeout, plus the consumer stop timeout, plus room for a slow JVM exit on 2 busy cores. */
	private static final Duration EXIT_DEADLINE = DRAIN_TIMEOUT.plus(Duration.ofSeconds(5)).plus(Duration.ofSeconds(10));

	@Test
	void sigtermWhileEmailsArePendingDrainsReportsAndExitsWith143() throws Exception {
		try (AppProcess app = AppProcess.start("sigterm", Map.of(), busyWorker())) {
			awaitPendingEmails(app);
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_DEADLINE)).as("exit within %s", EXIT_DEADLINE).contains(143);
			assertAllAccountedFor(app);
		}
	}

	@Test
	void ctrlCSpoolsWhatIsLeftAndTheNextStartDeliversIt(@TempDir Path directory) throws Exception {
		Path spool = directory.resolve("emails.spool");
		long notDelivered;
		try (AppProcess app = AppProcess.start("sigint", Map.of(), withSpool(busyWorker(), spool))) {
			awaitPendingEmails(app);
			app.signal("INT");
			assertThat(app.awaitExit(EXIT_DEADLINE)).contains(130);
			notDelivered = assertAllAccountedFor(app);
		}
		assertThat(notDelivered).isPositive();
		assertThat(Files.readAllLines(spool)).hasSize((int) notDelivered);
		try (AppProcess restarted = AppProcess.start("restart", Map.of(), withSpool(new String[] { "--server.port=0",
				"--email.producer.enabled=false", "--email.sender.simulated.transient-failure-rate=0",
				"--email.sender.simulated.min-latency=1ms", "--email.sender.simulated.max-latency=2ms" }, spool))) {
			restarted.awaitLine((line) -> line.contains("📥 Re-enqueued " + notDelivered + " email(s)"),
					Duration.ofSeconds(60));
			restarted.awaitLine((line) -> line.contains("📊 METRICS") && ConsoleFigures.of(line).get("Sent") == notDelivered,
					Duration.ofSeconds(60));
			restarted.signal("TERM");
			assertThat(restarted.awaitExit(EXIT_DEADLINE)).contains(143);
		}
		assertThat(spool).doesNotExist();
	}

	private static String[] busyWorker() {
		return new String[] { "--server.port=0", "--email.producer.min-interval=5ms", "--email.producer.max-interval=10ms",
				"--email.sender.simulated.min-latency=100ms", "--email.sender.simulated.max-latency=150ms",
				"--email.worker.concurrency=1", "--email.shutdown.drain-timeout=" + DRAIN_TIMEOUT.toMillis() + "ms",
				"--email.reporter.interval=500ms", "--email.queue.offer-timeout=0s" };
	}

	private static String[] withSpool(String[] arguments, Path spool) {
		String[] withSpool = java.util.Arrays.copyOf(arguments, arguments.length + 1);
		withSpool[arguments.length] = "--email.spool.path=" + spool;
		return withSpool;
	}

	private static void awaitPendingEmails(AppProcess app) {
		app.awaitLine((line) -> line.contains("📊 METRICS") && ConsoleFigures.of(line).get("Pending") >= 10,
				Duration.ofSeconds(60));
	}

	private static long assertAllAccountedFor(AppProcess app) {
		List<String> lines = app.lines();
		String finalLine = lines.stream().filter((line) -> line.contains("📊 FINAL METRICS")).findFirst().orElseThrow();
		assertThat(lines).last().asString().contains("=== Application stopped gracefully ===");
		ConsoleFigures figures = ConsoleFigures.of(finalLine);
		long notDelivered = figures.get("Not delivered");
		assertThat(figures.get("Queued")).as(finalLine)
			.isEqualTo(figures.get("Sent") + figures.get("Dead") + notDelivered);
		assertThat(figures.get("Pending")).isZero();
		long listed = lines.stream().filter((line) -> line.contains("📭   ")).count();
		assertThat(listed).isEqualTo(notDelivered);
		return notDelivered;
	}

}
