package io.emailqueue.delivery;

/**
 * Which {@link EmailSender} delivers: {@code email.sender.type}.
 */
public enum SenderType {

	/** No server: random latency and failures, for the console demo. */
	SIMULATED,

	/** A real SMTP server, configured with {@code spring.mail.*}. */
	SMTP

}
