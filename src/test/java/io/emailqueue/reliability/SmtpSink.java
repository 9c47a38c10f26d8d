package io.emailqueue.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real SMTP server for end-to-end tests: Postfix's {@code smtp-sink} on a free loopback port,
 * started with the fault options a scenario asks for ({@code -r RCPT} for 4xx, {@code -f RCPT} for
 * 5xx, {@code -Q}, {@code -q}, {@code -w}, {@code -W}; see {@code man smtp-sink}), appending every
 * message it takes to a dump file that this class parses.
 * <p>
 * The port stays the same across {@link #restart(String...)}, so a scenario can take the server
 * away, bring it back or change its faults while the application keeps its configuration.
 */
public final class SmtpSink implements AutoCloseable {

	/** Written before every message in the dump, so that messages can be told apart. */
	private static final String SEPARATOR = "--reliability-smtp-sink-message--";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final int port;

	private final Path dump;

	private Process process;

	private List<String> faults = List.of();

	private SmtpSink(int port, Path dump) {
		this.port = port;
		this.dump = dump;
	}

	/**
	 * Pick a free loopback port and a dump file, without starting the server: the port refuses
	 * connections until {@link #restart(String...)}.
	 * @param directory where the dump file goes
	 * @return the server, not running
	 */
	public static SmtpSink reserve(Path directory) {
		try {
			Path sinkDirectory = Files.createTempDirectory(Files.createDirectories(directory), "smtp-sink-");
			// smtp-sink writes as the unprivileged user it switches to.
			Files.setPosixFilePermissions(sinkDirectory, PosixFilePermissions.fromString("rwxrwxrwx"));
			return new SmtpSink(freePort(), sinkDirectory.resolve("dump"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start a server on a free loopback port.
	 * @param directory where the dump file goes
	 * @param faults the fault options, e.g. {@code "-r", "RCPT"}
	 * @return the running server
	 */
	public static SmtpSink start(Path directory, String... faults) {
		SmtpSink sink = reserve(directory);
		sink.restart(faults);
		return sink;
	}

	/**
	 * Return the port the server listens on, or will.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the fault options the server runs with.
	 * @return the options, empty for a healthy server
	 */
	public List<String> faults() {
		return this.faults;
	}

	/**
	 * Stop the server if it runs and start it again, on the same port, with other fault options.
	 * @param faults the fault options, none for a healthy server
	 */
	public synchronized void restart(String... faults) {
		stop();
		List<String> command = new ArrayList<>();
		command.add(executable());
		if ("root".equals(System.getProperty("user.name"))) {
			command.addAll(List.of("-u", "nobody"));
		}
		command.addAll(List.of("-D", this.dump.toString(), "-S", "\\n" + SEPARATOR + "\\n"));
		command.addAll(Arrays.asList(faults));
		command.addAll(List.of("127.0.0.1:" + this.port, "64"));
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.dump.resolveSibling("smtp-sink.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
		this.faults = List.of(faults);
		await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("smtp-sink ended at once: " + command + "\n"
						+ Files.readString(this.dump.resolveSibling("smtp-sink.log")));
			}
			return isListening();
		});
	}

	/**
	 * Stop the server; connections to its port are refused from now on.
	 */
	public synchronized void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
		await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> !isListening());
	}

	/**
	 * Return whether the server runs.
	 * @return {@code true} while it does
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Return every message the server took so far, in the order it wrote them.
	 * @return the messages
	 */
	public List<SinkMessage> messages() {
		if (!Files.exists(this.dump)) {
			return List.of();
		}
		String content;
		try {
			// Header bytes are kept as they came, whatever their encoding.
			content = Files.readString(this.dump, StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<SinkMessage> messages = new ArrayList<>();
		String[] blocks = content.split("\n" + SEPARATOR + "\n", -1);
		for (int i = 1; i < blocks.length; i++) {
			SinkMessage message = parse(blocks[i]);
			if (message != null) {
				messages.add(message);
			}
		}
		return messages;
	}

	/**
	 * Return how often the server took each email, by the email id its Message-ID carries.
	 * @return the count per email id
	 */
	public Map<String, Integer> deliveriesByEmailId() {
		return deliveriesByEmailId(0);
	}

	/**
	 * Return how often the server took each email since a point, for a scenario that shares the
	 * server with others before it.
	 * @param fromMessage how many messages to pass over, from {@link #messageCount()} at that point
	 * @return the count per email id
	 */
	public Map<String, Integer> deliveriesByEmailId(int fromMessage) {
		Map<String, Integer> deliveries = new LinkedHashMap<>();
		List<SinkMessage> messages = messages();
		for (SinkMessage message : messages.subList(Math.min(fromMessage, messages.size()), messages.size())) {
			message.emailId().ifPresent((id) -> deliveries.merge(id, 1, Integer::sum));
		}
		return deliveries;
	}

	/**
	 * Return how many messages the server has taken so far.
	 * @return the count
	 */
	public int messageCount() {
		return messages().size();
	}

	@Override
	public void close() {
		stop();
	}

	private static SinkMessage parse(String block) {
		int end = block.indexOf("\n\n");
		if (end < 0) {
			// A message still being written: its headers are not complete yet.
			return null;
		}
		List<String> headers = List.of(block.substring(0, end).split("\r?\n"));
		return new SinkMessage(headers, block.substring(end + 2));
	}

	private boolean isListening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static String executable() {
		for (String candidate : List.of("/usr/sbin/smtp-sink", "/usr/bin/smtp-sink")) {
			if (Files.isExecutable(Path.of(candidate))) {
				return candidate;
			}
		}
		throw new IllegalStateException("smtp-sink is missing: install the Debian package postfix (.ci/run does)");
	}

}
