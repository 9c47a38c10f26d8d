package io.emailqueue.api;

import java.time.Duration;

import io.emailqueue.queue.EnqueueResult;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The queue refused what a request handed in: answered 503 with {@code Retry-After} and a problem
 * whose {@code reason} says why.
 */
final class QueueRefusedException extends ErrorResponseException {

	QueueRefusedException(EnqueueResult.Status status, Duration retryAfter) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(NotQueuedReason.of(status)), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
	}

	/**
	 * Return a {@code Retry-After} value: whole seconds, at least one.
	 * @param retryAfter how long to wait
	 * @return the header value
	 */
	static String retryAfterSeconds(Duration retryAfter) {
		long seconds = retryAfter.toSeconds() + ((retryAfter.toNanosPart() > 0) ? 1 : 0);
		return Long.toString(Math.max(1, seconds));
	}

	private static ProblemDetail problem(NotQueuedReason reason) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, reason.detail());
		problem.setProperty("reason", reason);
		return problem;
	}

}
