package io.emailqueue.delivery.smtp;

import java.time.Instant;
import java.util.List;

import io.emailqueue.queue.Email;
import io.emailqueue.queue.EmailContent;

/**
 * Emails for the SMTP tests.
 */
final class TestEmails {

	static final Instant ACCEPTED_AT = Instant.parse("2026-01-15T09:00:00Z");

	private TestEmails() {
	}

	/**
	 * Return a plain text email to the given recipients.
	 * @param to the recipients
	 * @return the email, on its first attempt
	 */
	static Email to(String... to) {
		return email(new EmailContent(List.of(to), null, null, null, null, "Hello", "Hello there", null, 5));
	}

	/**
	 * Return an email with the given content.
	 * @param content the content
	 * @return the email, on its first attempt
	 */
	static Email email(EmailContent content) {
		return Email.newEmail(content, ACCEPTED_AT);
	}

}
