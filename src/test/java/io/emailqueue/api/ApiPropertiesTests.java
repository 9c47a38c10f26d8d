package io.emailqueue.api;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApiProperties}.
 */
class ApiPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultsSuitAServiceThatSendsMail() {
		this.runner.run((context) -> {
			ApiProperties properties = context.getBean(ApiProperties.class);
			assertThat(properties.token()).isNull();
			assertThat(properties.idempotencyWindow()).isEqualTo(Duration.ofHours(24));
			assertThat(properties.idempotencyMaxKeys()).isEqualTo(10_000);
			assertThat(properties.maxBatchSize()).isEqualTo(100);
			assertThat(properties.maxRecipients()).isEqualTo(50);
			assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
			assertThat(properties.maxRequestSize()).isEqualTo(DataSize.ofKilobytes(2560));
			assertThat(properties.retryAfter()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.allowedRecipientDomains()).isEmpty();
		});
	}

	@Test
	void blankTokenCountsAsUnset() {
		this.runner.withPropertyValues("email.api.token= ")
			.run((context) -> assertThat(context.getBean(ApiProperties.class).token()).isNull());
	}

	@Test
	void shortTokenIsRefusedWithoutRepeatingIt() {
		this.runner.withPropertyValues("email.api.token=s3cr3t-short").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("email.api.token must be at least 16 characters long but has 12");
			assertThat(messages(context.getStartupFailure())).doesNotContain("s3cr3t-short");
		});
	}

	@Test
	void tokenWithSpacesIsRefused() {
		this.runner.withPropertyValues("email.api.token=correct horse battery staple")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("printable ASCII characters without spaces"));
	}

	@Test
	void recipientDomainsAreTrimmedAndLowerCased() {
		this.runner.withPropertyValues("email.api.allowed-recipient-domains= Example.org, mail.example.com ,")
			.run((context) -> {
				ApiProperties properties = context.getBean(ApiProperties.class);
				assertThat(properties.allowedRecipientDomains()).containsExactly("example.org", "mail.example.com");
				assertThat(properties.allowsRecipientDomain("EXAMPLE.ORG")).isTrue();
				assertThat(properties.allowsRecipientDomain("sub.example.org")).isFalse();
			});
	}

	@Test
	void recipientDomainThatIsAnAddressIsRefused() {
		this.runner.withPropertyValues("email.api.allowed-recipient-domains=jane@example.org")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("email.api.allowed-recipient-domains must list host names"));
	}

	@Test
	void limitsMustBePositive() {
		this.runner.withPropertyValues("email.api.max-batch-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("email.api.max-batch-size must be between 1 and 10000 but was 0"));
		this.runner.withPropertyValues("email.api.idempotency-window=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("email.api.idempotency-window must be positive but was PT0S"));
		this.runner.withPropertyValues("email.api.max-request-size=200MB")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("email.api.max-request-size must be at most 100MB"));
	}

	@Test
	void toStringNeverShowsTheToken() {
		this.runner.withPropertyValues("email.api.token=0123456789abcdef-secret")
			.run((context) -> assertThat(context.getBean(ApiProperties.class).toString()).contains("token=(set)")
				.doesNotContain("0123456789abcdef-secret"));
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause).append('\n');
		}
		return messages.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ApiProperties.class)
	static class PropertiesConfiguration {

	}

}
