package io.emailqueue.delivery.smtp;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the SMTP connections ({@code email.sender.type=smtp}). Where and how to connect is
 * configured with the standard {@code spring.mail.*} properties.
 *
 * @param maxMessagesPerConnection how many emails one connection carries before it is closed and
 * a new one opened, so that no connection lives for ever and servers that limit messages per
 * session are respected
 * @param idleTimeout how long an open connection may stay unused before it is closed; keep it
 * below the server's own idle timeout (often 60 s to 5 min)
 */
@ConfigurationProperties("email.sender.smtp")
public record SmtpSenderProperties(@DefaultValue("100") int maxMessagesPerConnection,
		@DefaultValue("30s") Duration idleTimeout) {

	public SmtpSenderProperties {
		if (maxMessagesPerConnection < 1) {
			throw new IllegalArgumentException(
					"email.sender.smtp.max-messages-per-connection must be at least 1 but was " + maxMessagesPerConnection);
		}
		if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("email.sender.smtp.idle-timeout must be positive but was " + idleTimeout);
		}
	}

}
