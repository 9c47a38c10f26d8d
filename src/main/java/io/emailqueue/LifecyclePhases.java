package io.emailqueue;

import org.springframework.context.SmartLifecycle;

/**
 * The {@link SmartLifecycle} phases of the worker's components. Spring starts phases in ascending
 * order and stops them in descending order, so the order below is the shutdown order read from the
 * top: intake stops first, then the worker drains, then the reporter prints the final figures.
 * Spring Boot's web server stops (gracefully) at {@code DEFAULT_PHASE - 1024} and
 * {@code DEFAULT_PHASE - 2048}, which places HTTP intake between the producer and the worker.
 */
public final class LifecyclePhases {

	/** Demo traffic: started last, stopped first. */
	public static final int PRODUCER = SmartLifecycle.DEFAULT_PHASE - 512;

	/** Consumers and retries: started before any intake, stopped after all intake has stopped. */
	public static final int WORKER = SmartLifecycle.DEFAULT_PHASE - 4096;

	/** Periodic figures: started first, stopped last so that FINAL METRICS follows the drain. */
	public static final int REPORTER = SmartLifecycle.DEFAULT_PHASE - 8192;

	private LifecyclePhases() {
	}

}
