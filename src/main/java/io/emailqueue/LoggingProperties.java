package io.emailqueue;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of what the logs may show.
 *
 * @param maskAddresses whether recipient addresses are masked in logs (only the first character of
 * the local part and the domain stay); when unset, masked with the SMTP sender and shown as they are
 * with the simulated sender of the demo
 */
@ConfigurationProperties("email.logging")
public record LoggingProperties(Boolean maskAddresses) {

}
