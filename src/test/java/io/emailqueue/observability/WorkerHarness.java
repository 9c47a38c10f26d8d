package io.emailqueue.observability;

import java.time.Clock;
import java.time.Duration;

import io.emailqueue.LoggingProperties;
import io.emailqueue.RecipientMask;
import io.emailqueue.deadletter.DeadLetterProperties;
import io.emailqueue.deadletter.DeadLetterStore;
import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.SenderProperties;
import io.emailqueue.delivery.SenderType;
import io.emailqueue.queue.Email;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueResult;
import io.emailqueue.queue.EnqueueSource;
import io.emailqueue.queue.QueueProperties;
import io.emailqueue.spool.EmailSpool;
import io.emailqueue.spool.SpoolProperties;
import io.emailqueue.tracking.EmailStatusStore;
import io.emailqueue.tracking.TrackingProperties;
import io.emailqueue.worker.EmailQueueWorker;
import io.emailqueue.worker.RetryPolicy;
import io.emailqueue.worker.ShutdownProperties;
import io.emailqueue.worker.WorkerProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A real queue, dead-letter store and worker wired by hand, without Spring, for the tests of what
 * observes them. The worker is not started: tests start and stop it as they need.
 */
final class WorkerHarness {

	final EmailQueue queue;

	final DeadLetterStore deadLetters = new DeadLetterStore(new DeadLetterProperties(10));

	final EmailQueueWorker worker;

	private final Clock clock;

	WorkerHarness(int capacity, int concurrency, EmailSender sender, Clock clock, Duration consumerStopTimeout) {
		this.clock = clock;
		this.queue = new EmailQueue(new QueueProperties(capacity, Duration.ZERO));
		this.worker = new EmailQueueWorker(this.queue, sender,
				new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(5), 0), this.deadLetters,
				new EmailStatusStore(new TrackingProperties(100), clock), new EmailSpool(new SpoolProperties(null)),
				new WorkerProperties(concurrency, Duration.ofMillis(100)),
				new ShutdownProperties(Duration.ZERO, consumerStopTimeout), clock,
				new RecipientMask(new LoggingProperties(false), new SenderProperties(SenderType.SIMULATED)),
				new SimpleMeterRegistry(),
				consumerStopTimeout.plusMinutes(1));
	}

	EnqueueResult enqueue(String subject) {
		return this.queue.enqueue(Email.newEmail(TestEmails.withSubject(subject), this.clock.instant()),
				EnqueueSource.API);
	}

}
