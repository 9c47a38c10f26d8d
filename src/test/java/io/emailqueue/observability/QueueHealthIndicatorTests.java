package io.emailqueue.observability;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link QueueHealthIndicator}.
 */
class QueueHealthIndicatorTests {

	private final GatedEmailSender sender = GatedEmailSender.closed();

	private final WorkerHarness harness = new WorkerHarness(10, 1, this.sender, Clock.systemUTC(),
			Duration.ofSeconds(5));

	private final QueueHealthIndicator indicator = new QueueHealthIndicator(this.harness.queue, this.harness.worker,
			new WorkerHealthProperties(Duration.ofMinutes(2), 0.9));

	@AfterEach
	void stopWorker() {
		this.sender.open();
		this.harness.worker.stop();
	}

	@Test
	void upWhileTheQueueIsFilledUpToTheSaturationThreshold() {
		fill(9);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("pending", 9).containsEntry("capacity", 10);
	}

	@Test
	void outOfServiceOnceTheQueueIsFilledAboveTheSaturationThreshold() {
		fill(10);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("reason", "Queue saturated: 10 of 10 places taken");
	}

	@Test
	void upAgainOnceTheQueueDrainsBelowTheThreshold() {
		this.harness.worker.start();
		this.harness.enqueue("in flight");
		await().until(() -> this.harness.worker.busyConsumers() == 1);
		fill(10);
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		this.sender.allow(1);
		await().until(() -> this.harness.queue.counts().sent() == 1);
		await().until(() -> this.indicator.health().getStatus().equals(Status.UP));
		assertThat(this.harness.queue.size()).isLessThanOrEqualTo(9);
	}

	@Test
	void outOfServiceFromTheMomentShutdownBeginsEvenWithAnEmptyQueue() {
		this.harness.worker.start();
		this.harness.enqueue("in flight during shutdown");
		await().until(() -> this.harness.worker.busyConsumers() == 1);
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
		CountDownLatch stopped = new CountDownLatch(1);
		this.harness.worker.stop(stopped::countDown);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("reason", "Shutting down: new emails are refused");
		this.sender.open();
		await().until(() -> stopped.getCount() == 0);
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	private void fill(int emails) {
		for (int i = 1; i <= emails; i++) {
			assertThat(this.harness.enqueue("email " + i).accepted()).isTrue();
		}
	}

}
