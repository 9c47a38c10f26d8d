package io.emailqueue;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people read them in the console: {@code 1s}, {@code 1.5s}, {@code 250ms}.
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Format a duration for the console.
	 * @param duration the duration
	 * @return the duration as people read it
	 */
	public static String display(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + "ms";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
	}

}
