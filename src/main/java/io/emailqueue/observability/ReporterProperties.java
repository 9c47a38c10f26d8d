package io.emailqueue.observability;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the console metrics reporter.
 *
 * @param enabled whether the reporter prints figures
 * @param interval how often a METRICS line is printed
 */
@ConfigurationProperties("email.reporter")
public record ReporterProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration interval) {

	public ReporterProperties {
		if (interval == null || interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("email.reporter.interval must be positive but was " + interval);
		}
	}

}
