package io.emailqueue.observability;

import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import org.springframework.stereotype.Component;

/**
 * Brings the meters the application does not define itself (JVM, process, Tomcat, HTTP server) in
 * line with Prometheus' naming rules, so that a scrape passes {@code promtool check metrics} without a
 * complaint: every meter gets a help text, and {@code system.cpu.count}, a gauge that Prometheus
 * would mistake for part of a histogram, is published as {@code system_cpus}.
 * <p>
 * Counters of time in milliseconds or nanoseconds ({@code jvm.compilation.time},
 * {@code process.cpu.time}) are left out: Prometheus wants seconds, a filter cannot rescale a
 * counter's values, and {@code process_cpu_usage} tells the same story as the CPU time.
 */
@Component
final class PrometheusLintFilter implements MeterFilter {

	private static final Map<String, String> DESCRIPTIONS = Map.of(
			"http.server.requests.active", "HTTP requests being handled now",
			"tomcat.sessions.active.current", "HTTP sessions active now",
			"tomcat.sessions.active.max", "Most HTTP sessions active at the same time",
			"tomcat.sessions.alive.max", "Longest time an expired HTTP session had lived",
			"tomcat.sessions.created", "HTTP sessions created",
			"tomcat.sessions.expired", "HTTP sessions expired",
			"tomcat.sessions.rejected", "HTTP sessions refused because the maximum was reached");

	private static final Set<String> SUBSECOND_UNITS = Set.of("ns", "nanoseconds", "us", "microseconds", "ms",
			"milliseconds");

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		String unit = id.getBaseUnit();
		return (unit != null && SUBSECOND_UNITS.contains(unit)) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		Meter.Id mapped = id;
		if ("system.cpu.count".equals(mapped.getName())) {
			mapped = mapped.withName("system.cpus");
		}
		String description = mapped.getDescription();
		if (description == null || description.isBlank()) {
			mapped = new Meter.Id(mapped.getName(), Tags.of(mapped.getTagsAsIterable()), mapped.getBaseUnit(),
					DESCRIPTIONS.getOrDefault(id.getName(), id.getName()), mapped.getType());
		}
		return mapped;
	}

}
