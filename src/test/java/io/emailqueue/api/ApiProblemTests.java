package io.emailqueue.api;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import io.emailqueue.api.ApiClient.Response;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.emailqueue.api.ApiClient.email;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApiExceptionHandler} and {@link RequestSizeLimitFilter}: every refusal is a
 * problem detail, over real HTTP.
 */
@ApiIntegrationTest
class ApiProblemTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EmailQueue queue;

	private ApiClient api;

	private long enqueuedBefore;

	private long rejectedBefore;

	@BeforeEach
	void createClient() {
		this.api = new ApiClient(this.port);
		this.enqueuedBefore = this.queue.enqueuedFrom(EnqueueSource.API);
		this.rejectedBefore = this.queue.counts().rejectedInvalid();
	}

	@Test
	void invalidEmailIsBadRequestNamingEveryFieldAndIsCounted() {
		Response response = this.api.postJson("/api/emails", """
				{"to": ["not-an-address"], "subject": "", "priority": 0, "colour": "red"}""");
		assertProblem(response, 400);
		assertThat(response.json().get("errors").valueStream().map((error) -> error.get("field").stringValue()))
			.containsExactlyInAnyOrder("colour", "to[0]", "subject", "text", "priority");
		assertThat(response.json().get("errors").get(0).has("message")).isTrue();
		assertNothingQueued();
		assertThat(this.queue.counts().rejectedInvalid()).isEqualTo(this.rejectedBefore + 1);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"to": ["jane@example.org"], "subject": "Hi\\r\\nBcc: victim@example.org", "text": "x"}         | subject
			{"to": ["jane@example.org\\nBcc: victim@example.org"], "subject": "Hi", "text": "x"}           | to[0]
			{"to": ["Jane\\r\\nBcc: victim@example.org <jane@example.org>"], "subject": "Hi", "text": "x"} | to[0]
			{"to": ["jane@example.org"], "cc": ["Joe\\u2028 <joe@example.org>"], "subject": "Hi", "text": "x"} | cc[0]
			{"to": ["jane@example.org"], "bcc": ["joe@exa\\u0085mple.org"], "subject": "Hi", "text": "x"} | bcc[0]
			{"to": ["jane@example.org"], "from": "=?UTF-8?Q?Shop=0D=0ABcc:_x@example.org?= <shop@example.org>", "subject": "Hi", "text": "x"} | from
			{"to": ["jane@example.org"], "replyTo": "a@example.org\\r\\n", "subject": "Hi", "text": "x"} | replyTo
			{"to": ["jane@example.org"], "subject": "=?UTF-8?B?SGkNCkJjYzogdmljdGltQGV4YW1wbGUub3Jn?=", "text": "x"} | subject
			""")
	void headerInjectionIsBadRequestNamingTheField(String body, String field) {
		Response response = this.api.postJson("/api/emails", body);
		assertProblem(response, 400);
		assertThat(response.json().get("errors")).hasSize(1);
		assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo(field);
		assertNothingQueued();
	}

	@Test
	void malformedJsonIsBadRequest() {
		Response response = this.api.postJson("/api/emails", "{\"to\": [\"jane@example.org\"");
		assertProblem(response, 400);
		assertThat(response.json().get("detail").stringValue()).startsWith("The request body is not valid JSON");
		assertThat(this.queue.counts().rejectedInvalid()).isEqualTo(this.rejectedBefore + 1);
	}

	@Test
	void repeatedFieldIsBadRequest() {
		Response response = this.api.postJson("/api/emails",
				"{\"to\": [\"jane@example.org\"], \"subject\": \"A\", \"subject\": \"B\", \"text\": \"x\"}");
		assertProblem(response, 400);
		assertThat(response.json().get("detail").stringValue()).contains("repeats a field");
		assertNothingQueued();
	}

	@Test
	void missingBodyIsBadRequest() {
		assertProblem(this.api.postJson("/api/emails", ""), 400);
		assertProblem(this.api.postJson("/api/emails", "null"), 400);
	}

	@Test
	void wrongContentTypeIsUnsupportedMediaType() {
		Response response = this.api.send(this.api.request("/api/emails")
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(email("Text"))));
		assertProblem(response, 415);
		assertThat(response.header("Accept")).isEqualTo("application/json");
		assertNothingQueued();
		assertThat(this.queue.counts().rejectedInvalid()).isEqualTo(this.rejectedBefore + 1);
	}

	@Test
	void missingContentTypeIsUnsupportedMediaType() {
		assertProblem(this.api.send(this.api.request("/api/emails").POST(HttpRequest.BodyPublishers.ofString(email("X")))),
				415);
	}

	@Test
	void bodyLargerThanTheRequestLimitIsContentTooLarge() {
		Response response = this.api.postJson("/api/emails", largeEmail(70 * 1024));
		assertProblem(response, 413);
		assertThat(response.json().get("detail").stringValue()).contains("65536 bytes");
		assertNothingQueued();
		assertThat(this.queue.counts().rejectedInvalid()).isEqualTo(this.rejectedBefore + 1);
	}

	@Test
	void bodyLargerThanTheRequestLimitIsRefusedBeforeTheClientSendsIt() {
		Response response = this.api.send(this.api.request("/api/emails")
			.header("Content-Type", "application/json")
			.expectContinue(true)
			.POST(HttpRequest.BodyPublishers.ofString(largeEmail(1024 * 1024))));
		assertProblem(response, 413);
	}

	@Test
	void chunkedBodyLargerThanTheRequestLimitIsContentTooLarge() {
		Response response = this.api.send(chunked(largeEmail(70 * 1024)));
		assertProblem(response, 413);
		assertNothingQueued();
	}

	@Test
	void chunkedBodyWithinTheRequestLimitIsAccepted() {
		assertThat(this.api.send(chunked(email("Chunked"))).status()).isEqualTo(202);
	}

	@Test
	void bodyLargerThanTheBodyLimitIsBadRequestNamingIt() {
		Response response = this.api.postJson("/api/emails", largeEmail(20 * 1024));
		assertProblem(response, 400);
		assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("text");
		assertThat(response.json().get("errors").get(0).get("message").stringValue())
			.isEqualTo("must be at most 16384 bytes long in UTF-8 but has 20480");
	}

	@Test
	void wrongMethodIsMethodNotAllowed() {
		Response response = this.api.send(this.api.request("/api/emails")
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(email("Put"))));
		assertProblem(response, 405);
		assertThat(response.header("Allow")).isEqualTo("POST");
		assertNothingQueued();
	}

	@Test
	void unacceptableResponseTypeIsNotAcceptable() {
		assertProblem(this.api.send(this.api.request("/api/emails/some-id").header("Accept", "application/xml").GET()),
				406);
	}

	@Test
	void unacceptableResponseTypeQueuesNothing() {
		assertProblem(this.api.send(this.api.request("/api/emails")
			.header("Content-Type", "application/json")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(email("Html")))), 406);
		assertNothingQueued();
	}

	@Test
	void unknownPathIsNotFound() {
		Response response = this.api.get("/api/nothing-here");
		assertProblem(response, 404);
		assertThat(response.json().get("instance").stringValue()).isEqualTo("/api/nothing-here");
	}

	@Test
	void requestTomcatRefusesItselfIsAProblemToo() {
		Response encodedSlash = this.api.get("/api/emails%2Fsome-id");
		assertThat(encodedSlash.status()).isEqualTo(400);
		assertThat(encodedSlash.contentType()).startsWith("application/problem+json");
		assertThat(encodedSlash.json().get("status").intValue()).isEqualTo(400);
		Response hugeHeader = this.api.send(this.api.request("/api/emails/some-id").header("X-Huge", "x".repeat(20_000)).GET());
		assertThat(hugeHeader.status()).isEqualTo(400);
		assertThat(hugeHeader.contentType()).startsWith("application/problem+json");
		assertThat(hugeHeader.json().get("title").stringValue()).isEqualTo("Bad Request");
	}

	@Test
	void oddInputNeverAnswersAServerError() {
		assertThat(this.api.postJson("/api/emails", "[]").status()).isEqualTo(400);
		assertThat(this.api.postJson("/api/emails", "\"text\"").status()).isEqualTo(400);
		assertThat(this.api.postJson("/api/emails", "{\"to\": [{\"a\": 1}], \"subject\": [], \"text\": {}}").status())
			.isEqualTo(400);
		assertThat(this.api.postJson("/api/emails", "[".repeat(2000)).status()).isEqualTo(400);
		assertThat(this.api.postJson("/api/emails", "{\"to\": [\"\\ud800@example.org\"], \"subject\": \"\\udc00\", \"text\": \"x\"}")
			.status()).isEqualTo(400);
		assertThat(this.api.send(this.api.request("/api/emails")
			.header("Content-Type", "application/json; charset=no-such-charset")
			.POST(HttpRequest.BodyPublishers.ofString(email("Charset"))))
			.status()).isLessThan(500);
		assertThat(this.api.send(this.api.request("/api/emails").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { (byte) 0xff, (byte) 0xfe, 0x00 }))).status())
			.isEqualTo(400);
		assertThat(this.api.get("/api/dead-letters?page=99999999999&size=1").status()).isEqualTo(400);
	}

	private void assertProblem(Response response, int status) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").intValue()).isEqualTo(status);
		assertThat(problem.get("title").stringValue()).isNotBlank();
		assertThat(problem.get("detail").stringValue()).isNotBlank();
		assertThat(response.body()).doesNotContain(ApiClient.TOKEN);
	}

	private void assertNothingQueued() {
		assertThat(this.queue.enqueuedFrom(EnqueueSource.API)).isEqualTo(this.enqueuedBefore);
	}

	private HttpRequest.Builder chunked(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return this.api.request("/api/emails")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
	}

	private static String largeEmail(int textBytes) {
		return "{\"to\": [\"jane@example.org\"], \"subject\": \"Large\", \"text\": \"" + "x".repeat(textBytes) + "\"}";
	}

}
