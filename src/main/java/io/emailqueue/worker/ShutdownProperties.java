package io.emailqueue.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the graceful shutdown.
 *
 * @param drainTimeout how long the worker goes on delivering what is queued, and the retries that
 * fall due, once shutdown begins; {@code spring.lifecycle.timeout-per-shutdown-phase} must be longer
 * @param consumerStopTimeout how long, after the drain, the worker waits for a consumer to finish
 * the email it is sending
 */
@ConfigurationProperties("email.shutdown")
public record ShutdownProperties(@DefaultValue("20s") Duration drainTimeout,
		@DefaultValue("5s") Duration consumerStopTimeout) {

	public ShutdownProperties {
		if (drainTimeout == null || drainTimeout.isNegative()) {
			throw new IllegalArgumentException("email.shutdown.drain-timeout must be zero or positive but was " + drainTimeout);
		}
		if (consumerStopTimeout == null || consumerStopTimeout.isNegative()) {
			throw new IllegalArgumentException(
					"email.shutdown.consumer-stop-timeout must be zero or positive but was " + consumerStopTimeout);
		}
	}

	/**
	 * Return the longest a worker's stop can take.
	 * @return the drain timeout plus the consumer stop timeout
	 */
	public Duration longestStop() {
		return this.drainTimeout.plus(this.consumerStopTimeout);
	}

}
