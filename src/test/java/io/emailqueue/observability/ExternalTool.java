package io.emailqueue.observability;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * A command-line tool a test runs, such as {@code promtool} or {@code yamllint}. When it is not on
 * the {@code PATH} the test is skipped, unless the tool is required: on CI ({@code CI=true}) or with
 * {@code -D<tool>.required=true}, where a missing tool fails the test rather than let it pass unseen.
 */
public final class ExternalTool {

	private static final long TIMEOUT_SECONDS = 120;

	private final Path executable;

	private ExternalTool(Path executable) {
		this.executable = executable;
	}

	/**
	 * Find a tool on the {@code PATH}, skipping the calling test if it is missing and not required.
	 * @param name the executable's name
	 * @return the tool
	 */
	public static ExternalTool require(String name) {
		Optional<Path> found = onPath(name);
		if (found.isEmpty()) {
			String hint = name + " is not on the PATH (apt-get install " + packageOf(name) + ")";
			if (Boolean.getBoolean(name + ".required") || "true".equalsIgnoreCase(System.getenv("CI"))) {
				fail(hint + ", and it is required here (CI=true or -D" + name + ".required=true)");
			}
			Assumptions.abort(hint + "; skipped. Set -D" + name + ".required=true to make this a failure.");
		}
		return new ExternalTool(found.get());
	}

	/**
	 * Run the tool and wait for it to end.
	 * @param input what to write to its standard input, or {@code null} for nothing
	 * @param arguments its arguments
	 * @return its exit code and everything it printed, standard output and error together
	 * @throws IOException if it cannot be run
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Result run(String input, String... arguments) throws IOException, InterruptedException {
		Path stdin = Files.createTempFile("tool-input", ".txt");
		Path output = Files.createTempFile("tool-output", ".txt");
		try {
			Files.writeString(stdin, (input != null) ? input : "", StandardCharsets.UTF_8);
			List<String> command = new ArrayList<>();
			command.add(this.executable.toString());
			command.addAll(List.of(arguments));
			Process process = new ProcessBuilder(command).redirectInput(stdin.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail(command + " did not finish within " + TIMEOUT_SECONDS + "s");
			}
			return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(stdin);
			Files.deleteIfExists(output);
		}
	}

	private static Optional<Path> onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory, name);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	private static String packageOf(String name) {
		return "promtool".equals(name) ? "prometheus" : name;
	}

	/**
	 * What a run of the tool ended with.
	 *
	 * @param exitCode its exit code
	 * @param output what it printed on standard output and error
	 */
	public record Result(int exitCode, String output) {

	}

}
