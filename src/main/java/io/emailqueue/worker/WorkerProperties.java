package io.emailqueue.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the consumers.
 *
 * @param concurrency how many consumer threads deliver in parallel
 * @param idleTimeout how long a consumer waits for an email before it tells its sender it is idle
 */
@ConfigurationProperties("email.worker")
public record WorkerProperties(@DefaultValue("2") int concurrency, @DefaultValue("1s") Duration idleTimeout) {

	public WorkerProperties {
		if (concurrency < 1 || concurrency > 256) {
			throw new IllegalArgumentException("email.worker.concurrency must be between 1 and 256 but was " + concurrency);
		}
		if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("email.worker.idle-timeout must be positive but was " + idleTimeout);
		}
	}

}
