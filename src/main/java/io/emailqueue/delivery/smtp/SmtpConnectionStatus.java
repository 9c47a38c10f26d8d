package io.emailqueue.delivery.smtp;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

/**
 * What the SMTP deliveries have lately found the server to be: when it last accepted an email,
 * when an attempt last failed and why, and whether the latest attempt found the server itself
 * unusable. Fed by the consumers' sessions, read by the {@code smtp} health indicator, so that a
 * health probe never has to open a connection of its own. Safe for any number of threads.
 */
@Component
@ConditionalOnSmtpSender
public final class SmtpConnectionStatus {

	private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(
			new Snapshot(null, null, 0, null, false));

	/**
	 * Record that the server accepted an email.
	 * @param at when
	 */
	void recordSuccess(Instant at) {
		this.snapshot.updateAndGet((current) -> new Snapshot(at, current.lastFailureAt(),
				current.lastFailureReplyCode(), current.lastFailure(), false));
	}

	/**
	 * Record that an attempt failed.
	 * @param at when
	 * @param replyCode the SMTP reply code, or 0 when there was none
	 * @param error what went wrong
	 * @param serverFailure {@code true} when the server could not be reached or refused the
	 * session or the sender, {@code false} when it answered and only rejected this email (a
	 * recipient or the content)
	 */
	void recordFailure(Instant at, int replyCode, String error, boolean serverFailure) {
		this.snapshot.updateAndGet(
				(current) -> new Snapshot(current.lastSuccessAt(), at, replyCode, error, serverFailure));
	}

	/**
	 * Return a consistent view of the status.
	 * @return the snapshot
	 */
	public Snapshot snapshot() {
		return this.snapshot.get();
	}

	/**
	 * The status at one moment.
	 *
	 * @param lastSuccessAt when the server last accepted an email, or {@code null}
	 * @param lastFailureAt when an attempt last failed, or {@code null}
	 * @param lastFailureReplyCode the SMTP reply code of that failure, or 0 when there was none
	 * @param lastFailure what went wrong then, or {@code null}
	 * @param serverFailing whether the latest attempt recorded failed because of the server or the
	 * connection to it, rather than because of the email
	 */
	public record Snapshot(Instant lastSuccessAt, Instant lastFailureAt, int lastFailureReplyCode, String lastFailure,
			boolean serverFailing) {

	}

}
