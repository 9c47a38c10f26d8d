package io.emailqueue.delivery.smtp;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sender address used when an email names none.
 *
 * @param from the default sender address, such as {@code noreply@example.com} or
 * {@code Example <noreply@example.com>}; required when {@code email.sender.type=smtp}, where its
 * domain also becomes the right-hand side of every Message-ID
 */
@ConfigurationProperties("email")
public record DefaultSenderProperties(String from) {

}
