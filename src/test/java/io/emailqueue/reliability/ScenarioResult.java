package io.emailqueue.reliability;

import java.time.Duration;

/**
 * One row of the reliability results: a scenario, what it did, what became of the emails and
 * whether that meets its pass criterion.
 *
 * @param scenario the scenario name
 * @param load what was handed in, and how
 * @param fault what went wrong on purpose
 * @param tally what became of the emails
 * @param verdict {@code PASS}, {@code FAIL}, or {@code MEASURED} for a figure that is reported, not judged
 * @param duration how long the scenario took
 * @param notes what else the scenario observed
 */
public record ScenarioResult(String scenario, String load, String fault, Tally tally, String verdict,
		Duration duration, String notes) {

	/** The verdict of a scenario that met its pass criterion. */
	public static final String PASS = "PASS";

	/** The verdict of a scenario that did not. */
	public static final String FAIL = "FAIL";

	/** The verdict of a measurement, such as what {@code kill -9} loses. */
	public static final String MEASURED = "MEASURED";

	/**
	 * Return the verdict for whether a pass criterion held.
	 * @param passed whether it held
	 * @return {@link #PASS} or {@link #FAIL}
	 */
	public static String verdict(boolean passed) {
		return passed ? PASS : FAIL;
	}

}
