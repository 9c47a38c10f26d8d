package io.emailqueue;

import java.time.Duration;
import java.util.List;

import io.emailqueue.queue.EmailQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the start and shutdown order of the worker's lifecycle components.
 */
@ExtendWith(OutputCaptureExtension.class)
class LifecycleOrderTests {

	@Test
	void phasesPutIntakeFirstAndTheReporterLastOnShutdown() {
		assertThat(LifecyclePhases.PRODUCER).isGreaterThan(LifecyclePhases.WORKER);
		assertThat(LifecyclePhases.WORKER).isGreaterThan(LifecyclePhases.REPORTER);
		// Spring Boot's web server stops at DEFAULT_PHASE - 1024 (graceful) and - 2048: between them.
		assertThat(LifecyclePhases.PRODUCER).isGreaterThan(Integer.MAX_VALUE - 1024);
		assertThat(LifecyclePhases.WORKER).isLessThan(Integer.MAX_VALUE - 2048);
	}

	@Test
	void shutdownStopsTheProducerThenDrainsThenPrintsFinalMetrics(CapturedOutput output) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EmailQueueWorkerApplication.class)
			.run("--server.port=0", "--email.producer.min-interval=10ms", "--email.producer.max-interval=20ms",
					"--email.sender.simulated.min-latency=30ms", "--email.sender.simulated.max-latency=40ms",
					"--email.worker.concurrency=1");
		EmailQueue queue = context.getBean(EmailQueue.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> queue.counts().sent() > 0);
		context.close();
		String out = output.getOut();
		List<String> expectedOrder = List.of("📊 Metrics Reporter started", "📧 Email Queue Worker started",
				"📨 Email Producer started", "📨 Email Producer stopped", "🛑 Shutting down: draining",
				"📧 Email Queue Worker stopped", "📊 FINAL METRICS", "=== Application stopped gracefully ===");
		int previous = -1;
		for (String line : expectedOrder) {
			int index = out.indexOf(line, previous + 1);
			assertThat(index).as("'%s' after the lines before it", line).isGreaterThan(previous);
			previous = index;
		}
		assertThat(out.substring(out.indexOf("🛑 Shutting down"))).doesNotContain("📨 Queued email");
	}

	@Test
	void refusesToStartWhenTheShutdownPhaseTimeoutIsNotLongerThanTheDrain() {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(EmailQueueWorkerApplication.class).run("--server.port=0",
					"--email.producer.enabled=false", "--email.shutdown.drain-timeout=40s"))
			.withStackTraceContaining("spring.lifecycle.timeout-per-shutdown-phase (PT30S) must be longer than");
	}

	@Test
	void refusesToStartWithAnInvalidSettingAndNamesIt() {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(EmailQueueWorkerApplication.class).run("--server.port=0",
					"--email.producer.enabled=false", "--email.queue.capacity=0"))
			.withStackTraceContaining("email.queue.capacity must be at least 1 but was 0");
	}

}
