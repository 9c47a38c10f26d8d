package io.emailqueue.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets through only requests with {@code Authorization: Bearer <token>} carrying the API token;
 * answers any other with 401, {@code WWW-Authenticate: Bearer} and a problem body (RFC 6750).
 * Runs before anything reads the request body.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

	/** The request attribute set on a request whose token matched. */
	static final String AUTHENTICATED_ATTRIBUTE = BearerTokenFilter.class.getName() + ".AUTHENTICATED";

	private static final String SCHEME = "Bearer ";

	private static final String CHALLENGE = "Bearer realm=\"email-queue-worker\"";

	private final ApiToken token;

	private final FilterProblems problems;

	BearerTokenFilter(ApiToken token, FilterProblems problems) {
		this.token = token;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || authorization.isBlank()) {
			this.problems.send(request, response, unauthorized("This API needs an Authorization: Bearer <token> header"));
			return;
		}
		if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			this.problems.send(request, response,
					unauthorized("This API needs the Bearer scheme: Authorization: Bearer <token>"));
			return;
		}
		if (!this.token.matches(authorization.substring(SCHEME.length()).strip())) {
			ErrorResponseException invalid = unauthorized("The bearer token is not valid");
			invalid.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE + ", error=\"invalid_token\"");
			this.problems.send(request, response, invalid);
			return;
		}
		request.setAttribute(AUTHENTICATED_ATTRIBUTE, Boolean.TRUE);
		chain.doFilter(request, response);
	}

	/**
	 * Return the refusal of a request without a valid token.
	 * @param detail what was wrong, never the token itself
	 * @return the exception answering 401
	 */
	static ErrorResponseException unauthorized(String detail) {
		ErrorResponseException exception = new ErrorResponseException(HttpStatus.UNAUTHORIZED,
				ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail), null);
		exception.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
		return exception;
	}

}
