package io.emailqueue.worker;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When to try again after a transient failure: exponential backoff with an optional random
 * jitter. With the defaults, the three retries come 1 s, 2 s and 4 s after the failures before them.
 *
 * @param maxRetries how many retries follow the first attempt; after the last, the email is dead-lettered
 * @param initialBackoff the wait before the first retry
 * @param multiplier by how much each wait grows over the one before
 * @param maxBackoff the longest wait, whatever the multiplier says
 * @param jitter the largest share, from 0 to 1, by which a wait is randomly shortened or lengthened
 */
@ConfigurationProperties("email.retry")
public record RetryPolicy(@DefaultValue("3") int maxRetries, @DefaultValue("1s") Duration initialBackoff,
		@DefaultValue("2") double multiplier, @DefaultValue("5m") Duration maxBackoff,
		@DefaultValue("0") double jitter) {

	public RetryPolicy {
		if (maxRetries < 0) {
			throw new IllegalArgumentException("email.retry.max-retries must be zero or more but was " + maxRetries);
		}
		if (initialBackoff == null || initialBackoff.isNegative()) {
			throw new IllegalArgumentException("email.retry.initial-backoff must be zero or positive but was " + initialBackoff);
		}
		if (!(multiplier >= 1)) {
			throw new IllegalArgumentException("email.retry.multiplier must be at least 1 but was " + multiplier);
		}
		if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException("email.retry.max-backoff must be at least the initial backoff ("
					+ initialBackoff + ") but was " + maxBackoff);
		}
		if (!(jitter >= 0 && jitter <= 1)) {
			throw new IllegalArgumentException("email.retry.jitter must be between 0 and 1 but was " + jitter);
		}
	}

	/**
	 * Return whether an email whose given attempt failed with a transient error gets another.
	 * @param failedAttempt the attempt that failed, from 1
	 * @return {@code true} if a retry follows
	 */
	public boolean allowsRetryAfter(int failedAttempt) {
		return failedAttempt <= this.maxRetries;
	}

	/**
	 * Return the wait before a retry, without jitter.
	 * @param retry which retry, from 1
	 * @return the wait
	 */
	public Duration backoff(int retry) {
		double nanos = this.initialBackoff.toNanos() * Math.pow(this.multiplier, retry - 1);
		return (nanos >= this.maxBackoff.toNanos()) ? this.maxBackoff : Duration.ofNanos((long) nanos);
	}

	/**
	 * Return the wait before a retry with jitter applied, never beyond the maximum backoff.
	 * @param retry which retry, from 1
	 * @param random a source of uniform numbers in [0, 1)
	 * @return the wait
	 */
	public Duration backoff(int retry, DoubleSupplier random) {
		Duration base = backoff(retry);
		if (this.jitter == 0) {
			return base;
		}
		double factor = 1 + this.jitter * (2 * random.getAsDouble() - 1);
		long nanos = (long) (base.toNanos() * factor);
		return Duration.ofNanos(Math.min(nanos, this.maxBackoff.toNanos()));
	}

}
