package io.emailqueue.observability;

import java.util.Locale;

import io.emailqueue.BackgroundLoop;
import io.emailqueue.Durations;
import io.emailqueue.LifecyclePhases;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.QueueCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Prints the queue's figures every {@code email.reporter.interval}, and FINAL METRICS once the
 * worker has drained at shutdown. It reads the same ledger as the Micrometer meters and the health
 * checks, so the console and {@code /actuator/prometheus} never disagree.
 */
@Component
@ConditionalOnBooleanProperty(name = "email.reporter.enabled", matchIfMissing = true)
public final class MetricsReporter implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(MetricsReporter.class);

	private final EmailQueue queue;

	private final ReporterProperties properties;

	private final BackgroundLoop loop;

	private long lastSent;

	private long lastReportNanos;

	public MetricsReporter(EmailQueue queue, ReporterProperties properties) {
		this.queue = queue;
		this.properties = properties;
		this.loop = new BackgroundLoop("email-metrics-reporter", properties::interval, this::report);
	}

	@Override
	public int getPhase() {
		return LifecyclePhases.REPORTER;
	}

	@Override
	public void start() {
		this.lastReportNanos = System.nanoTime();
		if (this.loop.start()) {
			logger.info("📊 Metrics Reporter started | every {}", Durations.display(this.properties.interval()));
		}
	}

	@Override
	public void stop() {
		if (this.loop.stop()) {
			logger.info("📊 FINAL METRICS | {}", describe(this.queue.counts()));
			logger.info("=== Application stopped gracefully ===");
		}
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

	private void report() {
		QueueCounts counts = this.queue.counts();
		long now = System.nanoTime();
		double throughput = (counts.sent() - this.lastSent) / ((now - this.lastReportNanos) / 1e9);
		this.lastSent = counts.sent();
		this.lastReportNanos = now;
		logger.info("📊 METRICS | {} | Throughput: {}/s", describe(counts), String.format(Locale.ROOT, "%.1f", throughput));
	}

	/**
	 * Describe the counts the way every METRICS line does.
	 * @param counts the counts
	 * @return the description
	 */
	static String describe(QueueCounts counts) {
		String line = String.format(Locale.ROOT,
				"Queued: %d | Sent: %d | Failed: %d | Retried: %d | Dead: %d | Pending: %d | Success rate: %.1f%%",
				counts.accepted(), counts.sent(), counts.failedPermanently(), counts.retried(), counts.deadLettered(),
				counts.unfinished(), counts.successRate());
		return (counts.notDelivered() > 0) ? line + " | Not delivered: " + counts.notDelivered() : line;
	}

}
