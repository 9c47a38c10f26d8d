package io.emailqueue.queue;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the bounded queue.
 *
 * @param capacity how many accepted emails may wait at most, on the queue or for a retry (those being
 * sent, one per consumer, come on top); further offers wait for a place
 * @param offerTimeout how long an offer waits for a place before it is refused as full
 */
@ConfigurationProperties("email.queue")
public record QueueProperties(@DefaultValue("100") int capacity, @DefaultValue("1s") Duration offerTimeout) {

	public QueueProperties {
		if (capacity < 1) {
			throw new IllegalArgumentException("email.queue.capacity must be at least 1 but was " + capacity);
		}
		if (offerTimeout == null || offerTimeout.isNegative()) {
			throw new IllegalArgumentException("email.queue.offer-timeout must be zero or positive but was " + offerTimeout);
		}
	}

}
