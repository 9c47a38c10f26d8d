package io.emailqueue.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.emailqueue.Durations;
import io.emailqueue.LifecyclePhases;
import io.emailqueue.RecipientMask;
import io.emailqueue.deadletter.DeadLetter;
import io.emailqueue.deadletter.DeadLetterStore;
import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.SendResult;
import io.emailqueue.queue.Email;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;
import io.emailqueue.queue.QueueCounts;
import io.emailqueue.spool.EmailSpool;
import io.emailqueue.tracking.EmailStatusStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers queued emails with a fixed number of consumer threads, schedules retries with
 * exponential backoff, dead-letters what fails for good, and shuts down gracefully.
 * <p>
 * On stop the queue is closed to new emails, the consumers go on delivering what is queued and the
 * retries that fall due within the drain timeout, and whatever is still undelivered at the deadline
 * is reported by id and recipient, and spooled when a spool is configured. Nothing accepted is
 * dropped without a word.
 */
@Component
public final class EmailQueueWorker implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(EmailQueueWorker.class);

	private final EmailQueue queue;

	private final EmailSender sender;

	private final RetryPolicy retryPolicy;

	private final DeadLetterStore deadLetters;

	private final EmailStatusStore statuses;

	private final EmailSpool spool;

	private final WorkerProperties workerProperties;

	private final ShutdownProperties shutdownProperties;

	private final Clock clock;

	private final RecipientMask recipientMask;

	private final RetryScheduler retries;

	private final Timer sendTimer;

	private final Timer queueWaitTimer;

	private final Timer deliveryTimer;

	private final Object progress = new Object();

	private final AtomicInteger aliveConsumers = new AtomicInteger();

	private final AtomicInteger busyConsumers = new AtomicInteger();

	private final AtomicLong unexpectedErrors = new AtomicLong();

	private final AtomicLong consumerDeaths = new AtomicLong();

	private final List<Consumer> consumers = new ArrayList<>();

	private volatile boolean running;

	private volatile boolean stopping;

	private volatile boolean consumersStopRequested;

	private volatile Instant lastAttemptFinishedAt;

	private volatile Instant lastSentAt;

	public EmailQueueWorker(EmailQueue queue, EmailSender sender, RetryPolicy retryPolicy, DeadLetterStore deadLetters,
			EmailStatusStore statuses, EmailSpool spool, WorkerProperties workerProperties,
			ShutdownProperties shutdownProperties, Clock clock, RecipientMask recipientMask, MeterRegistry meterRegistry,
			@Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration shutdownPhaseTimeout) {
		if (shutdownPhaseTimeout.compareTo(shutdownProperties.longestStop()) <= 0) {
			throw new IllegalStateException("spring.lifecycle.timeout-per-shutdown-phase (" + shutdownPhaseTimeout
					+ ") must be longer than email.shutdown.drain-timeout plus email.shutdown.consumer-stop-timeout ("
					+ shutdownProperties.longestStop() + "), or Spring would stop waiting for the drain and finish "
					+ "shutting down while emails are still being delivered");
		}
		this.queue = queue;
		this.sender = sender;
		this.retryPolicy = retryPolicy;
		this.deadLetters = deadLetters;
		this.statuses = statuses;
		this.spool = spool;
		this.workerProperties = workerProperties;
		this.shutdownProperties = shutdownProperties;
		this.clock = clock;
		this.recipientMask = recipientMask;
		this.retries = new RetryScheduler(queue, this::signalProgress);
		this.sendTimer = latencyTimer(meterRegistry, "email.send", "Time of one delivery attempt");
		this.queueWaitTimer = latencyTimer(meterRegistry, "email.queue.wait",
				"Time from acceptance to the first delivery attempt");
		this.deliveryTimer = latencyTimer(meterRegistry, "email.delivery", "Time from acceptance to delivery");
	}

	// Histogram buckets come from management.metrics.distribution.slo.* in application.properties.
	private static Timer latencyTimer(MeterRegistry registry, String name, String description) {
		return Timer.builder(name).description(description).register(registry);
	}

	@Override
	public int getPhase() {
		return LifecyclePhases.WORKER;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.consumersStopRequested = false;
		this.stopping = false;
		this.queue.open();
		this.consumers.clear();
		for (int i = 1; i <= this.workerProperties.concurrency(); i++) {
			Consumer consumer = new Consumer();
			consumer.thread = Thread.ofPlatform().name("email-worker-" + i).unstarted(() -> consume(consumer));
			this.consumers.add(consumer);
		}
		this.aliveConsumers.set(this.consumers.size());
		this.consumers.forEach((consumer) -> consumer.thread.start());
		this.retries.start();
		this.running = true;
		logger.info("📧 Email Queue Worker started | workers: {} | capacity: {}", this.consumers.size(),
				this.queue.capacity());
		if (this.spool.enabled()) {
			restoreSpool();
		}
	}

	private void restoreSpool() {
		List<Email> spooled = this.spool.takeAll();
		Instant now = this.clock.instant();
		for (Email email : spooled) {
			Email restarted = new Email(email.id(), email.content(), 1, email.acceptedAt());
			this.queue.admitScheduled(EnqueueSource.SPOOL);
			this.statuses.queued(restarted);
			this.retries.schedule(restarted, EnqueueSource.SPOOL, Duration.ZERO);
		}
		if (!spooled.isEmpty()) {
			logger.info("📥 Re-enqueued {} email(s) spooled at the last shutdown from {} at {}", spooled.size(),
					this.spool.path(), now);
		}
	}

	@Override
	public void stop() {
		if (beginStop()) {
			drainAndStop();
		}
	}

	@Override
	public void stop(Runnable callback) {
		if (!beginStop()) {
			callback.run();
			return;
		}
		Thread.ofPlatform().name("email-worker-shutdown").start(() -> {
			try {
				drainAndStop();
			}
			finally {
				callback.run();
			}
		});
	}

	private synchronized boolean beginStop() {
		if (!this.running || this.stopping) {
			return false;
		}
		this.stopping = true;
		this.queue.close();
		QueueCounts counts = this.queue.counts();
		logger.info("🛑 Shutting down: draining {} pending email(s) (up to {})", counts.unfinished(),
				Durations.display(this.shutdownProperties.drainTimeout()));
		return true;
	}

	private void drainAndStop() {
		try {
			awaitDrained(System.nanoTime() + this.shutdownProperties.drainTimeout().toNanos());
			long stopDeadline = System.nanoTime() + this.shutdownProperties.consumerStopTimeout().toNanos();
			this.retries.stop(this.shutdownProperties.consumerStopTimeout());
			stopConsumers(stopDeadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			reportNotDelivered();
			this.running = false;
			logger.info("📧 Email Queue Worker stopped");
		}
	}

	private void awaitDrained(long deadline) throws InterruptedException {
		synchronized (this.progress) {
			while (!isDrained(deadline)) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return;
				}
				TimeUnit.NANOSECONDS.timedWait(this.progress, remaining);
			}
		}
	}

	private boolean isDrained(long deadline) {
		if (this.aliveConsumers.get() == 0) {
			// No consumer is left to make progress; waiting out the deadline would change nothing.
			return true;
		}
		QueueCounts counts = this.queue.counts();
		return counts.pending() == 0 && counts.inFlight() == 0 && !this.retries.hasDueBy(deadline)
				&& this.queue.size() == 0;
	}

	private void stopConsumers(long deadline) throws InterruptedException {
		this.consumersStopRequested = true;
		for (Consumer consumer : this.consumers) {
			if (consumer.current == null) {
				consumer.thread.interrupt();
			}
		}
		for (Consumer consumer : this.consumers) {
			long remaining = deadline - System.nanoTime();
			if (remaining > 0) {
				consumer.thread.join(Duration.ofNanos(remaining));
			}
		}
	}

	private void reportNotDelivered() {
		List<Email> pending = this.queue.drainRemaining();
		List<Email> inFlight = new ArrayList<>();
		for (Consumer consumer : this.consumers) {
			if (consumer.thread.isAlive()) {
				consumer.abandoned = true;
				Email current = consumer.current;
				if (current != null) {
					inFlight.add(current);
				}
			}
		}
		List<Email> scheduled = this.retries.drain();
		this.queue.recordNotDelivered(pending.size(), inFlight.size(), scheduled.size());
		List<Email> notDelivered = new ArrayList<>(pending);
		notDelivered.addAll(inFlight);
		notDelivered.addAll(scheduled);
		if (notDelivered.isEmpty()) {
			logger.info("✅ Drained: every accepted email was delivered or dead-lettered");
			return;
		}
		notDelivered.forEach(this.statuses::notDelivered);
		logger.warn("📭 NOT DELIVERED | {} email(s) undelivered at shutdown ({} queued, {} in flight, {} awaiting retry)",
				notDelivered.size(), pending.size(), inFlight.size(), scheduled.size());
		for (Email email : notDelivered) {
			logger.warn("📭   {} to {}", email.id(), recipient(email));
		}
		if (this.spool.enabled()) {
			try {
				this.spool.write(notDelivered);
				logger.warn("💾 Spooled {} email(s) to {}; they are re-enqueued at the next start", notDelivered.size(),
						this.spool.path());
			}
			catch (RuntimeException ex) {
				logger.error("Could not spool the emails listed above to {}", this.spool.path(), ex);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return whether a shutdown has begun.
	 * @return {@code true} from the moment stop is called
	 */
	public boolean isStopping() {
		return this.stopping;
	}

	/**
	 * Return how many consumer threads are running.
	 * @return the live consumer count
	 */
	public int aliveConsumers() {
		return this.aliveConsumers.get();
	}

	/**
	 * Return how many consumers are configured.
	 * @return the concurrency
	 */
	public int concurrency() {
		return this.workerProperties.concurrency();
	}

	/**
	 * Return how many consumers are sending an email now.
	 * @return the busy consumer count
	 */
	public int busyConsumers() {
		return this.busyConsumers.get();
	}

	/**
	 * Return how many consumer threads ended because of an error they could not handle.
	 * @return the count
	 */
	public long consumerDeaths() {
		return this.consumerDeaths.get();
	}

	/**
	 * Return how many attempts ended in an exception the sender did not turn into a result.
	 * @return the count
	 */
	public long unexpectedErrors() {
		return this.unexpectedErrors.get();
	}

	/**
	 * Return when an attempt last finished, whatever its outcome.
	 * @return the time, or {@code null} before the first
	 */
	public Instant lastAttemptFinishedAt() {
		return this.lastAttemptFinishedAt;
	}

	/**
	 * Return when an email was last delivered.
	 * @return the time, or {@code null} before the first
	 */
	public Instant lastSentAt() {
		return this.lastSentAt;
	}

	/**
	 * Return how many emails wait outside the queue for their next attempt.
	 * @return the count
	 */
	public int scheduledCount() {
		return this.retries.size();
	}

	private void consume(Consumer consumer) {
		try (EmailSender.Session session = this.sender.openSession()) {
			while (!this.consumersStopRequested) {
				Email email;
				try {
					email = this.queue.take(this.workerProperties.idleTimeout());
				}
				catch (InterruptedException ex) {
					continue;
				}
				if (email == null) {
					session.whenIdle();
					continue;
				}
				consumer.current = email;
				this.busyConsumers.incrementAndGet();
				try {
					deliver(session, email, consumer);
				}
				catch (Error ex) {
					// The consumer dies with the error, but the email in its hands gets a retry rather than vanish.
					recordOutcome(email, SendResult.transientFailure("Consumer died while sending: " + ex, 0, false));
					throw ex;
				}
				finally {
					this.busyConsumers.decrementAndGet();
					consumer.current = null;
				}
			}
		}
		catch (RuntimeException | Error ex) {
			this.consumerDeaths.incrementAndGet();
			// Logged and counted here, and the thread ends: the worker's health reports it DOWN.
			logger.error("Consumer {} died; the worker now runs with fewer consumers", Thread.currentThread().getName(),
					ex);
		}
		finally {
			this.aliveConsumers.decrementAndGet();
			signalProgress();
		}
	}

	private void deliver(EmailSender.Session session, Email email, Consumer consumer) {
		Instant startedAt = this.clock.instant();
		if (email.attempt() == 1) {
			this.queueWaitTimer.record(Duration.between(email.acceptedAt(), startedAt));
		}
		this.statuses.sending(email);
		long startNanos = System.nanoTime();
		SendResult result;
		try {
			result = session.send(email);
		}
		catch (RuntimeException ex) {
			this.unexpectedErrors.incrementAndGet();
			logger.atError()
				.setCause(ex)
				.addKeyValue("email.id", email.id())
				.log("Unexpected error while sending email {}; it is treated as a transient failure", email.id());
			result = SendResult.transientFailure("Unexpected error: " + ex, 0, false);
		}
		Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
		this.sendTimer.record(latency);
		if (consumer.abandoned) {
			logger.warn("Email {} finished after the shutdown deadline and was already reported as not delivered",
					email.id());
			return;
		}
		recordOutcome(email, result, latency);
	}

	private void recordOutcome(Email email, SendResult result) {
		recordOutcome(email, result, Duration.ZERO);
	}

	private void recordOutcome(Email email, SendResult result, Duration latency) {
		Instant now = this.clock.instant();
		switch (result) {
			case SendResult.Sent sent -> onSent(email, latency, now);
			case SendResult.Failed failed when failed.isTransient() && this.retryPolicy.allowsRetryAfter(email.attempt()) ->
				onRetry(email, failed, now);
			case SendResult.Failed failed -> onDead(email, failed, now);
		}
		this.lastAttemptFinishedAt = now;
		signalProgress();
	}

	private void onSent(Email email, Duration latency, Instant now) {
		this.queue.recordSent();
		this.deliveryTimer.record(Duration.between(email.acceptedAt(), now));
		this.lastSentAt = now;
		this.statuses.sent(email);
		logger.atInfo()
			.addKeyValue("email.id", email.id())
			.addKeyValue("email.recipient_domain", RecipientMask.domain(email.content().firstRecipient()))
			.addKeyValue("email.attempt", email.attempt())
			.addKeyValue("email.outcome", "sent")
			.log("✅ Email sent to {} | Subject: {} | Priority: {} | Latency: {}ms", recipient(email),
					email.content().subject(), email.content().priority(), latency.toMillis());
	}

	private void onRetry(Email email, SendResult.Failed failed, Instant now) {
		Duration backoff = this.retryPolicy.backoff(email.attempt(), ThreadLocalRandom.current()::nextDouble);
		Email next = email.nextAttempt();
		this.queue.recordRetryScheduled(failed.afterData());
		this.statuses.retryScheduled(next, now.plus(backoff), failed.error(), failed.replyCode());
		this.retries.schedule(next, EnqueueSource.RETRY, backoff);
		if (failed.afterData()) {
			logger.atWarn()
				.addKeyValue("email.id", email.id())
				.addKeyValue("email.attempt", email.attempt())
				.addKeyValue("email.outcome", "uncertain")
				.log("❓ Delivery to {} uncertain (failed after the message data was sent) | Error: {} | Retry {}/{} in {} with the same Message-ID",
						recipient(email), failed.error(), email.attempt(), this.retryPolicy.maxRetries(),
						Durations.display(backoff));
			return;
		}
		logger.atWarn()
			.addKeyValue("email.id", email.id())
			.addKeyValue("email.recipient_domain", RecipientMask.domain(email.content().firstRecipient()))
			.addKeyValue("email.attempt", email.attempt())
			.addKeyValue("email.outcome", "retry")
			.log("⚠️  Email failed to {} | Error: {} | Retry {}/{} in {}", recipient(email),
					failed.error(), email.attempt(), this.retryPolicy.maxRetries(), Durations.display(backoff));
	}

	private void onDead(Email email, SendResult.Failed failed, Instant now) {
		boolean permanent = !failed.isTransient();
		this.deadLetters.add(new DeadLetter(email, failed.error(), failed.replyCode(), permanent, now));
		this.queue.recordDeadLettered(permanent, failed.afterData());
		this.statuses.dead(email, failed.error(), failed.replyCode());
		logger.atError()
			.addKeyValue("email.id", email.id())
			.addKeyValue("email.recipient_domain", RecipientMask.domain(email.content().firstRecipient()))
			.addKeyValue("email.attempt", email.attempt())
			.addKeyValue("email.outcome", "dead")
			.log("💀 Email to {} dead-lettered after {} attempt(s) | Error: {}{}", recipient(email),
					email.attempt(), failed.error(), permanent ? " | permanent, not retried" : " | retries exhausted");
	}

	private String recipient(Email email) {
		return this.recipientMask.display(email.content().firstRecipient());
	}

	private void signalProgress() {
		synchronized (this.progress) {
			this.progress.notifyAll();
		}
	}

	private static final class Consumer {

		private Thread thread;

		private volatile Email current;

		private volatile boolean abandoned;

	}

}
