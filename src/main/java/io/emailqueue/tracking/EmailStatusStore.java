package io.emailqueue.tracking;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;

import io.emailqueue.queue.Email;

import org.springframework.stereotype.Component;

/**
 * The status of the most recent emails, bounded: when full, the email accepted longest ago is
 * forgotten first. The worker writes it; the API reads it.
 */
@Component
public final class EmailStatusStore {

	private final int capacity;

	private final Clock clock;

	private final LinkedHashMap<String, EmailStatus> statuses = new LinkedHashMap<>();

	public EmailStatusStore(TrackingProperties properties, Clock clock) {
		this.capacity = properties.capacity();
		this.clock = clock;
	}

	/**
	 * Record that an email was accepted (or accepted again, for a replay) and waits on the queue.
	 * @param email the email
	 */
	public void queued(Email email) {
		put(email, DeliveryState.QUEUED, null, null, 0, true);
	}

	/**
	 * Record that a consumer is sending an email.
	 * @param email the email
	 */
	public void sending(Email email) {
		put(email, DeliveryState.SENDING, null, null, 0, false);
	}

	/**
	 * Record that an email was delivered.
	 * @param email the email
	 */
	public void sent(Email email) {
		put(email, DeliveryState.SENT, null, null, 0, false);
	}

	/**
	 * Record that an attempt failed and another is scheduled.
	 * @param next the email carrying its next attempt number
	 * @param nextAttemptAt when that attempt is due
	 * @param error the error
	 * @param replyCode the SMTP reply code, or 0
	 */
	public void retryScheduled(Email next, Instant nextAttemptAt, String error, int replyCode) {
		put(next, DeliveryState.RETRY_SCHEDULED, nextAttemptAt, error, replyCode, false);
	}

	/**
	 * Record that an email failed for good.
	 * @param email the email
	 * @param error the error
	 * @param replyCode the SMTP reply code, or 0
	 */
	public void dead(Email email, String error, int replyCode) {
		put(email, DeliveryState.DEAD, null, error, replyCode, false);
	}

	/**
	 * Record that an email was still undelivered when the worker stopped.
	 * @param email the email
	 */
	public void notDelivered(Email email) {
		put(email, DeliveryState.NOT_DELIVERED, null, null, 0, false);
	}

	/**
	 * Stop tracking an email, as when the queue refused it.
	 * @param id the email id
	 */
	public synchronized void forget(String id) {
		this.statuses.remove(id);
	}

	/**
	 * Put back a status recorded earlier, as when the queue refused the replay of a dead letter.
	 * @param status the status as it was
	 */
	public synchronized void restore(EmailStatus status) {
		this.statuses.put(status.id(), status);
		while (this.statuses.size() > this.capacity) {
			this.statuses.pollFirstEntry();
		}
	}

	/**
	 * Return the status of an email.
	 * @param id the email id
	 * @return its status, if it is among the most recent
	 */
	public synchronized Optional<EmailStatus> find(String id) {
		return Optional.ofNullable(this.statuses.get(id));
	}

	private synchronized void put(Email email, DeliveryState state, Instant nextAttemptAt, String error, int replyCode,
			boolean newest) {
		EmailStatus previous = newest ? this.statuses.remove(email.id()) : this.statuses.get(email.id());
		if (previous == null && !newest) {
			return;
		}
		String lastError = (error != null || previous == null) ? error : previous.lastError();
		int lastReplyCode = (error != null || previous == null) ? replyCode : previous.replyCode();
		this.statuses.put(email.id(), new EmailStatus(email.id(), state, email.attempt(), email.acceptedAt(),
				this.clock.instant(), nextAttemptAt, (state == DeliveryState.SENT) ? null : lastError,
				(state == DeliveryState.SENT) ? 0 : lastReplyCode));
		while (this.statuses.size() > this.capacity) {
			this.statuses.pollFirstEntry();
		}
	}

}
