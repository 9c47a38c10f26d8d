package io.emailqueue.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.emailqueue.deadletter.DeadLetter;

/**
 * One page of dead letters, newest first.
 *
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many dead letters are stored
 * @param evicted how many were evicted to make room since the start
 * @param items the dead letters on this page
 */
record DeadLetterPage(int page, int size, int total, long evicted, List<Item> items) {

	/**
	 * One dead letter.
	 *
	 * @param id the email id
	 * @param to the recipients
	 * @param subject the subject
	 * @param priority the priority
	 * @param error the last error
	 * @param smtpCode the SMTP reply code of the last failure, when there was one
	 * @param permanent {@code true} when a permanent error ended it, {@code false} when the retries ran out
	 * @param attempts how many attempts were made
	 * @param acceptedAt when it was accepted
	 * @param deadAt when it was dead-lettered
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Item(String id, List<String> to, String subject, int priority, String error, Integer smtpCode,
			boolean permanent, int attempts, Instant acceptedAt, Instant deadAt) {

		static Item of(DeadLetter letter) {
			return new Item(letter.id(), letter.email().content().to(), letter.email().content().subject(),
					letter.email().content().priority(), letter.error(),
					(letter.replyCode() != 0) ? letter.replyCode() : null, letter.permanent(), letter.email().attempt(),
					letter.email().acceptedAt(), letter.deadAt());
		}

	}

}
