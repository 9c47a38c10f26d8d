package io.emailqueue;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of what the logs may show.
 *
 * @param maskAddresses whether recipient addresses are masked in logs (only the first character of
 * the local part and the domain stay); off for the console demo, on in the kubernetes profile
 */
@ConfigurationProperties("email.logging")
public record LoggingProperties(@DefaultValue("false") boolean maskAddresses) {

}
