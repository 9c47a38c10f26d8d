package io.emailqueue.reliability;

import java.util.List;
import java.util.Map;

/**
 * The request bodies of well-formed emails, small enough that the SMTP server's dump never
 * interleaves two of them.
 */
final class TestEmails {

	private TestEmails() {
	}

	/**
	 * Return the JSON of an email to one recipient.
	 * @param recipient the recipient
	 * @return the request body
	 */
	static String to(String recipient) {
		return ApiClient.JSON.writeValueAsString(Map.of("to", List.of(recipient), "subject",
				"Reliability check for " + recipient, "text", "Sent by the reliability suite."));
	}

}
