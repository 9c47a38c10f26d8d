package io.emailqueue.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.emailqueue.api.ApiClient.Response;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.emailqueue.api.ApiClient.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EmailController}: emails handed in one by one and in batches, their status, and
 * idempotent repeats, over real HTTP.
 */
@ApiIntegrationTest
class EmailApiTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EmailQueue queue;

	private ApiClient api;

	@BeforeEach
	void createClient() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void submittedEmailIsAcceptedWithItsIdAndLocation() {
		Response response = this.api.postJson("/api/emails", email("Welcome"));
		assertThat(response.status()).isEqualTo(202);
		assertThat(response.contentType()).isEqualTo("application/json");
		String id = response.json().get("id").stringValue();
		assertThat(id).isNotBlank();
		assertThat(response.json().get("status").stringValue()).isEqualTo("QUEUED");
		assertThat(response.header("Location")).isEqualTo("/api/emails/" + id);
	}

	@Test
	void submittedEmailGoesThroughToSent() {
		String id = this.api.postJson("/api/emails", email("Lifecycle")).json().get("id").stringValue();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.api.get("/api/emails/" + id).json().get("status").stringValue(), "SENT"::equals);
		Response response = this.api.get("/api/emails/" + id);
		assertThat(response.status()).isEqualTo(200);
		JsonNode status = response.json();
		assertThat(status.get("id").stringValue()).isEqualTo(id);
		assertThat(status.get("attempt").intValue()).isEqualTo(1);
		assertThat(status.has("acceptedAt")).isTrue();
		assertThat(status.has("lastError")).isFalse();
		assertThat(status.has("nextAttemptAt")).isFalse();
		assertThat(status.has("smtpCode")).isFalse();
	}

	@Test
	void statusOfAnUnknownEmailIsNotFound() {
		Response response = this.api.get("/api/emails/no-such-email");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("status").intValue()).isEqualTo(404);
		assertThat(response.json().get("title").stringValue()).isEqualTo("Not Found");
		assertThat(response.json().get("instance").stringValue()).isEqualTo("/api/emails/no-such-email");
		assertThat(response.json().get("detail").stringValue()).contains("no-such-email");
	}

	@Test
	void repeatWithTheSameIdempotencyKeyAnswersTheFirstIdAndQueuesNothing() {
		String key = "order-" + UUID.randomUUID();
		long before = this.queue.enqueuedFrom(EnqueueSource.API);
		Response first = this.api.postJson("/api/emails", email("Order"), "Idempotency-Key", key);
		Response repeat = this.api.postJson("/api/emails", email("Order"), "Idempotency-Key", key);
		assertThat(first.status()).isEqualTo(202);
		assertThat(repeat.status()).isEqualTo(202);
		assertThat(repeat.body()).isEqualTo(first.body());
		assertThat(repeat.header("Location")).isEqualTo(first.header("Location"));
		assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(first.header("Idempotent-Replayed")).isNull();
		assertThat(this.queue.enqueuedFrom(EnqueueSource.API)).isEqualTo(before + 1);
	}

	@Test
	void concurrentRepeatsWithTheSameKeyQueueOnce() {
		String key = "concurrent-" + UUID.randomUUID();
		long before = this.queue.enqueuedFrom(EnqueueSource.API);
		ExecutorService clients = Executors.newFixedThreadPool(8);
		List<Response> responses;
		try {
			List<CompletableFuture<Response>> sent = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				sent.add(CompletableFuture.supplyAsync(
						() -> this.api.postJson("/api/emails", email("Once"), "Idempotency-Key", key), clients));
			}
			responses = sent.stream().map(CompletableFuture::join).toList();
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(responses).extracting(Response::status).containsAnyOf(202).allMatch((s) -> s == 202 || s == 409);
		assertThat(responses).filteredOn((response) -> response.status() == 202)
			.extracting((response) -> response.json().get("id").stringValue())
			.containsOnly(responses.stream()
				.filter((response) -> response.status() == 202)
				.findFirst()
				.orElseThrow()
				.json()
				.get("id")
				.stringValue());
		assertThat(responses).filteredOn((response) -> response.status() == 409).allSatisfy((conflict) -> {
			assertThat(conflict.contentType()).isEqualTo("application/problem+json");
			assertThat(conflict.header("Retry-After")).isEqualTo("1");
		});
		assertThat(this.queue.enqueuedFrom(EnqueueSource.API)).isEqualTo(before + 1);
	}

	@Test
	void sameKeyForAnotherEmailIsUnprocessable() {
		String key = "reused-" + UUID.randomUUID();
		assertThat(this.api.postJson("/api/emails", email("First"), "Idempotency-Key", key).status()).isEqualTo(202);
		long before = this.queue.enqueuedFrom(EnqueueSource.API);
		Response response = this.api.postJson("/api/emails", email("Second"), "Idempotency-Key", key);
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("detail").stringValue()).contains("Idempotency-Key");
		assertThat(this.queue.enqueuedFrom(EnqueueSource.API)).isEqualTo(before);
	}

	@Test
	void invalidIdempotencyKeyIsBadRequestNamingTheHeader() {
		Response response = this.api.postJson("/api/emails", email("Key"), "Idempotency-Key", "k".repeat(256));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("Idempotency-Key");
	}

	@Test
	void batchIsAcceptedWithAnIdForEachEmail() {
		Response response = this.api.postJson("/api/emails/batch",
				"{\"emails\": [" + email("One") + ", " + email("Two") + ", " + email("Three") + "]}");
		assertThat(response.status()).isEqualTo(202);
		JsonNode batch = response.json();
		assertThat(batch.get("accepted").intValue()).isEqualTo(3);
		assertThat(batch.get("rejected").intValue()).isEqualTo(0);
		assertThat(response.header("Retry-After")).isNull();
		for (int i = 0; i < 3; i++) {
			JsonNode item = batch.get("emails").get(i);
			assertThat(item.get("index").intValue()).isEqualTo(i);
			assertThat(item.get("status").stringValue()).isEqualTo("QUEUED");
			assertThat(this.api.get("/api/emails/" + item.get("id").stringValue()).status()).isEqualTo(200);
		}
	}

	@Test
	void batchWithOneInvalidEmailIsRefusedWholeNamingTheField() {
		long before = this.queue.enqueuedFrom(EnqueueSource.API);
		long rejectedBefore = this.queue.counts().rejectedInvalid();
		Response response = this.api.postJson("/api/emails/batch", "{\"emails\": [" + email("0") + ", " + email("1")
				+ ", " + email("2") + ", {\"to\": [\"jane@\"], \"subject\": \"3\", \"text\": \"x\"}, " + email("4") + "]}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("errors")).hasSize(1);
		assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("emails[3].to[0]");
		assertThat(this.queue.enqueuedFrom(EnqueueSource.API)).isEqualTo(before);
		assertThat(this.queue.counts().rejectedInvalid()).isEqualTo(rejectedBefore + 1);
	}

	@Test
	void batchLargerThanTheLimitIsBadRequest() {
		String six = String.join(", ", List.of(email("1"), email("2"), email("3"), email("4"), email("5"), email("6")));
		Response response = this.api.postJson("/api/emails/batch", "{\"emails\": [" + six + "]}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("message").stringValue())
			.isEqualTo("must hold at most 5 emails but holds 6");
	}

	@Test
	void batchRepeatWithTheSameIdempotencyKeyQueuesNothing() {
		String key = "batch-" + UUID.randomUUID();
		String batch = "{\"emails\": [" + email("A") + ", " + email("B") + "]}";
		long before = this.queue.enqueuedFrom(EnqueueSource.API);
		Response first = this.api.postJson("/api/emails/batch", batch, "Idempotency-Key", key);
		Response repeat = this.api.postJson("/api/emails/batch", batch, "Idempotency-Key", key);
		assertThat(repeat.status()).isEqualTo(202);
		assertThat(repeat.body()).isEqualTo(first.body());
		assertThat(this.queue.enqueuedFrom(EnqueueSource.API)).isEqualTo(before + 2);
	}

}
