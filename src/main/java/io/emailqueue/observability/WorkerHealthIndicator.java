package io.emailqueue.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.emailqueue.Durations;
import io.emailqueue.deadletter.DeadLetterStore;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.worker.EmailQueueWorker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the worker still delivers, for the liveness probe ({@code worker} in the {@code liveness}
 * group). DOWN when a consumer thread has died while the worker runs, since the worker never
 * replaces one, or when it is stalled: emails wait on the queue and no delivery attempt has finished
 * for {@code email.health.stall-timeout}. Both are fixed by a restart, which is what a failing
 * liveness probe brings about.
 * <p>
 * The stall is measured from the latest of the last finished attempt, the acceptance of the email
 * at the head of the queue and the start of this check, so that neither a fresh start nor new work
 * after a long idle spell counts as one. Once shutdown has begun, consumers end by design and are not
 * reported as dead.
 */
@Component
final class WorkerHealthIndicator implements HealthIndicator {

	private final EmailQueueWorker worker;

	private final EmailQueue queue;

	private final DeadLetterStore deadLetters;

	private final Duration stallTimeout;

	private final Clock clock;

	private final Instant watchingSince;

	WorkerHealthIndicator(EmailQueueWorker worker, EmailQueue queue, DeadLetterStore deadLetters,
			WorkerHealthProperties properties, Clock clock) {
		this.worker = worker;
		this.queue = queue;
		this.deadLetters = deadLetters;
		this.stallTimeout = properties.stallTimeout();
		this.clock = clock;
		this.watchingSince = clock.instant();
	}

	@Override
	public Health health() {
		long pending = this.queue.counts().pending();
		Instant lastAttempt = this.worker.lastAttemptFinishedAt();
		Instant lastSent = this.worker.lastSentAt();
		Health.Builder health = Health.up()
			.withDetail("running", this.worker.isRunning())
			.withDetail("stopping", this.worker.isStopping())
			.withDetail("workersConfigured", this.worker.concurrency())
			.withDetail("workersAlive", this.worker.aliveConsumers())
			.withDetail("workersBusy", this.worker.busyConsumers())
			.withDetail("workerDeaths", this.worker.consumerDeaths())
			.withDetail("pending", pending)
			.withDetail("capacity", this.queue.capacity())
			.withDetail("lastAttemptFinishedAt", (lastAttempt != null) ? lastAttempt.toString() : "never")
			.withDetail("lastSentAt", (lastSent != null) ? lastSent.toString() : "never")
			.withDetail("deadLetters", this.deadLetters.size());
		if (!this.worker.isRunning() || this.worker.isStopping()) {
			return health.build();
		}
		if (this.worker.aliveConsumers() < this.worker.concurrency()) {
			return health.down()
				.withDetail("reason", "Only " + this.worker.aliveConsumers() + " of " + this.worker.concurrency()
						+ " consumer threads are alive")
				.build();
		}
		Duration idle = Duration.between(latest(lastAttempt, this.queue.headAcceptedAt(), this.watchingSince),
				this.clock.instant());
		if (pending > 0 && idle.compareTo(this.stallTimeout) > 0) {
			return health.down()
				.withDetail("reason", "Stalled: " + pending + " email(s) pending and no attempt finished for "
						+ Durations.display(idle))
				.build();
		}
		return health.build();
	}

	private static Instant latest(Instant... instants) {
		Instant latest = Instant.MIN;
		for (Instant instant : instants) {
			if (instant != null && instant.isAfter(latest)) {
				latest = instant;
			}
		}
		return latest;
	}

}
