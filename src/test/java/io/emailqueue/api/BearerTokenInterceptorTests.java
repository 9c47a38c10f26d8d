package io.emailqueue.api;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.method.HandlerMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BearerTokenInterceptor}.
 */
class BearerTokenInterceptorTests {

	private final BearerTokenInterceptor interceptor = new BearerTokenInterceptor();

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/emails");

	@Test
	void callOfAnApiControllerThatMissedTheTokenCheckIsUnauthorized() throws Exception {
		assertThatExceptionOfType(ErrorResponseException.class)
			.isThrownBy(() -> this.interceptor.preHandle(this.request, new MockHttpServletResponse(),
					handler(EmailController.class, "status", String.class)))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(401);
				assertThat(ex.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
			});
		assertThatExceptionOfType(ErrorResponseException.class)
			.isThrownBy(() -> this.interceptor.preHandle(this.request, new MockHttpServletResponse(),
					handler(DeadLetterController.class, "delete", String.class)));
	}

	@Test
	void callOfAnApiControllerThatPassedTheTokenCheckGoesAhead() throws Exception {
		this.request.setAttribute(BearerTokenFilter.AUTHENTICATED_ATTRIBUTE, Boolean.TRUE);
		assertThat(this.interceptor.preHandle(this.request, new MockHttpServletResponse(),
				handler(EmailController.class, "status", String.class)))
			.isTrue();
	}

	@Test
	void otherHandlersNeedNoToken() throws Exception {
		assertThat(this.interceptor.preHandle(this.request, new MockHttpServletResponse(),
				handler(ProblemErrorController.class, "error", HttpServletRequest.class)))
			.isTrue();
		assertThat(this.interceptor.preHandle(this.request, new MockHttpServletResponse(), new Object())).isTrue();
	}

	private static HandlerMethod handler(Class<?> type, String name, Class<?>... parameterTypes) throws Exception {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("controller", new RootBeanDefinition(type));
		return new HandlerMethod("controller", beanFactory, type.getDeclaredMethod(name, parameterTypes));
	}

}
