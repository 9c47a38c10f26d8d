package io.emailqueue.api;

import java.util.Locale;

import io.emailqueue.delivery.SenderType;

/**
 * Thrown at start when the HTTP API has no token although emails go out to a real server: an open
 * API would be an open relay.
 */
final class MissingApiTokenException extends RuntimeException {

	private final SenderType senderType;

	MissingApiTokenException(SenderType senderType) {
		super("email.api.token (EMAIL_API_TOKEN) must be set when email.sender.type is "
				+ senderType.name().toLowerCase(Locale.ROOT)
				+ ": without a token anyone who reaches the HTTP port could send mail through this worker");
		this.senderType = senderType;
	}

	/**
	 * Return the sender that needs the token.
	 * @return the sender type
	 */
	SenderType senderType() {
		return this.senderType;
	}

}
