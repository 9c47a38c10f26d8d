package io.emailqueue.api;

import java.net.http.HttpRequest;

import io.emailqueue.api.ApiClient.Response;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.emailqueue.api.ApiClient.email;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BearerTokenFilter} and the check behind it, over real HTTP.
 */
@ApiIntegrationTest
class ApiAuthenticationTests {

	private static final String CHALLENGE = "Bearer realm=\"email-queue-worker\"";

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
	void requestWithoutTokenIsUnauthorizedAndQueuesNothing() {
		long before = this.queue.enqueuedFrom(EnqueueSource.API);
		Response response = this.api.send(post(this.api.unauthenticated("/api/emails")));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo(CHALLENGE);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("status").intValue()).isEqualTo(401);
		assertThat(response.json().get("title").stringValue()).isEqualTo("Unauthorized");
		assertThat(response.json().get("instance").stringValue()).isEqualTo("/api/emails");
		assertThat(this.queue.enqueuedFrom(EnqueueSource.API)).isEqualTo(before);
	}

	@Test
	void requestWithWrongTokenIsUnauthorizedWithoutEchoingIt() {
		String wrong = ApiClient.TOKEN + "-but-wrong";
		Response response = this.api
			.send(post(this.api.unauthenticated("/api/emails").header("Authorization", "Bearer " + wrong)));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo(CHALLENGE + ", error=\"invalid_token\"");
		assertThat(response.json().get("detail").stringValue()).isEqualTo("The bearer token is not valid");
		assertThat(response.body()).doesNotContain(wrong).doesNotContain(ApiClient.TOKEN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Basic dXNlcjpwYXNzd29yZA==", "Token " + ApiClient.TOKEN, "Bearer", "Bearer ",
			ApiClient.TOKEN, "BearerX " + ApiClient.TOKEN })
	void requestWithoutABearerTokenIsUnauthorized(String authorization) {
		Response response = this.api
			.send(post(this.api.unauthenticated("/api/emails").header("Authorization", authorization)));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith(CHALLENGE);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void requestWithTheRightTokenIsAccepted() {
		assertThat(this.api.send(post(this.api.unauthenticated("/api/emails")
			.header("Authorization", "Bearer " + ApiClient.TOKEN))).status()).isEqualTo(202);
	}

	@Test
	void schemeNameIsCaseInsensitive() {
		assertThat(this.api.send(post(this.api.unauthenticated("/api/emails")
			.header("Authorization", "bearer " + ApiClient.TOKEN))).status()).isEqualTo(202);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/emails/some-id", "/api/dead-letters", "/api/nothing-here", "/api", "/api/" })
	void everyApiPathNeedsTheToken(String path) {
		Response response = this.api.send(this.api.unauthenticated(path).GET());
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void deletingADeadLetterNeedsTheToken() {
		assertThat(this.api.send(this.api.unauthenticated("/api/dead-letters/some-id").DELETE()).status())
			.isEqualTo(401);
	}

	@ParameterizedTest
	@ValueSource(strings = { "//api/emails", "/api/emails/", "/api;x=1/emails", "/api/./emails", "/api/%65mails",
			"/api/emails;jsessionid=1", "/x/../api/emails" })
	void pathVariantsDoNotGetAroundTheToken(String path) {
		long before = this.queue.enqueuedFrom(EnqueueSource.API);
		Response response = this.api.send(post(this.api.unauthenticated(path)));
		assertThat(response.status()).isIn(400, 401, 404);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(this.queue.enqueuedFrom(EnqueueSource.API)).isEqualTo(before);
	}

	@Test
	void tokenIsCheckedBeforeTheBodySize() {
		Response response = this.api.send(this.api.unauthenticated("/api/emails")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("x".repeat(100 * 1024))));
		assertThat(response.status()).isEqualTo(401);
	}

	@Test
	void errorPageNeedsNoTokenAndAnswersWithAProblem() {
		Response response = this.api.send(this.api.unauthenticated("/error").GET());
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("status").intValue()).isEqualTo(404);
	}

	private static HttpRequest.Builder post(HttpRequest.Builder request) {
		return request.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(email("Auth")));
	}

}
