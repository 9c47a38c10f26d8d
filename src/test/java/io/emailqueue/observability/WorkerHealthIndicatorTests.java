package io.emailqueue.observability;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import io.emailqueue.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WorkerHealthIndicator}, against a real worker whose sends wait at a gate and whose
 * clock only moves when the test moves it.
 */
class WorkerHealthIndicatorTests {

	private static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T09:00:00Z"));

	private final GatedEmailSender sender = GatedEmailSender.closed();

	private WorkerHarness harness;

	private WorkerHealthIndicator indicator;

	@AfterEach
	void stopWorker() {
		this.sender.open();
		this.harness.worker.stop();
	}

	@Test
	void upWhenIdleWithNothingPendingHoweverLongAgoTheLastAttempt() {
		startWorker(1);
		this.clock.advance(Duration.ofHours(3));
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void upJustAfterStartWithEmailsPendingAndNothingSentYet() {
		startWorker(1);
		this.harness.enqueue("first");
		this.harness.enqueue("second");
		await().until(() -> this.harness.worker.busyConsumers() == 1);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("pending", 1L).containsEntry("lastSentAt", "never");
	}

	@Test
	void downWhenEmailsWaitLongerThanTheStallTimeoutWithNoAttemptFinishing() {
		startWorker(1);
		this.harness.enqueue("stuck");
		this.harness.enqueue("waiting");
		await().until(() -> this.harness.worker.busyConsumers() == 1);
		this.clock.advance(STALL_TIMEOUT.plusSeconds(1));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason")).asString().startsWith("Stalled: 1 email(s) pending");
	}

	@Test
	void upAgainOnceAnAttemptFinishesThoughEmailsStillWait() {
		startWorker(1);
		this.harness.enqueue("stuck");
		this.harness.enqueue("second");
		this.harness.enqueue("third");
		await().until(() -> this.harness.worker.busyConsumers() == 1);
		this.clock.advance(STALL_TIMEOUT.plusSeconds(1));
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.DOWN);
		this.sender.allow(1);
		await().until(() -> this.harness.worker.lastAttemptFinishedAt() != null);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("lastSentAt", this.clock.instant().toString());
		assertThat(this.harness.queue.counts().pending()).isPositive();
	}

	@Test
	void downWhenAConsumerThreadDies() {
		startWorker(2);
		this.harness.enqueue(GatedEmailSender.CRASH_SUBJECT);
		// The crash is the point here: Awaitility would otherwise fail the test with it.
		await().dontCatchUncaughtExceptions().until(() -> this.harness.worker.aliveConsumers() == 1);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("workersAlive", 1)
			.containsEntry("workersConfigured", 2)
			.containsEntry("workerDeaths", 1L)
			.containsEntry("reason", "Only 1 of 2 consumer threads are alive");
	}

	@Test
	void upWhileShuttingDownThoughConsumersEndOneByOne() {
		startWorker(2);
		this.harness.enqueue("in flight during shutdown");
		await().until(() -> this.harness.worker.busyConsumers() == 1);
		CountDownLatch stopped = new CountDownLatch(1);
		this.harness.worker.stop(stopped::countDown);
		// The idle consumer ends at once; the busy one is waited for while its send is held at the gate.
		await().until(() -> this.harness.worker.aliveConsumers() == 1);
		assertThat(this.harness.worker.isRunning()).isTrue();
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
		this.sender.open();
		await().until(() -> stopped.getCount() == 0);
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	private void startWorker(int concurrency) {
		this.harness = new WorkerHarness(10, concurrency, this.sender, this.clock, Duration.ofMinutes(1));
		this.indicator = new WorkerHealthIndicator(this.harness.worker, this.harness.queue, this.harness.deadLetters,
				new WorkerHealthProperties(STALL_TIMEOUT, 0.9), this.clock);
		this.harness.worker.start();
	}

}
