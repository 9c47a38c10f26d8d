package io.emailqueue.api;

import java.util.regex.Pattern;

import io.emailqueue.EmailQueueWorkerApplication;
import io.emailqueue.delivery.SenderProperties;
import io.emailqueue.delivery.SenderType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link ApiToken} and {@link MissingApiTokenFailureAnalyzer}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiTokenTests {

	private static final String TOKEN = "0123456789abcdef-configured";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(TokenConfiguration.class);

	@Test
	void configuredTokenMatchesItselfOnly(CapturedOutput output) {
		this.runner.withPropertyValues("email.api.token=" + TOKEN).run((context) -> {
			ApiToken token = context.getBean(ApiToken.class);
			assertThat(token.matches(TOKEN)).isTrue();
			assertThat(token.matches(TOKEN + "x")).isFalse();
			assertThat(token.matches(TOKEN.substring(1))).isFalse();
			assertThat(token.matches("")).isFalse();
			assertThat(token.matches(null)).isFalse();
		});
		assertThat(output).doesNotContain(TOKEN).doesNotContain("API token");
	}

	@Test
	void simulatedSenderWithoutTokenGeneratesOneAndPrintsItOnce(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			String line = output.getOut().lines()
				.filter((text) -> text.contains("🔑 API token (generated for this run): "))
				.findFirst()
				.orElseThrow();
			String generated = line.substring(line.indexOf(": ") + 2).strip();
			assertThat(generated).hasSizeGreaterThanOrEqualTo(ApiProperties.MIN_TOKEN_LENGTH);
			assertThat(context.getBean(ApiToken.class).matches(generated)).isTrue();
			assertThat(output.getOut().split(Pattern.quote(generated), -1)).hasSize(2);
		});
	}

	@Test
	void eachRunGeneratesAnotherToken(CapturedOutput output) {
		this.runner.run((first) -> this.runner.run((second) -> assertThat(output.getOut().lines()
			.filter((text) -> text.contains("generated for this run"))
			.distinct()).hasSize(2)));
	}

	@Test
	void smtpSenderWithoutTokenRefusesToStart() {
		this.runner.withPropertyValues("email.sender.type=smtp").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(MissingApiTokenException.class)
				.hasMessageContaining("EMAIL_API_TOKEN");
		});
	}

	@Test
	void smtpSenderWithTokenStarts() {
		this.runner.withPropertyValues("email.sender.type=smtp", "email.api.token=" + TOKEN)
			.run((context) -> assertThat(context.getBean(ApiToken.class).matches(TOKEN)).isTrue());
	}

	@Test
	void missingTokenIsReportedWithWhatToDo() {
		FailureAnalysis analysis = new MissingApiTokenFailureAnalyzer()
			.analyze(new IllegalStateException(new MissingApiTokenException(SenderType.SMTP)));
		assertThat(analysis.getDescription()).contains("email.sender.type is smtp");
		assertThat(analysis.getAction()).contains("EMAIL_API_TOKEN").contains("at least 16 characters");
	}

	@Test
	void applicationWithSmtpSenderAndNoTokenFailsWithAClearReport(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(EmailQueueWorkerApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0", "email.sender.type=smtp", "email.producer.enabled=false",
					"email.reporter.enabled=false")
			.run());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The HTTP API has no token, and email.sender.type is smtp")
			.contains("Set the environment variable EMAIL_API_TOKEN");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ ApiProperties.class, SenderProperties.class })
	@Import(ApiToken.class)
	static class TokenConfiguration {

	}

}
