package io.emailqueue.delivery.smtp;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.emailqueue.delivery.SendResult;
import io.emailqueue.delivery.SendResult.FailureKind;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Decides what a failed SMTP exchange means for the email, from the server's reply (RFC 5321
 * reply codes, RFC 3463 enhanced status codes) found anywhere in Angus' exception chain:
 * <ul>
 * <li>a 4xx reply is transient, a 5xx reply permanent; the one exception is 552 to RCPT, which
 * RFC 5321 (4.5.3.1.10) says to treat as 452 "too many recipients" unless its enhanced code says
 * otherwise;</li>
 * <li>no reply at all (refused or lost connection, timeout) is transient, and uncertain when it
 * came after the message data was written in full, since the server may have accepted it;</li>
 * <li>a failure to set up the session (greeting, EHLO, STARTTLS, AUTH) is transient whatever its
 * code: it says nothing about the email, and a wrong password or an overloaded server must not
 * send every queued email to the dead letters (Postfix calls this soft bounce);</li>
 * <li>when recipients are refused one by one, the email is transient if any refusal is.</li>
 * </ul>
 */
final class SmtpFailureClassifier {

	private static final Pattern ENHANCED_STATUS = Pattern.compile("^\\d{3}[ -]([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

	private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");

	private static final int SERVICE_CLOSING = 421;

	private static final int EXCEEDED_STORAGE = 552;

	private SmtpFailureClassifier() {
	}

	/**
	 * Classify a failure to open a session: connecting, the greeting, EHLO, STARTTLS or AUTH.
	 * @param ex what the transport threw
	 * @param lastReplyCode the transport's last reply code
	 * @param lastReply the transport's last reply, or {@code null}
	 * @param server the server, for the message
	 * @return a transient failure that speaks against the server
	 */
	static Classified connectFailure(MessagingException ex, int lastReplyCode, String lastReply, String server) {
		boolean replied = isReplyCode(lastReplyCode) && lastReply != null && !lastReply.isBlank();
		String error = replied ? normalize(lastReply) : "Could not connect to " + server + ": " + describe(ex);
		return new Classified(transientFailure(error, replied ? lastReplyCode : 0, false), true);
	}

	/**
	 * Classify a failure while sending one message on an open session.
	 * @param ex what the transport threw
	 * @param dataWritten whether the message data had been written in full
	 * @return the classification
	 */
	static Classified sendFailure(MessagingException ex, boolean dataWritten) {
		List<Reply> replies = replies(ex);
		if (replies.isEmpty()) {
			String error = (causedBy(ex, SocketTimeoutException.class) ? "No reply from the SMTP server in time ("
					: connectionLost(ex) ? "Connection to the SMTP server lost (" : "SMTP failure (") + describe(ex)
					+ ")";
			if (dataWritten) {
				error += " after the message data was sent: delivery uncertain";
			}
			return new Classified(transientFailure(error, 0, dataWritten), connectionLost(ex));
		}
		List<Reply> refusedRecipients = replies.stream().filter((reply) -> reply.recipient() != null).toList();
		if (!refusedRecipients.isEmpty() && refusedRecipients.size() == replies.size()) {
			Reply deciding = refusedRecipients.stream()
				.filter(Reply::isTransient)
				.findFirst()
				.orElse(refusedRecipients.get(0));
			String error = refusedRecipients.stream().map(Reply::describe).collect(Collectors.joining("; "));
			return classified(deciding, error);
		}
		Reply deciding = replies.get(0);
		return classified(deciding, deciding.describe());
	}

	/**
	 * Return whether a failure looks like a connection the server had already given up, so that
	 * the same email may go out at once on a new one: lost without a reply, or closed with 421;
	 * not a timeout, which would only be waited out a second time.
	 * @param ex what the transport threw
	 * @return {@code true} if a new connection may succeed right away
	 */
	static boolean isConnectionClosedByServer(MessagingException ex) {
		if (causedBy(ex, SocketTimeoutException.class)) {
			return false;
		}
		List<Reply> replies = replies(ex);
		if (replies.isEmpty()) {
			return connectionLost(ex);
		}
		return replies.get(0).code() == SERVICE_CLOSING;
	}

	/**
	 * Describe the recipients a server refused while it accepted the message for others.
	 * @param ex the exception that reported the partial delivery
	 * @return the refused recipients with the server's replies
	 */
	static String refusedRecipients(MessagingException ex) {
		return replies(ex).stream()
			.filter((reply) -> reply.recipient() != null)
			.map(Reply::describe)
			.collect(Collectors.joining("; "));
	}

	/**
	 * Return a server reply fit for one log line: line breaks folded, surrounding space trimmed.
	 * @param reply the reply as Angus reports it
	 * @return the reply on one line
	 */
	static String normalize(String reply) {
		return (reply != null) ? LINE_BREAKS.matcher(reply.strip()).replaceAll(" ") : "";
	}

	private static Classified classified(Reply deciding, String error) {
		SendResult.Failed result = deciding.isTransient() ? transientFailure(error, deciding.code(), false)
				: new SendResult.Failed(FailureKind.PERMANENT, error, deciding.code(), false);
		return new Classified(result, deciding.speaksAgainstServer());
	}

	private static SendResult.Failed transientFailure(String error, int replyCode, boolean afterData) {
		return new SendResult.Failed(FailureKind.TRANSIENT, error, replyCode, afterData);
	}

	private static List<Reply> replies(MessagingException ex) {
		List<Reply> replies = new ArrayList<>();
		for (Throwable cause : chain(ex)) {
			Reply reply = switch (cause) {
				case SMTPAddressFailedException failed ->
					new Reply(failed.getReturnCode(), failed.getMessage(), failed.getCommand(), failed.getAddress());
				case SMTPSenderFailedException failed ->
					new Reply(failed.getReturnCode(), failed.getMessage(), failed.getCommand(), null);
				case SMTPSendFailedException failed ->
					new Reply(failed.getReturnCode(), failed.getMessage(), failed.getCommand(), null);
				default -> null;
			};
			if (reply != null && isReplyCode(reply.code()) && reply.code() >= 400) {
				replies.add(reply);
			}
		}
		return replies;
	}

	private static List<Throwable> chain(Throwable ex) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		List<Throwable> chain = new ArrayList<>();
		// MessagingException.getCause() is its next exception, so one walk covers both chains.
		for (Throwable cause = ex; cause != null && seen.add(cause); cause = cause.getCause()) {
			chain.add(cause);
		}
		return chain;
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		return chain(ex).stream().anyMatch(type::isInstance);
	}

	private static boolean connectionLost(Throwable ex) {
		// Angus reports an end of stream where a reply was due as a reply with code -1.
		return chain(ex).stream()
			.anyMatch((cause) -> cause instanceof IOException
					|| (cause instanceof SMTPSendFailedException sendFailed && sendFailed.getReturnCode() < 0));
	}

	private static String describe(Throwable ex) {
		List<Throwable> chain = chain(ex);
		Throwable root = chain.get(chain.size() - 1);
		Predicate<Throwable> hasMessage = (cause) -> cause.getMessage() != null && !cause.getMessage().isBlank();
		String rootMessage = hasMessage.test(root) ? normalize(root.getMessage()) : root.getClass().getSimpleName();
		if (root == ex || !hasMessage.test(ex)) {
			return rootMessage;
		}
		return normalize(ex.getMessage()) + ": " + rootMessage;
	}

	private static boolean isReplyCode(int code) {
		return code >= 200 && code <= 599;
	}

	/**
	 * A failure classified.
	 *
	 * @param result what the worker is told
	 * @param serverFailure whether it speaks against the server or the connection to it, rather
	 * than against this one email
	 */
	record Classified(SendResult.Failed result, boolean serverFailure) {
	}

	/**
	 * One reply of the server that refused something.
	 *
	 * @param code the reply code
	 * @param text the reply as the server sent it
	 * @param command the command it answered
	 * @param recipient the refused recipient, for a reply to RCPT, else {@code null}
	 */
	private record Reply(int code, String text, String command, InternetAddress recipient) {

		boolean isTransient() {
			if (this.code == EXCEEDED_STORAGE && this.recipient != null) {
				Matcher enhanced = ENHANCED_STATUS.matcher(normalize(this.text));
				return !enhanced.find() || ("5".equals(enhanced.group(2)) && "3".equals(enhanced.group(3)));
			}
			return this.code < 500;
		}

		boolean speaksAgainstServer() {
			boolean aboutThisEmail = this.recipient != null || ".".equals(this.command)
					|| (this.command != null && this.command.startsWith("RCPT"));
			return this.code == SERVICE_CLOSING || !aboutThisEmail;
		}

		String describe() {
			String reply = normalize(this.text);
			return (this.recipient != null) ? reply + " (recipient " + this.recipient.getAddress() + ")" : reply;
		}

	}

}
