package io.emailqueue.api;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses, with 401, any call of an API controller that did not pass {@link BearerTokenFilter}. The
 * filter guards the {@code /api/*} URL pattern; this guards the controllers themselves, whatever
 * path mapping led to them, so that a difference between the servlet container's and Spring MVC's
 * reading of a path can never open the API.
 */
final class BearerTokenInterceptor implements HandlerInterceptor {

	private static final Set<Class<?>> API_CONTROLLERS = Set.of(EmailController.class, DeadLetterController.class);

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method && API_CONTROLLERS.contains(method.getBeanType())
				&& request.getAttribute(BearerTokenFilter.AUTHENTICATED_ATTRIBUTE) == null) {
			throw BearerTokenFilter.unauthorized("This API needs an Authorization: Bearer <token> header");
		}
		return true;
	}

}
