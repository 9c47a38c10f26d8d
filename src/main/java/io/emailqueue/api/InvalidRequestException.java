package io.emailqueue.api;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request refused as invalid: answered 400 with a problem whose {@code errors} array names every
 * bad field, and {@code errorCount} when there were more than are listed.
 */
final class InvalidRequestException extends ErrorResponseException {

	InvalidRequestException(String detail, List<InvalidField> errors, int errorCount) {
		super(HttpStatus.BAD_REQUEST, problem(detail, errors, errorCount), null);
	}

	/**
	 * Return the exception for a single bad field.
	 * @param field where the problem is
	 * @param message what is wrong
	 * @return the exception
	 */
	static InvalidRequestException of(String field, String message) {
		InvalidFields errors = new InvalidFields();
		errors.add(field, message);
		return errors.toException("The request is invalid: " + field + " " + message);
	}

	private static ProblemDetail problem(String detail, List<InvalidField> errors, int errorCount) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setProperty("errors", errors);
		if (errorCount > errors.size()) {
			problem.setProperty("errorCount", errorCount);
		}
		return problem;
	}

}
