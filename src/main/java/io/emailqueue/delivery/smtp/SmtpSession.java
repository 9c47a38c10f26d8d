package io.emailqueue.delivery.smtp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.SendResult;
import io.emailqueue.delivery.smtp.SmtpFailureClassifier.Classified;
import io.emailqueue.queue.Email;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's SMTP connection, kept open from one email to the next. It is opened on demand
 * and closed after any failure, after {@code max-messages-per-connection} emails and once it has
 * been idle for {@code idle-timeout}. Nothing is spent on checking that it is still alive before
 * each email: when a reused connection turns out to have been closed by the server before the
 * message data went out, the email is sent at once on a new connection instead.
 * <p>
 * When the server refuses some recipients and accepts others, the email is sent to those it
 * accepted and counts as sent; the refused ones are named in the result and logged. Retrying it
 * would deliver it a second time to everyone who already has it.
 * <p>
 * Not thread-safe: it belongs to the consumer thread that opened it.
 */
final class SmtpSession implements EmailSender.Session {

	private static final Logger logger = LoggerFactory.getLogger(SmtpSession.class);

	private final Session mailSession;

	private final SmtpServer server;

	private final MimeMessageComposer composer;

	private final SmtpSenderProperties properties;

	private final SmtpConnectionStatus status;

	private final Clock clock;

	private Transport transport;

	private int messagesOnConnection;

	private Instant lastUsedAt;

	SmtpSession(Session mailSession, SmtpServer server, MimeMessageComposer composer, SmtpSenderProperties properties,
			SmtpConnectionStatus status, Clock clock) {
		this.mailSession = mailSession;
		this.server = server;
		this.composer = composer;
		this.properties = properties;
		this.status = status;
		this.clock = clock;
	}

	@Override
	public SendResult send(Email email) {
		StableIdMimeMessage message;
		try {
			message = this.composer.compose(email);
		}
		catch (MessagingException ex) {
			String error = "Cannot compose the message: " + ex.getMessage();
			this.status.recordFailure(this.clock.instant(), 0, error, false);
			return SendResult.permanentFailure(error, 0);
		}
		closeIfIdleTooLong();
		boolean reused = this.transport != null;
		Outcome outcome = transmit(email, message);
		if (reused && outcome.connectionClosedByServer()) {
			logger.atDebug()
				.addKeyValue("email.id", email.id())
				.log("The server had closed the reused connection to {} ({}); sending again on a new one", this.server,
						outcome.failure().result().error());
			outcome = transmit(email, message);
		}
		return record(outcome);
	}

	private Outcome transmit(Email email, StableIdMimeMessage message) {
		if (this.transport == null) {
			Outcome notConnected = connect();
			if (notConnected != null) {
				return notConnected;
			}
		}
		message.resetDataWritten();
		try {
			Address[] recipients = message.getAllRecipients();
			try {
				this.transport.sendMessage(message, recipients);
				return delivered(lastReply(this.transport));
			}
			catch (SendFailedException ex) {
				if (!message.dataWritten() || !isPartialDelivery(ex)) {
					throw ex;
				}
				String refused = SmtpFailureClassifier.refusedRecipients(ex);
				logger.atWarn()
					.addKeyValue("email.id", email.id())
					.log("Email {} delivered to {} of {} recipient(s); the server refused: {}", email.id(),
							ex.getValidSentAddresses().length, recipients.length, refused);
				return delivered(SmtpFailureClassifier.normalize(ex.getMessage()) + " | not accepted for: " + refused);
			}
		}
		catch (MessagingException ex) {
			disconnect();
			Classified failure = SmtpFailureClassifier.sendFailure(ex, message.dataWritten());
			boolean closedByServer = !message.dataWritten() && SmtpFailureClassifier.isConnectionClosedByServer(ex);
			return Outcome.failed(failure, closedByServer);
		}
		catch (RuntimeException ex) {
			disconnect();
			throw ex;
		}
	}

	private Outcome connect() {
		Transport opening;
		try {
			opening = this.mailSession.getTransport(this.server.protocol());
		}
		catch (MessagingException ex) {
			return Outcome.failed(SmtpFailureClassifier.connectFailure(ex, 0, null, this.server.toString()), false);
		}
		try {
			opening.connect(this.server.host(), this.server.port(), this.server.username(), this.server.password());
		}
		catch (MessagingException ex) {
			closeQuietly(opening);
			return Outcome.failed(SmtpFailureClassifier.connectFailure(ex, lastReplyCode(opening), lastReply(opening),
					this.server.toString()), false);
		}
		this.transport = opening;
		this.messagesOnConnection = 0;
		this.lastUsedAt = this.clock.instant();
		logger.debug("Connected to {}", this.server);
		return null;
	}

	private Outcome delivered(String reply) {
		this.messagesOnConnection++;
		this.lastUsedAt = this.clock.instant();
		if (this.messagesOnConnection >= this.properties.maxMessagesPerConnection()) {
			logger.debug("Closing the connection to {} after {} emails", this.server, this.messagesOnConnection);
			disconnect();
		}
		return Outcome.sent(reply);
	}

	private SendResult record(Outcome outcome) {
		Instant now = this.clock.instant();
		if (outcome.failure() == null) {
			this.status.recordSuccess(now);
			return SendResult.sent(outcome.reply());
		}
		SendResult.Failed failed = outcome.failure().result();
		this.status.recordFailure(now, failed.replyCode(), failed.error(), outcome.failure().serverFailure());
		return failed;
	}

	@Override
	public void whenIdle() {
		closeIfIdleTooLong();
	}

	@Override
	public void close() {
		disconnect();
	}

	private void closeIfIdleTooLong() {
		if (this.transport != null
				&& Duration.between(this.lastUsedAt, this.clock.instant()).compareTo(this.properties.idleTimeout()) >= 0) {
			logger.debug("Closing the connection to {}, idle since {}", this.server, this.lastUsedAt);
			disconnect();
		}
	}

	private void disconnect() {
		Transport closing = this.transport;
		this.transport = null;
		if (closing != null) {
			closeQuietly(closing);
		}
	}

	private void closeQuietly(Transport closing) {
		try {
			closing.close();
		}
		catch (MessagingException | RuntimeException ex) {
			logger.debug("Could not close the connection to {} cleanly: {}", this.server, ex.toString());
		}
	}

	private static boolean isPartialDelivery(SendFailedException ex) {
		Address[] sent = ex.getValidSentAddresses();
		return sent != null && sent.length > 0;
	}

	private static int lastReplyCode(Transport transport) {
		return (transport instanceof SMTPTransport smtp) ? smtp.getLastReturnCode() : 0;
	}

	private static String lastReply(Transport transport) {
		return (transport instanceof SMTPTransport smtp) ? SmtpFailureClassifier.normalize(smtp.getLastServerResponse())
				: "";
	}

	/**
	 * How one try went: sent with the server's reply, or failed.
	 *
	 * @param reply the server's reply to the message, when sent
	 * @param failure the classified failure, when failed
	 * @param connectionClosedByServer whether the failure came from a connection the server had
	 * closed before the message data went out, so that a new connection may succeed at once
	 */
	private record Outcome(String reply, Classified failure, boolean connectionClosedByServer) {

		static Outcome sent(String reply) {
			return new Outcome(reply, null, false);
		}

		static Outcome failed(Classified failure, boolean connectionClosedByServer) {
			return new Outcome(null, failure, connectionClosedByServer);
		}

	}

}
