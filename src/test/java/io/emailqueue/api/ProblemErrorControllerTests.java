package io.emailqueue.api;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProblemErrorController}.
 */
class ProblemErrorControllerTests {

	private final ProblemErrorController controller = new ProblemErrorController();

	@Test
	void errorPageAnswersTheStatusOfTheFailedRequestAsAProblem() {
		MockHttpServletRequest request = errorDispatch(401, "/api/emails");
		ResponseEntity<ProblemDetail> response = this.controller.error(request);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().getStatus()).isEqualTo(401);
		assertThat(response.getBody().getInstance()).isEqualTo(URI.create("/api/emails"));
	}

	@Test
	void serverErrorSaysNothingOfTheException() {
		MockHttpServletRequest request = errorDispatch(500, "/api/emails");
		request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("secret"));
		request.setAttribute(RequestDispatcher.ERROR_MESSAGE, "secret");
		ProblemDetail problem = this.controller.error(request).getBody();
		assertThat(problem.getDetail()).isEqualTo("The server could not handle the request");
		assertThat(problem.toString()).doesNotContain("secret");
	}

	@Test
	void unknownStatusIsAServerError() {
		assertThat(this.controller.error(errorDispatch(999, "/x")).getStatusCode())
			.isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
	}

	@Test
	void errorPageAskedForDirectlyIsNotFound() {
		ResponseEntity<ProblemDetail> response = this.controller.error(new MockHttpServletRequest("GET", "/error"));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(response.getBody().getInstance()).isEqualTo(URI.create("/error"));
	}

	private static MockHttpServletRequest errorDispatch(int status, String failedUri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, failedUri);
		return request;
	}

}
