package io.emailqueue.delivery.smtp;

import java.time.Clock;

import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.SenderProperties;
import io.emailqueue.delivery.SimulatedEmailSender;
import io.emailqueue.delivery.SimulatedSenderProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for choosing the {@link SmtpEmailSender} with {@code email.sender.type}.
 */
class SmtpSenderSelectionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
		.withUserConfiguration(DeliveryConfiguration.class)
		.withBean(Clock.class, Clock::systemUTC);

	@Test
	void choosesTheSimulatedSenderByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EmailSender.class).hasSingleBean(SimulatedEmailSender.class);
			assertThat(context).doesNotHaveBean(SmtpConnectionStatus.class).doesNotHaveBean(SmtpHealthIndicator.class);
		});
	}

	@Test
	void choosesTheSmtpSenderAndItsHealthIndicatorWhenTypeIsSmtp() {
		this.runner
			.withPropertyValues("email.sender.type=smtp", "spring.mail.host=127.0.0.1", "spring.mail.port=2525",
					"email.from=noreply@example.com")
			.run((context) -> {
				assertThat(context).hasSingleBean(EmailSender.class).hasSingleBean(SmtpEmailSender.class);
				assertThat(context).doesNotHaveBean(SimulatedEmailSender.class);
				assertThat(context).getBean("smtpHealthIndicator").isInstanceOf(HealthIndicator.class);
			});
	}

	@Test
	void refusesToStartWithoutADefaultSender() {
		this.runner.withPropertyValues("email.sender.type=smtp", "spring.mail.host=127.0.0.1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("email.from must be set to the default sender address, such as noreply@example.com, "
						+ "when email.sender.type=smtp");
		});
	}

	@Test
	void refusesToStartWithAnInvalidDefaultSender() {
		this.runner.withPropertyValues("email.sender.type=smtp", "spring.mail.host=127.0.0.1", "email.from=noreply@")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageStartingWith(
							"email.from must be one valid address, such as noreply@example.com, but was 'noreply@'");
			});
	}

	@Test
	void refusesToStartWithoutAnSmtpHost() {
		this.runner.withPropertyValues("email.sender.type=smtp", "email.from=noreply@example.com").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("JavaMailSenderImpl");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ SenderProperties.class, SimulatedSenderProperties.class,
			SmtpSenderProperties.class, DefaultSenderProperties.class })
	@Import({ SimulatedEmailSender.class, SmtpEmailSender.class, SmtpConnectionStatus.class,
			SmtpHealthIndicator.class })
	static class DeliveryConfiguration {

	}

}
