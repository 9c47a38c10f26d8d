package io.emailqueue.worker;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.emailqueue.LoggingProperties;
import io.emailqueue.RecipientMask;
import io.emailqueue.deadletter.DeadLetterProperties;
import io.emailqueue.deadletter.DeadLetterStore;
import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.SenderProperties;
import io.emailqueue.delivery.SenderType;
import io.emailqueue.intake.EmailIntake;
import io.emailqueue.queue.Email;
import io.emailqueue.queue.EmailContent;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;
import io.emailqueue.queue.QueueProperties;
import io.emailqueue.spool.EmailSpool;
import io.emailqueue.spool.SpoolProperties;
import io.emailqueue.tracking.EmailStatusStore;
import io.emailqueue.tracking.TrackingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A worker wired by hand, with everything it works with, for tests of its logic.
 */
final class WorkerFixture {

	final EmailQueue queue;

	final DeadLetterStore deadLetters = new DeadLetterStore(new DeadLetterProperties(100));

	final EmailStatusStore statuses = new EmailStatusStore(new TrackingProperties(1000), Clock.systemUTC());

	final EmailIntake intake;

	final EmailQueueWorker worker;

	final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private WorkerFixture(Builder builder) {
		this.queue = new EmailQueue(new QueueProperties(builder.capacity, Duration.ofSeconds(5)));
		RecipientMask mask = new RecipientMask(new LoggingProperties(false), new SenderProperties(SenderType.SIMULATED));
		this.intake = new EmailIntake(this.queue, this.statuses, Clock.systemUTC(), mask);
		this.worker = new EmailQueueWorker(this.queue, builder.sender, builder.retryPolicy, this.deadLetters,
				this.statuses, new EmailSpool(new SpoolProperties(builder.spoolPath)),
				new WorkerProperties(builder.concurrency, Duration.ofMillis(100)),
				new ShutdownProperties(builder.drainTimeout, Duration.ofSeconds(5)), Clock.systemUTC(), mask,
				this.meterRegistry, Duration.ofSeconds(60));
	}

	static Builder with(EmailSender sender) {
		return new Builder(sender);
	}

	Email submit(String recipient) {
		Email email = Email.newEmail(content(recipient), Instant.now());
		if (!this.intake.submit(email, EnqueueSource.API).accepted()) {
			throw new IllegalStateException("Not accepted: " + email);
		}
		return email;
	}

	static EmailContent content(String recipient) {
		return new EmailContent(List.of(recipient), null, null, null, null, "Subject for " + recipient, "Body", null,
				5);
	}

	static RetryPolicy retries(int maxRetries, Duration initialBackoff) {
		return new RetryPolicy(maxRetries, initialBackoff, 2, Duration.ofHours(2), 0);
	}

	static final class Builder {

		private final EmailSender sender;

		private int capacity = 100;

		private int concurrency = 2;

		private RetryPolicy retryPolicy = retries(3, Duration.ofMillis(50));

		private Duration drainTimeout = Duration.ofSeconds(10);

		private Path spoolPath;

		private Builder(EmailSender sender) {
			this.sender = sender;
		}

		Builder capacity(int capacity) {
			this.capacity = capacity;
			return this;
		}

		Builder concurrency(int concurrency) {
			this.concurrency = concurrency;
			return this;
		}

		Builder retryPolicy(RetryPolicy retryPolicy) {
			this.retryPolicy = retryPolicy;
			return this;
		}

		Builder drainTimeout(Duration drainTimeout) {
			this.drainTimeout = drainTimeout;
			return this;
		}

		Builder spool(Path spoolPath) {
			this.spoolPath = spoolPath;
			return this;
		}

		WorkerFixture build() {
			return new WorkerFixture(this);
		}

		WorkerFixture start() {
			WorkerFixture fixture = build();
			fixture.worker.start();
			return fixture;
		}

	}

}
