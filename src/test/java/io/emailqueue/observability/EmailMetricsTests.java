package io.emailqueue.observability;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.emailqueue.testing.MutableClock;
import io.emailqueue.deadletter.DeadLetter;
import io.emailqueue.queue.Email;
import io.emailqueue.queue.EnqueueSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EmailMetrics}: every meter reads the ledger, the worker or the dead-letter store
 * at the moment it is observed. The worker is not started; the tests write the ledger directly.
 */
class EmailMetricsTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T09:00:00Z"));

	private final WorkerHarness harness = new WorkerHarness(5, 3, GatedEmailSender.closed(), this.clock,
			Duration.ofSeconds(5));

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@BeforeEach
	void bindMetrics() {
		new EmailMetrics(this.harness.queue, this.harness.worker, this.harness.deadLetters, this.clock)
			.bindTo(this.registry);
	}

	@Test
	void queueGaugesFollowTheQueue() {
		this.harness.enqueue("one");
		this.harness.enqueue("two");
		assertThat(gauge("email.queue.size")).isEqualTo(2);
		assertThat(gauge("email.queue.capacity")).isEqualTo(5);
		assertThat(gauge("email.queue.remaining")).isEqualTo(3);
		this.harness.queue.recordNotDelivered(this.harness.queue.drainRemaining().size(), 0, 0);
		assertThat(gauge("email.queue.size")).isZero();
		assertThat(gauge("email.queue.remaining")).isEqualTo(5);
	}

	@Test
	void oldestPendingAgeIsTheWaitOfTheHeadOfTheQueueAndZeroWhenEmpty() {
		assertThat(oldestPendingAgeSeconds()).isZero();
		this.harness.enqueue("oldest");
		this.clock.advance(Duration.ofSeconds(30));
		this.harness.enqueue("newer");
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(oldestPendingAgeSeconds()).isEqualTo(90);
	}

	@Test
	void enqueuedCountsBySourceAndRejectedByReason() throws InterruptedException {
		this.harness.enqueue("api");
		this.harness.queue.enqueue(Email.newEmail(TestEmails.withSubject("producer"), this.clock.instant()),
				EnqueueSource.PRODUCER);
		this.harness.queue.requeue(Email.newEmail(TestEmails.withSubject("retry"), this.clock.instant()),
				EnqueueSource.RETRY);
		for (int i = 0; i < 3; i++) {
			this.harness.enqueue("until full");
		}
		this.harness.queue.recordRejectedInvalid();
		this.harness.queue.close();
		this.harness.enqueue("after close");
		assertThat(counter("email.enqueued", "source", "api")).isEqualTo(3);
		assertThat(counter("email.enqueued", "source", "producer")).isEqualTo(1);
		assertThat(counter("email.enqueued", "source", "retry")).isEqualTo(1);
		assertThat(counter("email.enqueued", "source", "spool")).isZero();
		assertThat(counter("email.enqueued", "source", "replay")).isZero();
		assertThat(counter("email.rejected", "reason", "full")).isEqualTo(1);
		assertThat(counter("email.rejected", "reason", "closed")).isEqualTo(1);
		assertThat(counter("email.rejected", "reason", "invalid")).isEqualTo(1);
	}

	@Test
	void failedAttemptsAreCountedOnceUnderExactlyOneKind() throws InterruptedException {
		for (int i = 0; i < 5; i++) {
			this.harness.enqueue("email " + i);
		}
		for (int i = 0; i < 5; i++) {
			this.harness.queue.take(Duration.ZERO);
		}
		this.harness.queue.recordSent();
		this.harness.queue.recordRetryScheduled(false);
		this.harness.queue.recordRetryScheduled(true);
		this.harness.queue.recordDeadLettered(true, false);
		this.harness.queue.recordDeadLettered(false, true);
		assertThat(counter("email.sent")).isEqualTo(1);
		assertThat(counter("email.retries")).isEqualTo(2);
		assertThat(counter("email.dead.letters")).isEqualTo(2);
		assertThat(counter("email.failed", "kind", "permanent")).isEqualTo(1);
		assertThat(counter("email.failed", "kind", "transient")).isEqualTo(1);
		assertThat(counter("email.failed", "kind", "uncertain")).isEqualTo(2);
		assertThat(this.registry.get("email.failed").functionCounters())
			.as("every failed attempt once").hasSize(3)
			.extracting((counter) -> counter.count())
			.containsExactlyInAnyOrder(1.0, 1.0, 2.0);
	}

	@Test
	void workerGaugesFollowTheWorker() {
		assertThat(gauge("email.workers.configured")).isEqualTo(3);
		assertThat(gauge("email.workers.alive")).isZero();
		this.harness.worker.start();
		try {
			assertThat(gauge("email.workers.alive")).isEqualTo(3);
			assertThat(gauge("email.workers.busy")).isZero();
		}
		finally {
			this.harness.worker.stop();
		}
		assertThat(gauge("email.workers.alive")).isZero();
	}

	@Test
	void deadLetterStoreSizeFollowsTheStore() {
		assertThat(gauge("email.dead.letter.store.size")).isZero();
		this.harness.deadLetters.add(new DeadLetter(
				Email.newEmail(TestEmails.withSubject("dead"), this.clock.instant()), "550 no such user", 550, true,
				this.clock.instant()));
		assertThat(gauge("email.dead.letter.store.size")).isEqualTo(1);
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	private double counter(String name, String... tags) {
		return this.registry.get(name).tags(tags).functionCounter().count();
	}

	private double oldestPendingAgeSeconds() {
		return this.registry.get("email.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS);
	}

}
