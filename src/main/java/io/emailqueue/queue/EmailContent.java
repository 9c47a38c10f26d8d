package io.emailqueue.queue;

import java.util.List;
import java.util.Objects;

/**
 * What an email says and to whom: the part a producer supplies. Header values can never carry a
 * line break, whatever validated them before, because a CR or LF in a header is how a caller would
 * inject headers or recipients of their own.
 *
 * @param to the recipients, at least one
 * @param cc carbon-copy recipients, possibly empty
 * @param bcc blind carbon-copy recipients, possibly empty
 * @param from the sender address, or {@code null} for the configured default
 * @param replyTo the reply-to address, or {@code null}
 * @param subject the subject line
 * @param text the plain text body, or {@code null} when there is an HTML body
 * @param html the HTML body, or {@code null}
 * @param priority 1 (lowest) to 10 (highest)
 */
public record EmailContent(List<String> to, List<String> cc, List<String> bcc, String from, String replyTo,
		String subject, String text, String html, int priority) {

	/** The lowest priority. */
	public static final int MIN_PRIORITY = 1;

	/** The highest priority. */
	public static final int MAX_PRIORITY = 10;

	public EmailContent {
		to = List.copyOf(Objects.requireNonNull(to, "to"));
		cc = (cc != null) ? List.copyOf(cc) : List.of();
		bcc = (bcc != null) ? List.copyOf(bcc) : List.of();
		Objects.requireNonNull(subject, "subject");
		if (to.isEmpty()) {
			throw new IllegalArgumentException("An email needs at least one recipient");
		}
		if (text == null && html == null) {
			throw new IllegalArgumentException("An email needs a text or an HTML body");
		}
		if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
			throw new IllegalArgumentException("Priority must be between 1 and 10 but was " + priority);
		}
		requireSingleLine("subject", subject);
		requireSingleLine("from", from);
		requireSingleLine("replyTo", replyTo);
		to.forEach((address) -> requireSingleLine("to", address));
		cc.forEach((address) -> requireSingleLine("cc", address));
		bcc.forEach((address) -> requireSingleLine("bcc", address));
	}

	/**
	 * Return the first {@code to} recipient, the one the console names.
	 * @return the first recipient
	 */
	public String firstRecipient() {
		return this.to.get(0);
	}

	/**
	 * Return every recipient: to, cc and bcc.
	 * @return the number of recipients
	 */
	public int recipientCount() {
		return this.to.size() + this.cc.size() + this.bcc.size();
	}

	private static void requireSingleLine(String field, String value) {
		if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
			throw new IllegalArgumentException("Header field '" + field + "' must not contain CR or LF");
		}
	}

}
