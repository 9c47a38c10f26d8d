package io.emailqueue.tracking;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the status tracking.
 *
 * @param capacity how many of the most recent emails have their status kept
 */
@ConfigurationProperties("email.tracking")
public record TrackingProperties(@DefaultValue("10000") int capacity) {

	public TrackingProperties {
		if (capacity < 1) {
			throw new IllegalArgumentException("email.tracking.capacity must be at least 1 but was " + capacity);
		}
	}

}
