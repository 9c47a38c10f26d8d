package io.emailqueue.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which sender delivers the emails.
 *
 * @param type {@code simulated} (the demo default: no server, random latency and failures) or
 * {@code smtp} (a real server configured with {@code spring.mail.*})
 */
@ConfigurationProperties("email.sender")
public record SenderProperties(@DefaultValue("simulated") SenderType type) {

}
