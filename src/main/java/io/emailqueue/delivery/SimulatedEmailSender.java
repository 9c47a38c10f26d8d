package io.emailqueue.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.emailqueue.queue.Email;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A sender that talks to no server: it waits a random latency and fails at the configured rates.
 * The console demo's default, so that the queue, retries and shutdown can be watched without a
 * mail server. Never a stand-in for SMTP in tests of delivery.
 */
@Component
@ConditionalOnProperty(name = "email.sender.type", havingValue = "simulated", matchIfMissing = true)
public final class SimulatedEmailSender implements EmailSender {

	private static final int SIMULATED_TRANSIENT_CODE = 421;

	private static final int SIMULATED_PERMANENT_CODE = 550;

	private final SimulatedSenderProperties properties;

	public SimulatedEmailSender(SimulatedSenderProperties properties) {
		this.properties = properties;
	}

	@Override
	public Session openSession() {
		return new SimulatedSession();
	}

	private final class SimulatedSession implements Session {

		@Override
		public SendResult send(Email email) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			try {
				Thread.sleep(latency(random));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return SendResult.transientFailure("Interrupted before the simulated send completed", 0, false);
			}
			double draw = random.nextDouble();
			if (draw < SimulatedEmailSender.this.properties.permanentFailureRate()) {
				return SendResult.permanentFailure(SimulatedEmailSender.this.properties.permanentError(),
						SIMULATED_PERMANENT_CODE);
			}
			if (draw < SimulatedEmailSender.this.properties.permanentFailureRate()
					+ SimulatedEmailSender.this.properties.transientFailureRate()) {
				return SendResult.transientFailure(SimulatedEmailSender.this.properties.transientError(),
						SIMULATED_TRANSIENT_CODE, false);
			}
			return SendResult.sent("250 2.0.0 Ok: simulated");
		}

		private Duration latency(ThreadLocalRandom random) {
			long min = SimulatedEmailSender.this.properties.minLatency().toNanos();
			long max = SimulatedEmailSender.this.properties.maxLatency().toNanos();
			return Duration.ofNanos((max > min) ? random.nextLong(min, max + 1) : min);
		}

		@Override
		public void close() {
		}

	}

}
