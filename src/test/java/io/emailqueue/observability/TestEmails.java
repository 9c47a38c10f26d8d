package io.emailqueue.observability;

import java.util.List;

import io.emailqueue.queue.EmailContent;

/**
 * Email content for tests.
 */
final class TestEmails {

	private TestEmails() {
	}

	static EmailContent withSubject(String subject) {
		return new EmailContent(List.of("alice@example.com"), List.of(), List.of(), null, null, subject,
				"Hello from a test", null, 5);
	}

}
