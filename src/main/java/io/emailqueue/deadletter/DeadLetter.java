package io.emailqueue.deadletter;

import java.time.Instant;

import io.emailqueue.queue.Email;

/**
 * An email that failed for good, with why.
 *
 * @param email the email as it was on its last attempt
 * @param error the last error
 * @param replyCode the last SMTP reply code, or 0 when there was no reply
 * @param permanent {@code true} when a permanent error ended it, {@code false} when the retries ran out
 * @param deadAt when it was dead-lettered
 */
public record DeadLetter(Email email, String error, int replyCode, boolean permanent, Instant deadAt) {

	/**
	 * Return the id of the email.
	 * @return the email id
	 */
	public String id() {
		return this.email.id();
	}

}
