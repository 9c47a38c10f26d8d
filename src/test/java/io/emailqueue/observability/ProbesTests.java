package io.emailqueue.observability;

import java.util.concurrent.CountDownLatch;

import io.emailqueue.intake.EmailIntake;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;
import io.emailqueue.worker.EmailQueueWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.json.BasicJsonTester;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the liveness and readiness probes over HTTP, on the running application, as the queue
 * saturates, a consumer thread dies and shutdown begins. A gated sender holds emails in flight for
 * as long as a test needs; each test gets a fresh application, since a dead consumer or a stopped
 * worker stays so.
 */
@WorkerApplicationTest
@TestPropertySource(properties = { "email.queue.capacity=4", "email.worker.concurrency=2",
		"management.endpoint.health.show-details=always", "email.shutdown.drain-timeout=2s" })
@Import(ProbesTests.GatedSenderConfiguration.class)
@DirtiesContext(classMode = ClassMode.AFTER_EACH_TEST_METHOD)
class ProbesTests {

	private static final String LIVENESS = "/actuator/health/liveness";

	private static final String READINESS = "/actuator/health/readiness";

	private final BasicJsonTester json = new BasicJsonTester(getClass());

	@Autowired
	private RestTestClient http;

	@Autowired
	private EmailIntake intake;

	@Autowired
	private EmailQueue queue;

	@Autowired
	private EmailQueueWorker worker;

	@Autowired
	private GatedEmailSender sender;

	@AfterEach
	void letTheWorkerFinish() {
		this.sender.open();
	}

	@Test
	void bothProbesAreUpWhileTheWorkerDelivers() {
		submit("delivered");
		this.sender.allow(1);
		await().until(() -> this.queue.counts().sent() == 1);
		assertProbe(LIVENESS, HttpStatus.OK, "UP");
		assertProbe(READINESS, HttpStatus.OK, "UP");
	}

	@Test
	void readinessIsOutOfServiceWhileTheQueueIsSaturatedAndLivenessStaysUp() {
		submit("in flight 1");
		submit("in flight 2");
		await().until(() -> this.worker.busyConsumers() == 2);
		for (int i = 1; i <= 4; i++) {
			submit("queued " + i);
		}
		String readiness = assertProbe(READINESS, HttpStatus.SERVICE_UNAVAILABLE, "OUT_OF_SERVICE");
		assertThat(this.json.from(readiness)).extractingJsonPathStringValue("$.components.queue.details.reason")
			.isEqualTo("Queue saturated: 4 of 4 places taken");
		assertProbe(LIVENESS, HttpStatus.OK, "UP");
		this.sender.open();
		await().untilAsserted(() -> assertProbe(READINESS, HttpStatus.OK, "UP"));
	}

	@Test
	void livenessIsDownOnceAConsumerThreadDiesAndReadinessStaysUp() {
		submit(GatedEmailSender.CRASH_SUBJECT);
		await().until(() -> this.worker.aliveConsumers() == 1);
		String liveness = assertProbe(LIVENESS, HttpStatus.SERVICE_UNAVAILABLE, "DOWN");
		assertThat(this.json.from(liveness)).extractingJsonPathNumberValue("$.components.worker.details.workersAlive")
			.isEqualTo(1);
		assertThat(this.json.from(liveness)).extractingJsonPathStringValue("$.components.worker.details.reason")
			.isEqualTo("Only 1 of 2 consumer threads are alive");
		assertProbe(READINESS, HttpStatus.OK, "UP");
	}

	@Test
	void readinessIsOutOfServiceFromTheMomentShutdownBeginsWhileLivenessStaysUpDuringTheDrain() {
		submit("in flight during shutdown");
		await().until(() -> this.worker.busyConsumers() == 1);
		CountDownLatch stopped = new CountDownLatch(1);
		this.worker.stop(stopped::countDown);
		String readiness = assertProbe(READINESS, HttpStatus.SERVICE_UNAVAILABLE, "OUT_OF_SERVICE");
		assertThat(this.json.from(readiness)).extractingJsonPathStringValue("$.components.queue.details.reason")
			.isEqualTo("Shutting down: new emails are refused");
		assertProbe(LIVENESS, HttpStatus.OK, "UP");
		this.sender.open();
		await().until(() -> stopped.getCount() == 0);
		assertThat(this.queue.counts().sent()).isEqualTo(1);
		assertProbe(READINESS, HttpStatus.SERVICE_UNAVAILABLE, "OUT_OF_SERVICE");
	}

	private void submit(String subject) {
		assertThat(this.intake.submit(TestEmails.withSubject(subject), EnqueueSource.API).accepted()).as(subject)
			.isTrue();
	}

	private String assertProbe(String path, HttpStatus status, String health) {
		EntityExchangeResult<String> response = this.http.get().uri(path).exchange().returnResult(String.class);
		assertThat(response.getStatus()).as(path).isEqualTo(status);
		assertThat(this.json.from(response.getResponseBody())).as(path)
			.extractingJsonPathStringValue("$.status")
			.isEqualTo(health);
		return response.getResponseBody();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class GatedSenderConfiguration {

		@Bean
		@Primary
		GatedEmailSender gatedEmailSender() {
			return GatedEmailSender.closed();
		}

	}

}
