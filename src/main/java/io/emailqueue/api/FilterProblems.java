package io.emailqueue.api;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers a request that a servlet filter refuses with the same problem body as Spring MVC gives
 * any other error: the refusal is handed to MVC's exception resolvers, and so to
 * {@link ApiExceptionHandler}.
 */
final class FilterProblems {

	private final ObjectProvider<HandlerExceptionResolver> resolver;

	FilterProblems(ObjectProvider<HandlerExceptionResolver> resolver) {
		this.resolver = resolver;
	}

	/**
	 * Answer a request with a problem.
	 * @param request the request
	 * @param response the response
	 * @param problem the refusal
	 * @throws IOException if the answer cannot be written
	 */
	void send(HttpServletRequest request, HttpServletResponse response, ErrorResponseException problem)
			throws IOException {
		if (this.resolver.getObject().resolveException(request, response, null, problem) == null) {
			// Not expected; the container's error page, ProblemErrorController, still answers with a problem.
			problem.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
			response.sendError(problem.getStatusCode().value());
		}
	}

}
