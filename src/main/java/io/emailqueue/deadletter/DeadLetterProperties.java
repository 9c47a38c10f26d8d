package io.emailqueue.deadletter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the dead-letter store.
 *
 * @param capacity how many dead letters are kept; beyond it the oldest is evicted and counted
 */
@ConfigurationProperties("email.dead-letter")
public record DeadLetterProperties(@DefaultValue("1000") int capacity) {

	public DeadLetterProperties {
		if (capacity < 1) {
			throw new IllegalArgumentException("email.dead-letter.capacity must be at least 1 but was " + capacity);
		}
	}

}
