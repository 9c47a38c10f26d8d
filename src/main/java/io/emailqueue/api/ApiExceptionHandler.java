package io.emailqueue.api;

import io.emailqueue.queue.EmailQueue;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.UrlPathHelper;

/**
 * Turns every error Spring MVC sees into an RFC 9457 problem detail: Spring's own (404, 405, 406,
 * 415, unreadable JSON), the API's (400 with the bad fields, 401, 404, 409, 413, 422, 503), and any
 * unexpected one, which answers a bare 500 and is logged. Counts the email submissions refused as
 * invalid (400, 413, 415) on the queue's ledger.
 */
@RestControllerAdvice
final class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final String SUBMISSIONS = "/api/emails";

	private final EmailQueue queue;

	ApiExceptionHandler(EmailQueue queue) {
		this.queue = queue;
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		this.logger.error("Unexpected error while handling " + request.getDescription(false), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The server could not handle the request; the error has been logged");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(status, describe(ex)), headers, status,
				request);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (isRefusedSubmission(statusCode, request)) {
			this.queue.recordRejectedInvalid();
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

	private static boolean isRefusedSubmission(HttpStatusCode status, WebRequest request) {
		if (status.value() != HttpStatus.BAD_REQUEST.value() && status.value() != HttpStatus.CONTENT_TOO_LARGE.value()
				&& status.value() != HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()) {
			return false;
		}
		if (!(request instanceof ServletWebRequest servletRequest)) {
			return false;
		}
		HttpServletRequest http = servletRequest.getRequest();
		String path = UrlPathHelper.defaultInstance.getPathWithinApplication(http);
		return HttpMethod.POST.matches(http.getMethod())
				&& (path.equals(SUBMISSIONS) || path.startsWith(SUBMISSIONS + "/"));
	}

	private static String describe(HttpMessageNotReadableException ex) {
		JacksonException jackson = cause(ex);
		if (jackson == null) {
			return "The request body is missing or cannot be read";
		}
		TokenStreamLocation location = jackson.getLocation();
		String where = (location != null && location.getLineNr() > 0)
				? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
		if (jackson instanceof StreamReadException) {
			return "The request body is not valid JSON" + where;
		}
		return "The request body is not an acceptable JSON document, for example it repeats a field" + where;
	}

	private static JacksonException cause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson) {
				return jackson;
			}
		}
		return null;
	}

}
