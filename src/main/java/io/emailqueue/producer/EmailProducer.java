package io.emailqueue.producer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.emailqueue.BackgroundLoop;
import io.emailqueue.Durations;
import io.emailqueue.LifecyclePhases;
import io.emailqueue.intake.EmailIntake;
import io.emailqueue.queue.EmailContent;
import io.emailqueue.queue.EnqueueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Demo traffic: hands in an example email every {@code min-interval} to {@code max-interval},
 * through {@link EmailIntake} like any other client, so backpressure applies to it too. Off with
 * {@code email.producer.enabled=false}.
 */
@Component
@ConditionalOnBooleanProperty(name = "email.producer.enabled", matchIfMissing = true)
public final class EmailProducer implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(EmailProducer.class);

	private static final List<String> SUBJECTS = List.of("Welcome aboard", "Password Reset Request",
			"Order Confirmation", "System Alert", "Account Notification", "Weekly Digest", "Invoice Available");

	private final EmailIntake intake;

	private final ProducerProperties properties;

	private final BackgroundLoop loop;

	private final AtomicLong produced = new AtomicLong();

	public EmailProducer(EmailIntake intake, ProducerProperties properties) {
		this.intake = intake;
		this.properties = properties;
		this.loop = new BackgroundLoop("email-producer", this::nextInterval, this::produceOne);
	}

	@Override
	public int getPhase() {
		return LifecyclePhases.PRODUCER;
	}

	@Override
	public void start() {
		if (this.loop.start()) {
			logger.info("📨 Email Producer started | one email every {} to {}",
					Durations.display(this.properties.minInterval()), Durations.display(this.properties.maxInterval()));
		}
	}

	@Override
	public void stop() {
		if (this.loop.stop()) {
			logger.info("📨 Email Producer stopped after {} email(s)", this.produced.get());
		}
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

	private void produceOne() {
		this.intake.submit(exampleEmail(this.produced.incrementAndGet()), EnqueueSource.PRODUCER);
	}

	private Duration nextInterval() {
		long min = this.properties.minInterval().toNanos();
		long max = this.properties.maxInterval().toNanos();
		return Duration.ofNanos((max > min) ? ThreadLocalRandom.current().nextLong(min, max + 1) : min);
	}

	private EmailContent exampleEmail(long number) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String recipient = this.properties.recipients().get(random.nextInt(this.properties.recipients().size()));
		String subject = SUBJECTS.get(random.nextInt(SUBJECTS.size())) + " #" + number;
		int priority = random.nextInt(EmailContent.MIN_PRIORITY, EmailContent.MAX_PRIORITY + 1);
		return new EmailContent(List.of(recipient), List.of(), List.of(), null, null, subject,
				"Hello from the email queue worker demo. This is example email #" + number + ".", null, priority);
	}

}
