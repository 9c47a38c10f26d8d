package io.emailqueue.api;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import io.emailqueue.api.ApiClient.Response;
import io.emailqueue.deadletter.DeadLetter;
import io.emailqueue.deadletter.DeadLetterStore;
import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.SendResult;
import io.emailqueue.queue.Email;
import io.emailqueue.queue.EmailContent;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;
import io.emailqueue.tracking.EmailStatusStore;
import io.emailqueue.worker.EmailQueueWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import static io.emailqueue.api.ApiClient.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the API's answers when the queue is full: a queue of one, one consumer held by a
 * sender that waits for the test to let it go, and a short offer timeout.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "email.api.token=" + ApiClient.TOKEN, "email.producer.enabled=false",
				"email.reporter.enabled=false", "email.queue.capacity=1", "email.queue.offer-timeout=100ms",
				"email.worker.concurrency=1", "email.api.retry-after=7s", "email.shutdown.drain-timeout=1s",
				"email.shutdown.consumer-stop-timeout=1s", "spring.lifecycle.timeout-per-shutdown-phase=10s" })
class BackpressureApiTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EmailQueue queue;

	@Autowired
	private EmailQueueWorker worker;

	@Autowired
	private GatedEmailSender sender;

	@Autowired
	private DeadLetterStore deadLetters;

	@Autowired
	private EmailStatusStore statuses;

	@Autowired
	private Clock clock;

	private ApiClient api;

	@BeforeEach
	void holdTheConsumer() {
		this.api = new ApiClient(this.port);
		this.sender.close();
		assertThat(this.api.postJson("/api/emails", email("Held by the consumer")).status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.worker.busyConsumers() == 1);
	}

	@AfterEach
	void letEverythingGo() {
		this.sender.open();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.queue.counts().unfinished() == 0);
	}

	@Test
	void fullQueueAnswersServiceUnavailableWithRetryAfter() {
		fillTheQueue();
		long before = this.queue.counts().rejectedFull();
		Response response = this.api.postJson("/api/emails", email("No room"));
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.header("Retry-After")).isEqualTo("7");
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").intValue()).isEqualTo(503);
		assertThat(problem.get("reason").stringValue()).isEqualTo("QUEUE_FULL");
		assertThat(problem.get("detail").stringValue()).contains("full");
		assertThat(this.queue.counts().rejectedFull()).isEqualTo(before + 1);
	}

	@Test
	void refusedRequestReleasesItsIdempotencyKey() {
		fillTheQueue();
		String key = "retry-later-" + UUID.randomUUID();
		assertThat(this.api.postJson("/api/emails", email("Later"), "Idempotency-Key", key).status()).isEqualTo(503);
		this.sender.open();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.queue.size() == 0);
		assertThat(this.api.postJson("/api/emails", email("Later"), "Idempotency-Key", key).status()).isEqualTo(202);
	}

	@Test
	void batchPartlyQueuedSaysWhichEmailsWereNotAndWhy() {
		long before = this.queue.enqueuedFrom(EnqueueSource.API);
		Response response = this.api.postJson("/api/emails/batch",
				"{\"emails\": [" + email("Fits") + ", " + email("No room") + ", " + email("No room either") + "]}");
		assertThat(response.status()).isEqualTo(202);
		assertThat(response.header("Retry-After")).isEqualTo("7");
		JsonNode batch = response.json();
		assertThat(batch.get("accepted").intValue()).isEqualTo(1);
		assertThat(batch.get("rejected").intValue()).isEqualTo(2);
		JsonNode emails = batch.get("emails");
		assertThat(emails.get(0).get("status").stringValue()).isEqualTo("QUEUED");
		assertThat(emails.get(0).get("id").stringValue()).isNotBlank();
		for (int i = 1; i < 3; i++) {
			assertThat(emails.get(i).get("index").intValue()).isEqualTo(i);
			assertThat(emails.get(i).get("status").stringValue()).isEqualTo("NOT_QUEUED");
			assertThat(emails.get(i).get("reason").stringValue()).isEqualTo("QUEUE_FULL");
			assertThat(emails.get(i).has("id")).isFalse();
		}
		assertThat(this.queue.enqueuedFrom(EnqueueSource.API)).isEqualTo(before + 1);
	}

	@Test
	void batchOfWhichNothingFitsAnswersServiceUnavailable() {
		fillTheQueue();
		Response response = this.api.postJson("/api/emails/batch",
				"{\"emails\": [" + email("No room") + ", " + email("No room either") + "]}");
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.header("Retry-After")).isEqualTo("7");
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("reason").stringValue()).isEqualTo("QUEUE_FULL");
	}

	@Test
	void refusedRetryOfADeadLetterKeepsItAndItsStatus() {
		fillTheQueue();
		Email email = new Email(UUID.randomUUID().toString(),
				new EmailContent(List.of("jane@example.org"), null, null, null, null, "Dead", "Hello", null, 5), 4,
				this.clock.instant());
		this.statuses.queued(email);
		this.statuses.dead(email, "550 5.1.1 Mailbox unavailable", 550);
		DeadLetter letter = new DeadLetter(email, "550 5.1.1 Mailbox unavailable", 550, true, this.clock.instant());
		this.deadLetters.add(letter);
		Response response = this.api.send(this.api.request("/api/dead-letters/" + email.id() + "/retry")
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.header("Retry-After")).isEqualTo("7");
		assertThat(response.json().get("reason").stringValue()).isEqualTo("QUEUE_FULL");
		assertThat(this.deadLetters.find(email.id())).containsSame(letter);
		JsonNode status = this.api.get("/api/emails/" + email.id()).json();
		assertThat(status.get("status").stringValue()).isEqualTo("DEAD");
		assertThat(status.get("smtpCode").intValue()).isEqualTo(550);
		this.deadLetters.remove(email.id());
	}

	private void fillTheQueue() {
		assertThat(this.api.postJson("/api/emails", email("Fills the queue")).status()).isEqualTo(202);
		assertThat(this.queue.size()).isEqualTo(this.queue.capacity());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class GatedSenderConfiguration {

		@Bean
		@Primary
		GatedEmailSender gatedEmailSender() {
			return new GatedEmailSender();
		}

	}

	/**
	 * A sender whose sends wait until the test opens the gate.
	 */
	static final class GatedEmailSender implements EmailSender {

		private volatile CountDownLatch gate = new CountDownLatch(0);

		void close() {
			this.gate = new CountDownLatch(1);
		}

		void open() {
			this.gate.countDown();
		}

		@Override
		public Session openSession() {
			return new Session() {

				@Override
				public SendResult send(Email email) {
					try {
						GatedEmailSender.this.gate.await();
						return SendResult.sent("250 Ok");
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return SendResult.transientFailure("Interrupted", 0, false);
					}
				}

				@Override
				public void close() {
				}

			};
		}

	}

}
