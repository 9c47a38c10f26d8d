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
		return ApiClient.JSON.writeValueAsString(email(recipient));
	}

	/**
	 * Return the JSON of a batch with one email to each recipient.
	 * @param recipients the recipients, one per email
	 * @return the request body
	 */
	static String batch(List<String> recipients) {
		return ApiClient.JSON.writeValueAsString(Map.of("emails", recipients.stream().map(TestEmails::email).toList()));
	}

	private static Map<String, Object> email(String recipient) {
		return Map.of("to", List.of(recipient), "subject", "Reliability check for " + recipient, "text",
				"Sent by the reliability suite.");
	}

}
