package io.emailqueue.worker;

import java.time.Duration;

/**
 * Durations as people read them in the console: {@code 1s}, {@code 1.5s}, {@code 250ms}.
 */
final class Durations {

	private Durations() {
	}

	static String display(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + "ms";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
	}

}
