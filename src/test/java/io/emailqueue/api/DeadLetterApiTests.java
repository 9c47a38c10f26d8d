package io.emailqueue.api;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.emailqueue.api.ApiClient.Response;
import io.emailqueue.deadletter.DeadLetter;
import io.emailqueue.deadletter.DeadLetterStore;
import io.emailqueue.queue.Email;
import io.emailqueue.queue.EmailContent;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;
import io.emailqueue.tracking.EmailStatusStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DeadLetterController}, over real HTTP, with dead letters put in the store as
 * the worker would.
 */
@ApiIntegrationTest
class DeadLetterApiTests {

	@LocalServerPort
	private int port;

	@Autowired
	private DeadLetterStore deadLetters;

	@Autowired
	private EmailStatusStore statuses;

	@Autowired
	private EmailQueue queue;

	@Autowired
	private Clock clock;

	private ApiClient api;

	@BeforeEach
	void createClient() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void listsDeadLettersNewestFirstWithTotalAndEvicted() {
		DeadLetter oldest = deadLetter("Oldest", 3);
		DeadLetter middle = deadLetter("Middle", 4);
		DeadLetter newest = deadLetter("Newest", 4);
		Response response = this.api.get("/api/dead-letters?page=0&size=2");
		assertThat(response.status()).isEqualTo(200);
		JsonNode page = response.json();
		assertThat(page.get("page").intValue()).isZero();
		assertThat(page.get("size").intValue()).isEqualTo(2);
		assertThat(page.get("total").intValue()).isEqualTo(this.deadLetters.size());
		assertThat(page.get("evicted").longValue()).isEqualTo(this.deadLetters.evicted());
		assertThat(page.get("items").valueStream().map((item) -> item.get("id").stringValue()))
			.containsExactly(newest.id(), middle.id());
		JsonNode item = page.get("items").get(0);
		assertThat(item.get("to").get(0).stringValue()).isEqualTo("jane@example.org");
		assertThat(item.get("subject").stringValue()).isEqualTo("Newest");
		assertThat(item.get("error").stringValue()).isEqualTo("550 5.1.1 Mailbox unavailable");
		assertThat(item.get("smtpCode").intValue()).isEqualTo(550);
		assertThat(item.get("permanent").booleanValue()).isTrue();
		assertThat(item.get("attempts").intValue()).isEqualTo(4);
		assertThat(item.has("deadAt")).isTrue();
		assertThat(this.api.get("/api/dead-letters?page=1&size=2")
			.json()
			.get("items")
			.get(0)
			.get("id")
			.stringValue()).isEqualTo(oldest.id());
	}

	@Test
	void listUsesDefaultPaging() {
		deadLetter("Default", 1);
		JsonNode page = this.api.get("/api/dead-letters").json();
		assertThat(page.get("page").intValue()).isZero();
		assertThat(page.get("size").intValue()).isEqualTo(DeadLetterController.DEFAULT_PAGE_SIZE);
	}

	@Test
	void invalidPagingIsBadRequestNamingEachParameter() {
		Response response = this.api.get("/api/dead-letters?page=-1&size=101");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("errors").valueStream().map((error) -> error.get("field").stringValue()))
			.containsExactly("page", "size");
		assertThat(this.api.get("/api/dead-letters?size=abc").json().get("errors").get(0).get("field").stringValue())
			.isEqualTo("size");
	}

	@Test
	void retryQueuesTheEmailAgainWithItsIdAndFreshAttemptsUntilSent() {
		DeadLetter letter = deadLetter("Retry me", 4);
		long replaysBefore = this.queue.enqueuedFrom(EnqueueSource.REPLAY);
		Response response = this.api.send(this.api.request("/api/dead-letters/" + letter.id() + "/retry")
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(response.status()).isEqualTo(202);
		assertThat(response.json().get("id").stringValue()).isEqualTo(letter.id());
		assertThat(response.json().get("status").stringValue()).isEqualTo("QUEUED");
		assertThat(response.header("Location")).isEqualTo("/api/emails/" + letter.id());
		assertThat(this.queue.enqueuedFrom(EnqueueSource.REPLAY)).isEqualTo(replaysBefore + 1);
		assertThat(this.deadLetters.find(letter.id())).isEmpty();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.api.get("/api/emails/" + letter.id()).json().get("status").stringValue(), "SENT"::equals);
		JsonNode status = this.api.get("/api/emails/" + letter.id()).json();
		assertThat(status.get("attempt").intValue()).isEqualTo(1);
		assertThat(Instant.parse(status.get("acceptedAt").stringValue())).isAfter(letter.email().acceptedAt());
	}

	@Test
	void retryOfAnUnknownDeadLetterIsNotFound() {
		Response response = this.api.send(this.api.request("/api/dead-letters/no-such-letter/retry")
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void deleteDiscardsTheDeadLetter() {
		DeadLetter letter = deadLetter("Discard me", 1);
		Response deleted = this.api.send(this.api.request("/api/dead-letters/" + letter.id()).DELETE());
		assertThat(deleted.status()).isEqualTo(204);
		assertThat(deleted.body()).isEmpty();
		assertThat(this.deadLetters.find(letter.id())).isEmpty();
		Response again = this.api.send(this.api.request("/api/dead-letters/" + letter.id()).DELETE());
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void statusOfADeadEmailShowsItsErrorAndSmtpCode() {
		DeadLetter letter = deadLetter("Dead", 2);
		JsonNode status = this.api.get("/api/emails/" + letter.id()).json();
		assertThat(status.get("status").stringValue()).isEqualTo("DEAD");
		assertThat(status.get("lastError").stringValue()).isEqualTo("550 5.1.1 Mailbox unavailable");
		assertThat(status.get("smtpCode").intValue()).isEqualTo(550);
	}

	private DeadLetter deadLetter(String subject, int attempts) {
		Instant acceptedAt = this.clock.instant().minusSeconds(60);
		Email email = new Email(UUID.randomUUID().toString(), new EmailContent(List.of("jane@example.org"), null, null,
				null, null, subject, "Hello", null, 5), attempts, acceptedAt);
		this.statuses.queued(email);
		this.statuses.dead(email, "550 5.1.1 Mailbox unavailable", 550);
		DeadLetter letter = new DeadLetter(email, "550 5.1.1 Mailbox unavailable", 550, true, this.clock.instant());
		this.deadLetters.add(letter);
		return letter;
	}

}
