package io.emailqueue.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import io.emailqueue.process.AppProcess;
import org.junit.jupiter.api.Assumptions;

/**
 * The packaged application as a real process configured to deliver over SMTP to an
 * {@link SmtpSink}, with its API client: the demo producer off, addresses unmasked in the console
 * (the ledger reads them), METRICS every second and short SMTP timeouts. A scenario overrides any
 * setting by name.
 */
public final class WorkerProcess implements AutoCloseable {

	/** The API token of every reliability run; also a secret that must never be printed. */
	public static final String TOKEN = "rel-token-7f3c9a1e5b2d4c6f8a0e";

	/** How long a start may take on 2 busy cores. */
	public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private final AppProcess process;

	private final ApiClient api;

	private final int port;

	private WorkerProcess(AppProcess process, int port) {
		this.process = process;
		this.port = port;
		this.api = new ApiClient(port, TOKEN);
	}

	/**
	 * Start the application and wait until its API listens.
	 * @param name a name for the console log in {@code target/it-logs}
	 * @param smtpPort the port of the SMTP server
	 * @param settings settings by name (without {@code --}) that add to or replace the defaults
	 * @return the running application
	 */
	public static WorkerProcess start(String name, int smtpPort, Map<String, String> settings) {
		return start(name, smtpPort, settings, Map.of("EMAIL_API_TOKEN", TOKEN));
	}

	/**
	 * Start the application with its own environment and wait until its API listens.
	 * @param name a name for the console log in {@code target/it-logs}
	 * @param smtpPort the port of the SMTP server
	 * @param settings settings by name (without {@code --}) that add to or replace the defaults
	 * @param environment the environment variables, the API token among them
	 * @return the running application
	 */
	public static WorkerProcess start(String name, int smtpPort, Map<String, String> settings,
			Map<String, String> environment) {
		assumePackagedWithApiAndSmtp();
		Map<String, String> all = new LinkedHashMap<>();
		all.put("server.port", "0");
		all.put("email.sender.type", "smtp");
		all.put("spring.mail.host", "127.0.0.1");
		all.put("spring.mail.port", Integer.toString(smtpPort));
		all.put("email.from", "reliability@example.com");
		all.put("email.producer.enabled", "false");
		all.put("email.reporter.interval", "1s");
		all.put("email.logging.mask-addresses", "false");
		all.put("spring.mail.properties.mail.smtp.connectiontimeout", "2000");
		all.put("spring.mail.properties.mail.smtp.timeout", "3000");
		all.put("spring.mail.properties.mail.smtp.writetimeout", "3000");
		all.putAll(settings);
		List<String> arguments = new ArrayList<>();
		// One argument per setting: Spring joins repeated command-line settings with commas.
		all.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		AppProcess process = AppProcess.start(name, environment, arguments.toArray(String[]::new));
		try {
			return new WorkerProcess(process, process.awaitPort(START_TIMEOUT));
		}
		catch (RuntimeException ex) {
			closeQuietly(process);
			throw new IllegalStateException("The application did not start; its console:\n"
					+ String.join("\n", process.lines()), ex);
		}
	}

	/**
	 * Skip the reliability scenarios while the packaged jar lacks the HTTP API or the SMTP sender,
	 * as on a branch where they have not landed yet.
	 */
	public static void assumePackagedWithApiAndSmtp() {
		String jar = System.getProperty("app.jar");
		Assumptions.assumeTrue(jar != null && Files.exists(Path.of(jar)), "The packaged jar is missing: " + jar);
		try (ZipFile zip = new ZipFile(jar)) {
			boolean api = zip.stream().anyMatch((entry) -> entry.getName().startsWith("BOOT-INF/classes/io/emailqueue/api/"));
			boolean smtp = zip.stream()
				.anyMatch((entry) -> entry.getName().startsWith("BOOT-INF/classes/io/emailqueue/delivery/smtp/"));
			Assumptions.assumeTrue(api && smtp, "The packaged application has no HTTP API or no SMTP sender yet");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the process.
	 * @return the process
	 */
	public AppProcess process() {
		return this.process;
	}

	/**
	 * Return the API client.
	 * @return the client
	 */
	public ApiClient api() {
		return this.api;
	}

	/**
	 * Return the HTTP port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Hand in one email to one recipient and note it in the ledger if it is accepted.
	 * @param ledger the ledger
	 * @param recipient the only recipient, unique to this email
	 * @return the answer
	 */
	public HttpResponse<String> submit(Ledger ledger, String recipient) {
		HttpResponse<String> response = this.api.submit(TestEmails.to(recipient));
		if (response.statusCode() == 202) {
			ledger.accepted(ApiClient.JSON.readTree(response.body()).path("id").asString(), recipient);
		}
		return response;
	}

	/**
	 * Hand in a batch with one email to each recipient and note in the ledger those accepted.
	 * @param ledger the ledger
	 * @param recipients the recipients, each unique to its email
	 * @return the answer
	 */
	public HttpResponse<String> submitBatch(Ledger ledger, List<String> recipients) {
		HttpResponse<String> response = this.api.submitBatch(TestEmails.batch(recipients));
		if (response.statusCode() == 202) {
			ApiClient.JSON.readTree(response.body()).path("emails").forEach((item) -> {
				if (item.hasNonNull("id")) {
					ledger.accepted(item.path("id").asString(), recipients.get(item.path("index").asInt()));
				}
			});
		}
		return response;
	}

	/**
	 * Return the state of each email, as {@code GET /api/emails/{id}} tells it.
	 * @param ids the email ids
	 * @return the state per id, {@code UNKNOWN} for an id the API does not know
	 */
	public Map<String, String> states(java.util.Collection<String> ids) {
		Map<String, String> states = new LinkedHashMap<>();
		for (String id : ids) {
			states.put(id, this.api.status(id).map((status) -> status.path("status").asString()).orElse("UNKNOWN"));
		}
		return states;
	}

	/**
	 * Return whether every email has finished: delivered or dead.
	 * @param ids the email ids
	 * @return {@code true} when each is {@code SENT} or {@code DEAD}
	 */
	public boolean allFinished(java.util.Collection<String> ids) {
		return states(ids).values().stream().allMatch((state) -> state.equals("SENT") || state.equals("DEAD"));
	}

	/**
	 * Return the resident set size of the process, from {@code /proc/PID/status}.
	 * @return VmRSS in KiB
	 */
	public long residentKib() {
		try {
			return Files.readAllLines(Path.of("/proc", Long.toString(this.process.pid()), "status"))
				.stream()
				.filter((line) -> line.startsWith("VmRSS:"))
				.map((line) -> Long.parseLong(line.replaceAll("\\D", "")))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.close();
	}

	private static void closeQuietly(AppProcess process) {
		try {
			process.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
