package io.emailqueue.api;

import java.time.Duration;

import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.QueueProperties;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApiExceptionHandler}.
 */
class ApiExceptionHandlerTests {

	private final EmailQueue queue = new EmailQueue(new QueueProperties(10, Duration.ZERO));

	private final ApiExceptionHandler handler = new ApiExceptionHandler(this.queue);

	@Test
	void unexpectedErrorIsAServerErrorProblemThatKeepsItsMessageToItself() {
		ResponseEntity<Object> response = this.handler.handleUnexpected(
				new IllegalStateException("password=hunter2"), request("GET", "/api/emails/x"));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		ProblemDetail problem = (ProblemDetail) response.getBody();
		assertThat(problem.getStatus()).isEqualTo(500);
		assertThat(problem.getDetail()).isEqualTo("The server could not handle the request; the error has been logged");
		assertThat(problem.toString()).doesNotContain("hunter2");
	}

	@Test
	void invalidSubmissionsAreCounted() throws Exception {
		this.handler.handleException(InvalidRequestException.of("subject", "is required"), request("POST", "/api/emails"));
		this.handler.handleException(InvalidRequestException.of("emails", "is required"),
				request("POST", "/api/emails/batch"));
		assertThat(this.queue.counts().rejectedInvalid()).isEqualTo(2);
	}

	@Test
	void otherRefusalsAreNotCounted() throws Exception {
		this.handler.handleException(InvalidRequestException.of("page", "must be a whole number"),
				request("GET", "/api/dead-letters"));
		this.handler.handleException(BearerTokenFilter.unauthorized("no token"), request("POST", "/api/emails"));
		assertThat(this.queue.counts().rejectedInvalid()).isZero();
	}

	private static ServletWebRequest request(String method, String uri) {
		return new ServletWebRequest(new MockHttpServletRequest(method, uri));
	}

}
