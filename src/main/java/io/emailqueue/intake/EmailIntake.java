package io.emailqueue.intake;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.emailqueue.RecipientMask;
import io.emailqueue.queue.Email;
import io.emailqueue.queue.EmailContent;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueResult;
import io.emailqueue.queue.EnqueueSource;
import io.emailqueue.tracking.EmailStatus;
import io.emailqueue.tracking.EmailStatusStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import org.springframework.stereotype.Component;

/**
 * Hands new emails to the queue: gives each an id, offers it with backpressure, starts tracking it
 * once accepted and logs the outcome. Every producer goes through here, so the same limits and
 * bookkeeping apply to all of them.
 */
@Component
public final class EmailIntake {

	private static final Logger logger = LoggerFactory.getLogger(EmailIntake.class);

	private final EmailQueue queue;

	private final EmailStatusStore statuses;

	private final Clock clock;

	private final RecipientMask recipientMask;

	public EmailIntake(EmailQueue queue, EmailStatusStore statuses, Clock clock, RecipientMask recipientMask) {
		this.queue = queue;
		this.statuses = statuses;
		this.clock = clock;
		this.recipientMask = recipientMask;
	}

	/**
	 * Offer a new email to the queue, waiting up to the offer timeout for room.
	 * @param content what to send
	 * @param source who hands it in
	 * @return the outcome, with the email and its id
	 */
	public EnqueueResult submit(EmailContent content, EnqueueSource source) {
		return submit(Email.newEmail(content, this.clock.instant()), source);
	}

	/**
	 * Offer a new email to the queue, waiting up to the given time for room, for a caller that
	 * shares one offer timeout between several emails.
	 * @param content what to send
	 * @param source who hands it in
	 * @param maxWait how long to wait for room at most
	 * @return the outcome, with the email and its id
	 */
	public EnqueueResult submit(EmailContent content, EnqueueSource source, Duration maxWait) {
		return offer(Email.newEmail(content, this.clock.instant()), source, maxWait);
	}

	/**
	 * Offer an email that already has an id, as a replay of a dead letter does.
	 * @param email the email
	 * @param source who hands it in
	 * @return the outcome
	 */
	public EnqueueResult submit(Email email, EnqueueSource source) {
		return offer(email, source, null);
	}

	private EnqueueResult offer(Email email, EnqueueSource source, Duration maxWait) {
		Optional<EmailStatus> previous = this.statuses.find(email.id());
		// Tracked before the offer: a consumer may take and finish the email before offer() returns.
		this.statuses.queued(email);
		EnqueueResult result = (maxWait != null) ? this.queue.enqueue(email, source, maxWait)
				: this.queue.enqueue(email, source);
		if (result.accepted()) {
			logger.atInfo()
				.addKeyValue("email.id", email.id())
				.addKeyValue("email.recipient_domain", RecipientMask.domain(email.content().firstRecipient()))
				.addKeyValue("email.source", source.tagValue())
				.log("📨 Queued email {} to {} | Priority: {}", shortId(email),
						this.recipientMask.display(email.content().firstRecipient()),
						email.content().priority());
		}
		else {
			// A refused replay is still a dead letter: it keeps the status it had rather than vanish.
			previous.ifPresentOrElse(this.statuses::restore, () -> this.statuses.forget(email.id()));
			// The API tells its caller with a 503 and the metrics count it; a line per refusal would flood the log.
			logger.atLevel((source == EnqueueSource.API) ? Level.DEBUG : Level.WARN)
				.addKeyValue("email.id", email.id())
				.addKeyValue("email.recipient_domain", RecipientMask.domain(email.content().firstRecipient()))
				.addKeyValue("email.source", source.tagValue())
				.log("🚫 Email to {} not queued: {}", this.recipientMask.display(email.content().firstRecipient()),
						result.status());
		}
		return result;
	}

	private static String shortId(Email email) {
		return email.id().substring(0, Math.min(8, email.id().length()));
	}

}
