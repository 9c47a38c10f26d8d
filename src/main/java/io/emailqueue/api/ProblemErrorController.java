package io.emailqueue.api;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page, {@code /error}, answering with a problem detail instead of Spring
 * Boot's JSON map or HTML page: what reaches it has escaped Spring MVC, such as an error a servlet
 * filter raised or sent. The detail never repeats an exception message.
 */
@RestController
final class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		// Asked for directly, not as an error page: there is nothing here.
		HttpStatus status = (code == null) ? HttpStatus.NOT_FOUND
				: (code instanceof Integer value && HttpStatus.resolve(value) != null) ? HttpStatus.resolve(value)
						: HttpStatus.INTERNAL_SERVER_ERROR;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, status.is5xxServerError()
				? "The server could not handle the request" : "The request could not be handled: " + status.getReasonPhrase());
		problem.setInstance(instance(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), request));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static URI instance(Object failedUri, HttpServletRequest request) {
		try {
			return new URI((failedUri instanceof String uri) ? uri : request.getRequestURI());
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
