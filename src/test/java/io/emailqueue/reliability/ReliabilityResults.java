package io.emailqueue.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Keeps the rows of the reliability results: each scenario appends one JSON line to
 * {@code target/reliability/results.jsonl}, tagged with the run it belongs to, after which
 * {@code target/reliability/results.md} is rewritten from the rows of this run, and so is
 * {@code RELIABILITY.md} at the root of the project when the profile writes the report.
 */
public final class ReliabilityResults {

	/** Where the results go. */
	public static final Path DIRECTORY = Path.of("target", "reliability");

	private static final Path ROWS = DIRECTORY.resolve("results.jsonl");

	private ReliabilityResults() {
	}

	/**
	 * Record the result of a scenario and rewrite the reports.
	 * @param result the result
	 */
	public static synchronized void record(ScenarioResult result) {
		ReliabilityProfile profile = ReliabilityProfile.current();
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("run", runId());
		row.put("profile", profile.name());
		row.put("scenario", result.scenario());
		row.put("load", result.load());
		row.put("fault", result.fault());
		row.put("accepted", result.tally().accepted());
		row.put("delivered", result.tally().delivered());
		row.put("dead", result.tally().dead());
		row.put("notDelivered", result.tally().notDelivered());
		row.put("lost", result.tally().lost());
		row.put("duplicated", result.tally().duplicated());
		row.put("phantom", result.tally().phantom());
		row.put("verdict", result.verdict());
		row.put("durationSeconds", Math.round(result.duration().toMillis() / 100.0) / 10.0);
		row.put("notes", result.notes());
		try {
			Files.createDirectories(DIRECTORY);
			Files.writeString(ROWS, ApiClient.JSON.writeValueAsString(row) + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			List<JsonNode> rows = rowsOfThisRun();
			Files.writeString(DIRECTORY.resolve("results.md"), ReliabilityReport.table(rows), StandardCharsets.UTF_8);
			if (profile.writesReport()) {
				ReliabilityReport.write(rows, Path.of("RELIABILITY.md"));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the rows recorded by this run of the build.
	 * @return the rows, oldest first
	 * @throws IOException if the rows cannot be read
	 */
	public static List<JsonNode> rowsOfThisRun() throws IOException {
		if (!Files.exists(ROWS)) {
			return List.of();
		}
		String run = runId();
		return Files.readAllLines(ROWS, StandardCharsets.UTF_8)
			.stream()
			.filter((line) -> !line.isBlank())
			.map(ApiClient.JSON::readTree)
			.filter((row) -> run.equals(row.path("run").asString()))
			.toList();
	}

	/**
	 * Return how long since a start, for {@link ScenarioResult#duration()}.
	 * @param startNanos the start, from {@link System#nanoTime()}
	 * @return the time since
	 */
	public static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	private static String runId() {
		// The build sets one id for all test JVMs of a run; a lone JVM falls back to its own start.
		return System.getProperty("reliability.run",
				Long.toString(ManagementFactory.getRuntimeMXBean().getStartTime()));
	}

}
