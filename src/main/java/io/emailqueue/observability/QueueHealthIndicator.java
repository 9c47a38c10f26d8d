package io.emailqueue.observability;

import java.util.Locale;

import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.QueueCounts;
import io.emailqueue.worker.EmailQueueWorker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether this instance should be sent new emails, for the readiness probe ({@code queue} in the
 * {@code readiness} group). OUT_OF_SERVICE while the emails waiting (on the queue or for a retry)
 * fill the capacity above {@code email.health.readiness-saturation}, so that a load balancer routes new work to other
 * instances instead of letting it wait for room here and be refused as full, and from the moment
 * shutdown begins, when the queue refuses new emails anyway. It never reports DOWN: a full queue is
 * a reason to send less, not to restart.
 */
@Component
final class QueueHealthIndicator implements HealthIndicator {

	private final EmailQueue queue;

	private final EmailQueueWorker worker;

	private final double saturation;

	QueueHealthIndicator(EmailQueue queue, EmailQueueWorker worker, WorkerHealthProperties properties) {
		this.queue = queue;
		this.worker = worker;
		this.saturation = properties.readinessSaturation();
	}

	@Override
	public Health health() {
		// Retries waiting out an SMTP outage take places too.
		QueueCounts counts = this.queue.counts();
		int waiting = (int) (counts.pending() + counts.scheduled());
		int capacity = this.queue.capacity();
		double fill = (double) waiting / capacity;
		Health.Builder health = Health.up()
			.withDetail("pending", waiting)
			.withDetail("capacity", capacity)
			.withDetail("fillRatio", fill)
			.withDetail("saturation", this.saturation);
		if (this.worker.isStopping() || this.queue.isClosed()) {
			return health.outOfService().withDetail("reason", "Shutting down: new emails are refused").build();
		}
		if (fill > this.saturation) {
			return health.outOfService()
				.withDetail("reason", String.format(Locale.ROOT, "Queue saturated: %d of %d places taken", waiting, capacity))
				.build();
		}
		return health.build();
	}

}
