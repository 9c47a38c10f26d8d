package io.emailqueue.producer;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo producer.
 *
 * @param enabled whether the demo producer runs
 * @param minInterval the shortest pause between two demo emails
 * @param maxInterval the longest pause between two demo emails
 * @param recipients the example recipients the demo emails go to
 */
@ConfigurationProperties("email.producer")
public record ProducerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration minInterval,
		@DefaultValue("3s") Duration maxInterval,
		@DefaultValue({ "alice@example.com", "bob@example.com", "charlie@example.com", "dave@example.com",
				"eve@example.com" }) List<String> recipients) {

	public ProducerProperties {
		if (minInterval == null || minInterval.isNegative() || maxInterval == null
				|| maxInterval.compareTo(minInterval) < 0) {
			throw new IllegalArgumentException("email.producer needs 0 <= min-interval <= max-interval but got "
					+ minInterval + " and " + maxInterval);
		}
		if (recipients == null || recipients.isEmpty()) {
			throw new IllegalArgumentException("email.producer.recipients needs at least one address");
		}
		recipients = List.copyOf(recipients);
	}

}
