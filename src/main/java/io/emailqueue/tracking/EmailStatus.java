package io.emailqueue.tracking;

import java.time.Instant;

/**
 * Where one email stands.
 *
 * @param id the email id
 * @param state its state
 * @param attempt the attempt made last or now, or the one scheduled next for {@link DeliveryState#RETRY_SCHEDULED}
 * @param acceptedAt when it was accepted
 * @param updatedAt when the state last changed
 * @param nextAttemptAt when the next attempt is due, for {@link DeliveryState#RETRY_SCHEDULED}, else {@code null}
 * @param lastError the last error, or {@code null}
 * @param replyCode the last SMTP reply code, or 0
 */
public record EmailStatus(String id, DeliveryState state, int attempt, Instant acceptedAt, Instant updatedAt,
		Instant nextAttemptAt, String lastError, int replyCode) {

}
