package io.emailqueue.delivery.smtp;

import io.emailqueue.delivery.smtp.SmtpConnectionStatus.Snapshot;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code smtp} health indicator (named after its bean, less the suffix): built from what the
 * deliveries found, never from a connection of its own, so that probes cost the mail server nothing. Down while the latest attempt failed
 * because the server could not be reached or refused the session or the sender; a rejected
 * recipient or message leaves it up, since the server answered. Up before the first attempt.
 */
@Component("smtpHealthIndicator")
@ConditionalOnSmtpSender
public final class SmtpHealthIndicator implements HealthIndicator {

	private final SmtpConnectionStatus status;

	public SmtpHealthIndicator(SmtpConnectionStatus status) {
		this.status = status;
	}

	@Override
	public Health health() {
		Snapshot snapshot = this.status.snapshot();
		Health.Builder builder = snapshot.serverFailing() ? Health.down() : Health.up();
		if (snapshot.lastSuccessAt() != null) {
			builder.withDetail("lastSuccessAt", snapshot.lastSuccessAt().toString());
		}
		if (snapshot.lastFailureAt() != null) {
			builder.withDetail("lastFailureAt", snapshot.lastFailureAt().toString())
				.withDetail("lastFailure", snapshot.lastFailure())
				.withDetail("lastFailureReplyCode", snapshot.lastFailureReplyCode());
		}
		return builder.build();
	}

}
