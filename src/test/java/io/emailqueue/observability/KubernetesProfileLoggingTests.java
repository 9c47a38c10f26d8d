package io.emailqueue.observability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.emailqueue.EmailQueueWorkerApplication;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that the {@code kubernetes} profile logs one ECS JSON object per line on standard output,
 * with the worker's {@code email.*} key-value pairs as fields.
 * <p>
 * The application runs in a JVM of its own, started as the container starts it, rather than in a
 * test context with {@code OutputCaptureExtension}: Spring Boot configures logging once per JVM
 * while any application context is open, so a test context started after the others (which the
 * test framework keeps open for reuse) would still log in the format they set up.
 */
class KubernetesProfileLoggingTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<String> stdout = new CopyOnWriteArrayList<>();

	private Process application;

	@TempDir
	private Path temp;

	@AfterEach
	void stopApplication() throws InterruptedException {
		if (this.application != null) {
			this.application.destroy();
			if (!this.application.waitFor(60, TimeUnit.SECONDS)) {
				this.application.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void everyLineIsAnEcsObjectAndTheWorkersKeyValuePairsAreFields() throws IOException {
		Path stderr = this.temp.resolve("stderr.txt");
		this.application = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
				EmailQueueWorkerApplication.class.getName(), "--spring.profiles.active=kubernetes", "--server.port=0",
				// Demo traffic, only here, so that there is something to deliver without the HTTP API.
				"--email.producer.enabled=true", "--email.producer.min-interval=100ms",
				"--email.producer.max-interval=100ms", "--email.sender.simulated.min-latency=1ms",
				"--email.sender.simulated.max-latency=1ms", "--email.sender.simulated.transient-failure-rate=0",
				"--email.reporter.enabled=false")
			.redirectError(stderr.toFile())
			.start();
		Thread.ofVirtual().name("application-stdout").start(this::collectStdout);
		await().atMost(Duration.ofMinutes(2))
			.failFast("the application ended", () -> !this.application.isAlive())
			.until(() -> sentLine() != null);
		Map<String, Object> sent = sentLine();
		assertThat(sent).containsKeys("@timestamp", "message", "ecs");
		assertThat(sent).extractingByKey("log").asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("level", "INFO");
		assertThat(sent).extractingByKey("service").asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("name", "email-queue-worker");
		assertThat(sent).extractingByKey("email").asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("attempt", 1)
			.containsEntry("outcome", "sent")
			.hasEntrySatisfying("id", (id) -> assertThat(id).asString().hasSize(36));
		assertThat(this.stdout).as("standard output, line by line").allSatisfy((line) -> assertThat(parse(line))
			.as("a JSON object: %s", line)
			.isNotNull());
		assertThat(Files.readString(stderr)).as("standard error").doesNotContain("Exception");
	}

	private Map<String, Object> sentLine() {
		for (String line : this.stdout) {
			Map<String, Object> object = parse(line);
			if (object != null && String.valueOf(object.get("message")).contains("Email sent")) {
				return object;
			}
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> parse(String line) {
		try {
			return JSON.readValue(line, Map.class);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private void collectStdout() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.application.getInputStream(), StandardCharsets.UTF_8))) {
			reader.lines().forEach(this.stdout::add);
		}
		catch (IOException | UncheckedIOException ex) {
			// The application ended and its output was closed; what it printed is collected.
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
