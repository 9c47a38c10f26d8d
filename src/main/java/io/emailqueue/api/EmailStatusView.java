package io.emailqueue.api;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.emailqueue.tracking.DeliveryState;
import io.emailqueue.tracking.EmailStatus;

/**
 * Where one email stands, as {@code GET /api/emails/{id}} shows it. Fields without a value are left
 * out.
 *
 * @param id the email id
 * @param status its state
 * @param attempt the attempt made last or now, or the one scheduled next while a retry is scheduled
 * @param acceptedAt when it was accepted (or accepted again, for a replayed dead letter)
 * @param updatedAt when its state last changed
 * @param nextAttemptAt when the next attempt is due, while a retry is scheduled
 * @param lastError the last error, if an attempt failed
 * @param smtpCode the SMTP reply code of the last failure, when there was one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EmailStatusView(String id, DeliveryState status, int attempt, Instant acceptedAt, Instant updatedAt,
		Instant nextAttemptAt, String lastError, Integer smtpCode) {

	static EmailStatusView of(EmailStatus status) {
		return new EmailStatusView(status.id(), status.state(), status.attempt(), status.acceptedAt(),
				status.updatedAt(),
				(status.state() == DeliveryState.RETRY_SCHEDULED) ? status.nextAttemptAt() : null,
				status.lastError(), (status.replyCode() != 0) ? status.replyCode() : null);
	}

}
