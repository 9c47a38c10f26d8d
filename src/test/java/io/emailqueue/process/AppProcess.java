package io.emailqueue.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The packaged application running as a real operating-system process, for end-to-end tests: it
 * is started with {@code java -jar}, its console is collected line by line (and copied to
 * {@code target/it-logs}), and it is stopped with real signals.
 */
public final class AppProcess implements AutoCloseable {

	private static final Pattern PORT_LINE = Pattern.compile("listening on port (\\d+)");

	private final Process process;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private AppProcess(Process process, Path log) {
		this.process = process;
		this.reader = Thread.ofPlatform().daemon().name("app-output-" + process.pid()).start(() -> collect(log));
	}

	/**
	 * Start the packaged application with the JVM that runs the tests.
	 * @param name a name for the log file
	 * @param environment extra environment variables
	 * @param arguments the application arguments
	 * @return the running process
	 */
	public static AppProcess start(String name, java.util.Map<String, String> environment, String... arguments) {
		String jar = System.getProperty("app.jar");
		if (jar == null || !Files.exists(Path.of(jar))) {
			throw new IllegalStateException("The packaged jar (system property app.jar) is missing: " + jar
					+ "; end-to-end tests run in the integration-test phase, after package");
		}
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx256m");
		command.add("-jar");
		command.add(jar);
		command.addAll(List.of(arguments));
		try {
			Path logs = Files.createDirectories(Path.of("target", "it-logs"));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			builder.environment().putAll(environment);
			return new AppProcess(builder.start(), logs.resolve(name + ".log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the process id.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Return every line printed so far.
	 * @return the lines
	 */
	public List<String> lines() {
		return List.copyOf(this.lines);
	}

	/**
	 * Wait for a line that matches and return it.
	 * @param matcher what the line must satisfy
	 * @param timeout how long to wait
	 * @return the first matching line
	 */
	public String awaitLine(Predicate<String> matcher, Duration timeout) {
		return await().atMost(timeout)
			.until(() -> this.lines.stream().filter(matcher).findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	/**
	 * Wait for the line that says which port the HTTP API listens on.
	 * @param timeout how long to wait
	 * @return the port
	 */
	public int awaitPort(Duration timeout) {
		Matcher matcher = PORT_LINE.matcher(awaitLine((line) -> PORT_LINE.matcher(line).find(), timeout));
		matcher.find();
		return Integer.parseInt(matcher.group(1));
	}

	/**
	 * Send a signal with {@code kill}.
	 * @param signal the signal name, e.g. {@code TERM}, {@code INT} or {@code KILL}
	 */
	public void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Wait for the process to exit.
	 * @param timeout how long to wait
	 * @return the exit code, or empty if it is still running
	 */
	public Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
			return Optional.empty();
		}
		this.reader.join(Duration.ofSeconds(10));
		return Optional.of(this.process.exitValue());
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
	}

	private void collect(Path log) {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
			String line;
			while ((line = in.readLine()) != null) {
				this.lines.add(line);
				out.write(line);
				out.newLine();
				out.flush();
			}
		}
		catch (IOException ex) {
			// The process ended; what it printed is already collected.
		}
	}

}
