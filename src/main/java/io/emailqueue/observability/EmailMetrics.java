package io.emailqueue.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.emailqueue.deadletter.DeadLetterStore;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;
import io.emailqueue.queue.QueueCounts;
import io.emailqueue.worker.EmailQueueWorker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * The {@code email.*} meters behind {@code /actuator/prometheus}. Every one reads the queue's
 * ledger, the worker or the dead-letter store when it is observed, so the meters, the console
 * reporter and the health checks never disagree. The latency timers ({@code email.send},
 * {@code email.queue.wait}, {@code email.delivery}) are recorded by the worker itself.
 * <p>
 * Failed attempts are counted once, under exactly one {@code kind}: {@code permanent},
 * {@code uncertain} (a transient failure after the message data was sent, so the receiver may have
 * the email), or {@code transient} (every other transient failure), so their sum is the number of
 * failed attempts.
 */
@Component
final class EmailMetrics implements MeterBinder {

	private final EmailQueue queue;

	private final EmailQueueWorker worker;

	private final DeadLetterStore deadLetters;

	private final Clock clock;

	EmailMetrics(EmailQueue queue, EmailQueueWorker worker, DeadLetterStore deadLetters, Clock clock) {
		this.queue = queue;
		this.worker = worker;
		this.deadLetters = deadLetters;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		bindQueue(registry);
		bindOutcomes(registry);
		bindWorkers(registry);
		bindDeadLetters(registry);
	}

	private void bindQueue(MeterRegistry registry) {
		Gauge.builder("email.queue.size", this.queue, EmailQueue::size)
			.description("Emails waiting on the queue for a consumer")
			.register(registry);
		Gauge.builder("email.queue.capacity", this.queue, EmailQueue::capacity)
			.description("Emails that may wait at most, on the queue or for a retry")
			.register(registry);
		Gauge.builder("email.queue.remaining", this.queue,
				(queue) -> queue.capacity() - queue.counts().pending() - queue.counts().scheduled())
			.description("Places left before offers wait and are refused as full: the capacity less the emails "
					+ "waiting on the queue or for a retry")
			.register(registry);
		TimeGauge.builder("email.oldest.pending.age", this, TimeUnit.MILLISECONDS, EmailMetrics::oldestPendingAgeMillis)
			.description("Time since the email at the head of the queue was accepted; 0 when the queue is empty")
			.register(registry);
		Gauge.builder("email.scheduled", this.queue, (queue) -> queue.counts().scheduled())
			.description("Emails waiting outside the queue for their time: retries in backoff and spooled emails")
			.register(registry);
		for (EnqueueSource source : EnqueueSource.values()) {
			FunctionCounter.builder("email.enqueued", this.queue, (queue) -> queue.enqueuedFrom(source))
				.description("Emails put on the queue, by where they came from; a retry counts each time it returns")
				.tag("source", source.tagValue())
				.register(registry);
		}
		rejected(registry, "full", QueueCounts::rejectedFull);
		rejected(registry, "closed", QueueCounts::rejectedClosed);
		rejected(registry, "invalid", QueueCounts::rejectedInvalid);
	}

	private void rejected(MeterRegistry registry, String reason, ToDoubleFunction<QueueCounts> count) {
		FunctionCounter.builder("email.rejected", this.queue, (queue) -> count.applyAsDouble(queue.counts()))
			.description("Emails refused: full (no room within the offer timeout), closed (shutting down) "
					+ "or invalid (refused before reaching the queue)")
			.tag("reason", reason)
			.register(registry);
	}

	private void bindOutcomes(MeterRegistry registry) {
		counter(registry, "email.sent", "Emails delivered to the mail server", QueueCounts::sent);
		counter(registry, "email.retries", "Retries scheduled after a transient failure", QueueCounts::retried);
		counter(registry, "email.dead.letters",
				"Emails moved to the dead letters, for a permanent error or after the last retry",
				QueueCounts::deadLettered);
		counter(registry, "email.not.delivered",
				"Emails still undelivered when the worker stopped (spooled when a spool is configured)",
				QueueCounts::notDelivered);
		failed(registry, "permanent", QueueCounts::failedPermanently);
		// The ledger counts an uncertain failure among the transient ones too; it is taken out here
		// so that the three kinds never overlap and sum() over them counts every failed attempt once.
		failed(registry, "transient", (counts) -> counts.transientFailures() - counts.uncertainFailures());
		failed(registry, "uncertain", QueueCounts::uncertainFailures);
	}

	private void failed(MeterRegistry registry, String kind, ToDoubleFunction<QueueCounts> count) {
		FunctionCounter.builder("email.failed", this.queue, (queue) -> count.applyAsDouble(queue.counts()))
			.description("Failed delivery attempts, each under one kind: permanent (not retried), uncertain "
					+ "(transient, after the message data was sent, so it may have arrived) or transient (any other "
					+ "transient failure)")
			.tag("kind", kind)
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<QueueCounts> count) {
		FunctionCounter.builder(name, this.queue, (queue) -> count.applyAsDouble(queue.counts()))
			.description(description)
			.register(registry);
	}

	private void bindWorkers(MeterRegistry registry) {
		Gauge.builder("email.workers.busy", this.worker, EmailQueueWorker::busyConsumers)
			.description("Consumer threads sending an email now")
			.register(registry);
		Gauge.builder("email.workers.alive", this.worker, EmailQueueWorker::aliveConsumers)
			.description("Consumer threads running")
			.register(registry);
		Gauge.builder("email.workers.configured", this.worker, EmailQueueWorker::concurrency)
			.description("Consumer threads configured (email.worker.concurrency)")
			.register(registry);
		FunctionCounter.builder("email.worker.deaths", this.worker, EmailQueueWorker::consumerDeaths)
			.description("Consumer threads that ended because of an error they could not handle")
			.register(registry);
	}

	private void bindDeadLetters(MeterRegistry registry) {
		Gauge.builder("email.dead.letter.store.size", this.deadLetters, DeadLetterStore::size)
			.description("Dead letters kept for inspection and replay")
			.register(registry);
		FunctionCounter.builder("email.dead.letter.store.evicted", this.deadLetters, DeadLetterStore::evicted)
			.description("Dead letters evicted, oldest first, to keep the store within its capacity")
			.register(registry);
	}

	private double oldestPendingAgeMillis() {
		Instant head = this.queue.headAcceptedAt();
		return (head != null) ? Math.max(0, Duration.between(head, this.clock.instant()).toMillis()) : 0;
	}

}
