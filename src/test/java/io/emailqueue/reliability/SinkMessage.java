package io.emailqueue.reliability;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One message as {@code smtp-sink} wrote it to its dump file: its header lines exactly as they
 * arrived (continuation lines kept apart), and its body.
 *
 * @param headerLines the header lines, the sink's own ({@code X-Client-Addr}, {@code Received}, ...)
 * included, in order
 * @param body what followed the empty line after the headers
 */
public record SinkMessage(List<String> headerLines, String body) {

	/**
	 * Return the value of the first header with a name, unfolded.
	 * @param name the header name, any case
	 * @return its value, if present
	 */
	public Optional<String> header(String name) {
		String prefix = name.toLowerCase(Locale.ROOT) + ":";
		for (int i = 0; i < this.headerLines.size(); i++) {
			String line = this.headerLines.get(i);
			if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
				StringBuilder value = new StringBuilder(line.substring(prefix.length()).strip());
				for (int j = i + 1; j < this.headerLines.size() && isContinuation(this.headerLines.get(j)); j++) {
					value.append(' ').append(this.headerLines.get(j).strip());
				}
				return Optional.of(value.toString());
			}
		}
		return Optional.empty();
	}

	/**
	 * Return the names of the headers, in order, lower case, one per header (continuation lines are
	 * not headers).
	 * @return the header names
	 */
	public List<String> headerNames() {
		return this.headerLines.stream()
			.filter((line) -> !isContinuation(line))
			.map((line) -> (line.indexOf(':') > 0) ? line.substring(0, line.indexOf(':')) : line)
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.toList();
	}

	/**
	 * Return the email id the Message-ID was made from: its part before the {@code @}.
	 * @return the email id, if the message has a Message-ID
	 */
	public Optional<String> emailId() {
		return header("Message-ID").map((id) -> id.replace("<", "").replace(">", "").strip())
			.map((id) -> (id.indexOf('@') > 0) ? id.substring(0, id.indexOf('@')) : id);
	}

	/**
	 * Return the envelope recipients, as the sink saw them in RCPT TO.
	 * @return the recipients, angle brackets removed
	 */
	public List<String> envelopeRecipients() {
		return this.headerLines.stream()
			.filter((line) -> line.startsWith("X-Rcpt-Args:"))
			.map((line) -> line.substring("X-Rcpt-Args:".length()).strip())
			.map((args) -> args.contains(">") ? args.substring(args.indexOf('<') + 1, args.indexOf('>')) : args)
			.toList();
	}

	private static boolean isContinuation(String line) {
		return line.startsWith(" ") || line.startsWith("\t");
	}

}
