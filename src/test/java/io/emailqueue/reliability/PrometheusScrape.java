package io.emailqueue.reliability;

import java.util.List;

/**
 * One scrape of {@code /actuator/prometheus}, read a series at a time.
 *
 * @param text the exposition text
 */
public record PrometheusScrape(String text) {

	/**
	 * Return the value of the first series of a metric whose labels contain a fragment.
	 * @param name the metric name as exposed, e.g. {@code email_enqueued_total}
	 * @param labelFragment a fragment of its labels, e.g. {@code source="api"}, or empty for any
	 * @return the value
	 * @throws IllegalStateException if there is no such series
	 */
	public double value(String name, String labelFragment) {
		for (String line : List.of(this.text.split("\n"))) {
			if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
				String series = line.substring(0, line.lastIndexOf(' '));
				if (series.contains(labelFragment)) {
					return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				}
			}
		}
		throw new IllegalStateException("No series " + name + " with " + labelFragment + " in the scrape");
	}

	/**
	 * Return the value of the first series of a metric.
	 * @param name the metric name as exposed
	 * @return the value
	 */
	public double value(String name) {
		return value(name, "");
	}

}
