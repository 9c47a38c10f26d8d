package io.emailqueue.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the simulated sender used by the console demo ({@code email.sender.type=simulated}).
 *
 * @param minLatency the shortest time a simulated send takes
 * @param maxLatency the longest time a simulated send takes
 * @param transientFailureRate the share of attempts, from 0 to 1, that fail with a transient error
 * @param permanentFailureRate the share of attempts, from 0 to 1, that fail with a permanent error
 * @param transientError the error message of a simulated transient failure
 * @param permanentError the error message of a simulated permanent failure
 */
@ConfigurationProperties("email.sender.simulated")
public record SimulatedSenderProperties(@DefaultValue("100ms") Duration minLatency,
		@DefaultValue("200ms") Duration maxLatency, @DefaultValue("0.1") double transientFailureRate,
		@DefaultValue("0") double permanentFailureRate,
		@DefaultValue("SMTP connection timeout") String transientError,
		@DefaultValue("550 5.1.1 Mailbox unavailable") String permanentError) {

	public SimulatedSenderProperties {
		if (minLatency.isNegative() || maxLatency.compareTo(minLatency) < 0) {
			throw new IllegalArgumentException("email.sender.simulated needs 0 <= min-latency <= max-latency but got "
					+ minLatency + " and " + maxLatency);
		}
		requireRate("transient-failure-rate", transientFailureRate);
		requireRate("permanent-failure-rate", permanentFailureRate);
		if (transientFailureRate + permanentFailureRate > 1) {
			throw new IllegalArgumentException(
					"email.sender.simulated failure rates must add up to at most 1 but add up to "
							+ (transientFailureRate + permanentFailureRate));
		}
	}

	private static void requireRate(String name, double rate) {
		if (!(rate >= 0 && rate <= 1)) {
			throw new IllegalArgumentException("email.sender.simulated." + name + " must be between 0 and 1 but was " + rate);
		}
	}

}
