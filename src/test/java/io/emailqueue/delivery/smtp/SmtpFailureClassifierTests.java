package io.emailqueue.delivery.smtp;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

import io.emailqueue.delivery.SendResult;
import io.emailqueue.delivery.SendResult.FailureKind;
import io.emailqueue.delivery.smtp.SmtpFailureClassifier.Classified;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SmtpFailureClassifier}, with the exceptions as Angus Mail throws them.
 */
class SmtpFailureClassifierTests {

	@ParameterizedTest(name = "{1} to {0} is {2}")
	@CsvSource(delimiter = '|', textBlock = """
			MAIL | 421 4.3.2 Service not available, closing channel | TRANSIENT | true
			RCPT | 450 4.2.1 Mailbox busy                             | TRANSIENT | false
			.    | 451 4.3.0 Error: queue file write error            | TRANSIENT | false
			RCPT | 452 4.5.3 Too many recipients                      | TRANSIENT | false
			MAIL | 454 4.7.0 TLS not available due to local problem   | TRANSIENT | true
			MAIL | 500 5.5.2 Syntax error, command unrecognized        | PERMANENT | true
			RCPT | 550 5.1.1 User unknown                             | PERMANENT | false
			.    | 552 5.3.4 Message size exceeds fixed limit         | PERMANENT | false
			RCPT | 552 5.5.3 Too many recipients                      | TRANSIENT | false
			RCPT | 552 Too many recipients                            | TRANSIENT | false
			RCPT | 552 5.2.2 Mailbox full                             | PERMANENT | false
			MAIL | 553 5.1.8 Sender address domain not found          | PERMANENT | true
			RCPT | 553 5.1.3 Bad recipient address syntax             | PERMANENT | false
			.    | 554 5.7.1 Message rejected as spam                 | PERMANENT | false
			RCPT | 554 5.7.1 Relay access denied                      | PERMANENT | false
			""")
	void classifiesAReplyByItsCodeAndCommand(String command, String reply, FailureKind kind, boolean serverFailure)
			throws AddressException {
		int code = Integer.parseInt(reply.substring(0, 3));
		String expectedError = command.equals("RCPT") ? reply + " (recipient bob@example.com)" : reply;
		Classified classified = SmtpFailureClassifier.sendFailure(failure(command, code, reply + "\n"), false);
		assertThat(classified.result()).isEqualTo(new SendResult.Failed(kind, expectedError, code, false));
		assertThat(classified.serverFailure()).isEqualTo(serverFailure);
	}

	@Test
	void findsTheReplyWhereverItIsInTheChain() {
		MessagingException wrapped = new MessagingException("Sending failed",
				new SMTPSendFailedException(".", 451, "451 4.7.1 Greylisted, try again later\n", null, null, null, null));
		assertThat(SmtpFailureClassifier.sendFailure(wrapped, true).result())
			.isEqualTo(SendResult.transientFailure("451 4.7.1 Greylisted, try again later", 451, false));
	}

	@Test
	void foldsAMultiLineReplyIntoOneLine() {
		MessagingException ex = new SMTPSendFailedException(".", 550,
				"550-5.7.1 The message was rejected\n550 5.7.1 for policy reasons\n", null, null, null, null);
		assertThat(SmtpFailureClassifier.sendFailure(ex, true).result().error())
			.isEqualTo("550-5.7.1 The message was rejected 550 5.7.1 for policy reasons");
	}

	@Test
	void treatsARefusedConnectionAsTransientWithoutReplyCode() {
		Classified classified = SmtpFailureClassifier.connectFailure(
				new MessagingException("Couldn't connect to host", new ConnectException("Connection refused")), 0, null,
				"smtp.example.com:587 (smtp)");
		assertThat(classified.result()).isEqualTo(SendResult.transientFailure(
				"Could not connect to smtp.example.com:587 (smtp): Couldn't connect to host: Connection refused", 0, false));
		assertThat(classified.serverFailure()).isTrue();
	}

	@Test
	void treatsEveryRefusalToOpenASessionAsTransientKeepingTheReply() {
		Classified classified = SmtpFailureClassifier.connectFailure(
				new MessagingException("535 5.7.8 Authentication credentials invalid"), 535,
				"535 5.7.8 Authentication credentials invalid\n", "smtp.example.com:587 (smtp)");
		assertThat(classified.result())
			.isEqualTo(SendResult.transientFailure("535 5.7.8 Authentication credentials invalid", 535, false));
	}

	@Test
	void treatsATimeoutBeforeTheDataAsTransientAndCertain() {
		Classified classified = SmtpFailureClassifier.sendFailure(readTimeout(), false);
		assertThat(classified.result()).isEqualTo(SendResult.transientFailure(
				"No reply from the SMTP server in time (Exception reading response: Read timed out)", 0, false));
		assertThat(classified.serverFailure()).isTrue();
	}

	@Test
	void treatsATimeoutAfterTheDataAsUncertain() {
		assertThat(SmtpFailureClassifier.sendFailure(readTimeout(), true).result())
			.isEqualTo(SendResult.transientFailure("No reply from the SMTP server in time (Exception reading response: "
					+ "Read timed out) after the message data was sent: delivery uncertain", 0, true));
	}

	@Test
	void treatsAConnectionLostAfterTheDataAsUncertain() {
		assertThat(SmtpFailureClassifier.sendFailure(endOfStream("."), true).result()).isEqualTo(SendResult
			.transientFailure("Connection to the SMTP server lost ([EOF]) after the message data was sent: delivery uncertain",
					0, true));
	}

	@Test
	void recognisesAConnectionClosedByTheServer() {
		assertThat(SmtpFailureClassifier.isConnectionClosedByServer(endOfStream("MAIL FROM:<a@example.com>"))).isTrue();
		assertThat(SmtpFailureClassifier.isConnectionClosedByServer(
				new SMTPSendFailedException("MAIL FROM:<a@example.com>", 421, "421 4.4.2 Timeout\n", null, null, null,
						null)))
			.isTrue();
		assertThat(SmtpFailureClassifier.isConnectionClosedByServer(readTimeout())).isFalse();
		assertThat(SmtpFailureClassifier.isConnectionClosedByServer(
				new SMTPSendFailedException("MAIL FROM:<a@example.com>", 451, "451 4.3.0 Later\n", null, null, null,
						null)))
			.isFalse();
	}

	private static MessagingException readTimeout() {
		return new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out"));
	}

	private static MessagingException endOfStream(String command) {
		return new SMTPSendFailedException(command, -1, "[EOF]", null, null, null, null);
	}

	private static MessagingException failure(String command, int code, String reply) throws AddressException {
		InternetAddress sender = new InternetAddress("alice@example.com");
		InternetAddress recipient = new InternetAddress("bob@example.com");
		return switch (command) {
			case "MAIL" -> {
				SMTPSendFailedException ex = new SMTPSendFailedException("MAIL FROM:<alice@example.com>", code, reply,
						null, null, null, null);
				if (code >= 500) {
					// As Angus does for a refused sender.
					ex.setNextException(new SMTPSenderFailedException(sender, "MAIL FROM:<alice@example.com>", code, reply));
				}
				yield ex;
			}
			case "RCPT" -> new SendFailedException("Invalid Addresses",
					new SMTPAddressFailedException(recipient, "RCPT TO:<bob@example.com>", code, reply), null, null,
					new InternetAddress[] { recipient });
			default -> new SMTPSendFailedException(command, code, reply, null, null, null, null);
		};
	}

}
