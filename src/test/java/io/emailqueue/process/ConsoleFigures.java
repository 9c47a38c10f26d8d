package io.emailqueue.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of a METRICS or FINAL METRICS console line, by name.
 */
public final class ConsoleFigures {

	private static final Pattern FIGURE = Pattern.compile("([A-Z][a-z]+(?: [a-z]+)?): (\\d+)(?![.\\d])");

	private final Map<String, Long> figures = new LinkedHashMap<>();

	private ConsoleFigures(String line) {
		Matcher matcher = FIGURE.matcher(line);
		while (matcher.find()) {
			this.figures.put(matcher.group(1), Long.parseLong(matcher.group(2)));
		}
	}

	/**
	 * Read the figures of a console line.
	 * @param line the line
	 * @return its figures
	 */
	public static ConsoleFigures of(String line) {
		return new ConsoleFigures(line);
	}

	/**
	 * Return a figure, zero when the line does not show it.
	 * @param name its name as printed, e.g. {@code Queued} or {@code Not delivered}
	 * @return the figure
	 */
	public long get(String name) {
		return this.figures.getOrDefault(name, 0L);
	}

	@Override
	public String toString() {
		return this.figures.toString();
	}

}
