package io.emailqueue.queue;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An email the worker has accepted: its content, the id it was given on acceptance, which attempt
 * at delivery comes next, and when it was accepted. Immutable, so it can cross threads freely; a
 * retry is a new value with the next attempt number.
 *
 * @param id the id assigned on acceptance, stable across retries and replays
 * @param content what to send and to whom
 * @param attempt the delivery attempt this value is for, starting at 1
 * @param acceptedAt when the email was accepted
 */
public record Email(String id, EmailContent content, int attempt, Instant acceptedAt) {

	public Email {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(content, "content");
		Objects.requireNonNull(acceptedAt, "acceptedAt");
		if (attempt < 1) {
			throw new IllegalArgumentException("Attempt numbers start at 1 but was " + attempt);
		}
	}

	/**
	 * Create a new email, with a new id, for its first attempt.
	 * @param content what to send
	 * @param now the acceptance time
	 * @return the new email
	 */
	public static Email newEmail(EmailContent content, Instant now) {
		return new Email(UUID.randomUUID().toString(), content, 1, now);
	}

	/**
	 * Return this email for its next delivery attempt.
	 * @return a copy with the attempt number increased by one
	 */
	public Email nextAttempt() {
		return new Email(this.id, this.content, this.attempt + 1, this.acceptedAt);
	}

	/**
	 * Return this email with its attempts started afresh, as a replay from the dead letters does.
	 * @param now the new acceptance time
	 * @return a copy on its first attempt, same id
	 */
	public Email restarted(Instant now) {
		return new Email(this.id, this.content, 1, now);
	}

}
