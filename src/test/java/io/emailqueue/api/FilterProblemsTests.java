package io.emailqueue.api;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FilterProblems}.
 */
class FilterProblemsTests {

	@Test
	void refusalIsHandedToTheExceptionResolvers() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		problems((request, answer, handler, ex) -> {
			answer.setStatus(((ErrorResponse) ex).getStatusCode().value());
			return new ModelAndView();
		}).send(new MockHttpServletRequest(), response, BearerTokenFilter.unauthorized("no token"));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.isCommitted()).isFalse();
	}

	@Test
	void refusalNoResolverAnswersGoesToTheErrorPageWithItsHeaders() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		problems((request, answer, handler, ex) -> null).send(new MockHttpServletRequest(), response,
				BearerTokenFilter.unauthorized("no token"));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.isCommitted()).isTrue();
	}

	private static FilterProblems problems(HandlerExceptionResolver resolver) {
		StaticListableBeanFactory beanFactory = new StaticListableBeanFactory();
		beanFactory.addBean("handlerExceptionResolver", resolver);
		return new FilterProblems(beanFactory.getBeanProvider(HandlerExceptionResolver.class));
	}

}
