package io.emailqueue.reliability;

import java.time.Duration;
import java.util.Locale;

/**
 * How hard the reliability scenarios push: {@code short} (the default, part of every
 * {@code ./mvnw -B verify}, a few minutes on 2 cores) or {@code full}
 * ({@code -Dreliability.profile=full}: longer load, more emails and repetitions, and it writes
 * {@code RELIABILITY.md}).
 *
 * @param name the profile name
 * @param emailsPerScenario emails handed in by a fault scenario
 * @param loadDuration how long the overload and shutdown scenarios keep up HTTP load
 * @param loadClients concurrent HTTP clients of the overload scenario
 * @param repetitions how often the shutdown and kill scenarios are repeated
 * @param outage how long the SMTP server stays away in the outage scenario
 */
public record ReliabilityProfile(String name, int emailsPerScenario, Duration loadDuration, int loadClients,
		int repetitions, Duration outage) {

	private static final ReliabilityProfile SHORT = new ReliabilityProfile("short", 6, Duration.ofSeconds(8), 6, 1,
			Duration.ofSeconds(10));

	private static final ReliabilityProfile FULL = new ReliabilityProfile("full", 40, Duration.ofSeconds(45), 12, 3,
			Duration.ofSeconds(10));

	/**
	 * Return the profile chosen with {@code -Dreliability.profile}.
	 * @return the profile, {@code short} unless {@code full} was asked for
	 */
	public static ReliabilityProfile current() {
		String name = System.getProperty("reliability.profile", "short").strip().toLowerCase(Locale.ROOT);
		return switch (name) {
			case "full" -> FULL;
			case "short", "" -> SHORT;
			default -> throw new IllegalArgumentException("reliability.profile must be short or full but was " + name);
		};
	}

	/**
	 * Return whether this run writes {@code RELIABILITY.md}: with the full profile, or when
	 * {@code -Dreliability.report=true} asks for it.
	 * @return {@code true} if it does
	 */
	public boolean writesReport() {
		return "full".equals(this.name) || Boolean.getBoolean("reliability.report");
	}

}
