package io.emailqueue.api;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the bearer token check and the request size limit in front of {@code /api/*}, in that
 * order, so that an unauthenticated request is refused before its body is read, and
 * {@link BearerTokenInterceptor} behind them.
 */
@Configuration(proxyBeanMethods = false)
class ApiWebConfiguration implements WebMvcConfigurer {

	/** Where the API lives, as a servlet URL pattern. */
	static final String API_PATTERN = "/api/*";

	// Before the request body is read by anyone, after the filters that observe the request.
	private static final int TOKEN_FILTER_ORDER = -100;

	private static final int SIZE_FILTER_ORDER = TOKEN_FILTER_ORDER + 1;

	@Bean
	FilterProblems filterProblems(
			@Qualifier("handlerExceptionResolver") ObjectProvider<HandlerExceptionResolver> handlerExceptionResolver) {
		return new FilterProblems(handlerExceptionResolver);
	}

	@Bean
	FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(ApiToken token, FilterProblems problems) {
		FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
				new BearerTokenFilter(token, problems));
		registration.addUrlPatterns(API_PATTERN);
		registration.setOrder(TOKEN_FILTER_ORDER);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(ApiProperties properties,
			FilterProblems problems) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter((int) properties.maxRequestSize().toBytes(), problems));
		registration.addUrlPatterns(API_PATTERN);
		registration.setOrder(SIZE_FILTER_ORDER);
		return registration;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new BearerTokenInterceptor());
	}

}
