package io.emailqueue.delivery.smtp;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;

import io.emailqueue.testing.MutableClock;
import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.SendResult;
import io.emailqueue.delivery.SendResult.Failed;
import io.emailqueue.delivery.SendResult.Sent;
import io.emailqueue.delivery.smtp.ScriptedSmtpServer.Command;
import io.emailqueue.delivery.smtp.ScriptedSmtpServer.Reply;
import io.emailqueue.queue.Email;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SmtpSession}, over a real socket to a {@link ScriptedSmtpServer}.
 */
class SmtpSessionTests {

	private static final Duration AWAIT = Duration.ofSeconds(10);

	/** Long enough that a busy machine never makes a healthy reply look late. */
	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	/** For the tests where the server is silent on purpose and the timeout is what they are about. */
	private static final Duration SHORT_READ_TIMEOUT = Duration.ofMillis(1500);

	private static final SmtpSenderProperties DEFAULTS = new SmtpSenderProperties(100, Duration.ofSeconds(30));

	private final ScriptedSmtpServer server = ScriptedSmtpServer.start();

	private final MutableClock clock = new MutableClock(TestEmails.ACCEPTED_AT);

	private final SmtpConnectionStatus status = new SmtpConnectionStatus();

	private EmailSender.Session session = openSession(DEFAULTS);

	@AfterEach
	void closeSessionAndServer() {
		this.session.close();
		this.server.close();
	}

	@Test
	void sendsManyEmailsOverOneConnectionWithoutCheckingItBeforeEach() {
		List<SendResult> results = IntStream.range(0, 20)
			.mapToObj((i) -> this.session.send(TestEmails.to("rcpt" + i + "@example.com")))
			.toList();
		assertThat(results).allSatisfy((result) -> assertThat(result).isInstanceOf(Sent.class));
		assertThat(this.server.messages()).hasSize(20);
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(this.server.count(Command.EHLO)).isEqualTo(1);
		assertThat(this.server.count(Command.NOOP)).isZero();
		assertThat(this.server.count(Command.RSET)).isZero();
	}

	@Test
	void reportsTheServersReplyWhenSent() {
		SendResult result = this.session.send(TestEmails.to("alice@example.com"));
		assertThat(result).isEqualTo(SendResult.sent("250 2.0.0 Ok: queued as 1"));
	}

	@Test
	void opensANewConnectionAfterMaxMessagesPerConnection() {
		this.session = openSession(new SmtpSenderProperties(5, Duration.ofSeconds(30)));
		IntStream.range(0, 12)
			.forEach((i) -> assertThat(this.session.send(TestEmails.to("a@example.com"))).isInstanceOf(Sent.class));
		assertThat(this.server.messages()).hasSize(12);
		assertThat(this.server.connections()).isEqualTo(3);
		await().atMost(AWAIT).untilAsserted(() -> assertThat(this.server.count(Command.QUIT)).isEqualTo(2));
	}

	@Test
	void keepsAConnectionIdleForLessThanTheIdleTimeout() {
		this.session.send(TestEmails.to("a@example.com"));
		this.clock.advance(Duration.ofSeconds(29));
		this.session.whenIdle();
		this.session.send(TestEmails.to("b@example.com"));
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(this.server.count(Command.QUIT)).isZero();
	}

	@Test
	void closesAConnectionIdleForTheIdleTimeoutAndReconnectsForTheNextEmail() {
		this.session.send(TestEmails.to("a@example.com"));
		this.clock.advance(Duration.ofSeconds(30));
		this.session.whenIdle();
		await().atMost(AWAIT).untilAsserted(() -> {
			assertThat(this.server.count(Command.QUIT)).isEqualTo(1);
			assertThat(this.server.closedConnections()).isEqualTo(1);
		});
		assertThat(this.session.send(TestEmails.to("b@example.com"))).isInstanceOf(Sent.class);
		assertThat(this.server.connections()).isEqualTo(2);
	}

	@Test
	void replacesAConnectionIdleTooLongBeforeSendingEvenWithoutWhenIdle() {
		this.session.send(TestEmails.to("a@example.com"));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.session.send(TestEmails.to("b@example.com"))).isInstanceOf(Sent.class);
		assertThat(this.server.connections()).isEqualTo(2);
	}

	@Test
	void sendsAtOnceOnANewConnectionWhenTheServerHadClosedTheReusedOne() {
		this.server.on(Command.END_OF_DATA, (request) -> (request.connection() == 1) ? Reply.thenHangUp("250 2.0.0 Ok")
				: Reply.of("250 2.0.0 Ok: queued on a new connection"));
		this.session.send(TestEmails.to("a@example.com"));
		SendResult second = this.session.send(TestEmails.to("b@example.com"));
		assertThat(second).isEqualTo(SendResult.sent("250 2.0.0 Ok: queued on a new connection"));
		assertThat(this.server.connections()).isEqualTo(2);
		assertThat(this.server.messages()).hasSize(2);
	}

	@Test
	void sendsAtOnceOnANewConnectionWhenTheReusedOneIsClosedWith421() {
		this.server.on(Command.MAIL, (request) -> (request.connection() == 1 && request.messagesOnConnection() == 1)
				? Reply.thenHangUp("421 4.4.2 Timeout exceeded") : Reply.of("250 2.1.0 Ok"));
		this.session.send(TestEmails.to("a@example.com"));
		assertThat(this.session.send(TestEmails.to("b@example.com"))).isInstanceOf(Sent.class);
		assertThat(this.server.connections()).isEqualTo(2);
	}

	@Test
	void treatsA4xxReplyToRcptAsTransientWithTheServersReply() {
		this.server.on(Command.RCPT, Reply.of("450 4.2.0 Mailbox busy"));
		SendResult result = this.session.send(TestEmails.to("busy@example.com"));
		assertThat(result).isEqualTo(
				SendResult.transientFailure("450 4.2.0 Mailbox busy (recipient busy@example.com)", 450, false));
		assertThat(this.server.messages()).isEmpty();
	}

	@Test
	void treatsA5xxReplyToRcptAsPermanent() {
		this.server.on(Command.RCPT, Reply.of("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown"));
		SendResult result = this.session.send(TestEmails.to("nobody@example.com"));
		assertThat(result).isEqualTo(SendResult.permanentFailure(
				"550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown (recipient nobody@example.com)",
				550));
	}

	@Test
	void treatsA4xxReplyToMailFromAsTransient() {
		this.server.on(Command.MAIL, Reply.of("451 4.3.0 Temporary local problem"));
		assertThat(this.session.send(TestEmails.to("a@example.com")))
			.isEqualTo(SendResult.transientFailure("451 4.3.0 Temporary local problem", 451, false));
	}

	@Test
	void treatsA5xxReplyToMailFromAsPermanent() {
		this.server.on(Command.MAIL, Reply.of("553 5.7.1 Sender address rejected: not owned by user"));
		assertThat(this.session.send(TestEmails.to("a@example.com")))
			.isEqualTo(SendResult.permanentFailure("553 5.7.1 Sender address rejected: not owned by user", 553));
	}

	@Test
	void treatsA5xxReplyToTheEndOfDataAsPermanent() {
		this.server.on(Command.END_OF_DATA, Reply.of("552 5.3.4 Message size exceeds fixed limit"));
		assertThat(this.session.send(TestEmails.to("a@example.com")))
			.isEqualTo(SendResult.permanentFailure("552 5.3.4 Message size exceeds fixed limit", 552));
	}

	@Test
	void treatsA4xxReplyToTheEndOfDataAsTransientAndNotUncertain() {
		this.server.on(Command.END_OF_DATA, Reply.of("451 4.3.0 Queue file write error"));
		assertThat(this.session.send(TestEmails.to("a@example.com")))
			.isEqualTo(SendResult.transientFailure("451 4.3.0 Queue file write error", 451, false));
	}

	@Test
	void reconnectsForTheNextEmailAfterAFailure() {
		this.server.on(Command.RCPT, (request) -> (request.connection() == 1) ? Reply.of("450 4.2.0 Mailbox busy")
				: Reply.of("250 2.1.5 Ok"));
		assertThat(this.session.send(TestEmails.to("a@example.com"))).isInstanceOf(Failed.class);
		assertThat(this.session.send(TestEmails.to("a@example.com"))).isInstanceOf(Sent.class);
		assertThat(this.server.connections()).isEqualTo(2);
	}

	@Test
	void treatsA421AndHangUpAsTransient() {
		this.server.on(Command.MAIL, Reply.thenHangUp("421 4.3.2 Service shutting down"));
		assertThat(this.session.send(TestEmails.to("a@example.com")))
			.isEqualTo(SendResult.transientFailure("421 4.3.2 Service shutting down", 421, false));
		assertThat(this.status.snapshot().serverFailing()).isTrue();
	}

	@Test
	void treatsA421GreetingAsTransientWithTheServersReply() {
		this.server.on(Command.GREETING, Reply.thenHangUp("421 4.3.2 Too many connections, try later"));
		assertThat(this.session.send(TestEmails.to("a@example.com")))
			.isEqualTo(SendResult.transientFailure("421 4.3.2 Too many connections, try later", 421, false));
	}

	@Test
	void treatsARefusedLoginAsTransientSoThatAWrongPasswordDeadLettersNothingAtOnce() {
		this.server.on(Command.AUTH, Reply.of("535 5.7.8 Authentication credentials invalid"));
		this.session = openSession(DEFAULTS, "queue", "wrong", READ_TIMEOUT);
		SendResult result = this.session.send(TestEmails.to("a@example.com"));
		assertThat(result)
			.isEqualTo(SendResult.transientFailure("535 5.7.8 Authentication credentials invalid", 535, false));
		assertThat(this.status.snapshot().serverFailing()).isTrue();
	}

	@Test
	void treatsAServerThatNeverGreetsAsTransient() {
		this.session = openSession(DEFAULTS, null, null, SHORT_READ_TIMEOUT);
		this.server.on(Command.GREETING, Reply.silence());
		SendResult result = this.session.send(TestEmails.to("a@example.com"));
		assertThat(result).isInstanceOfSatisfying(Failed.class, (failed) -> {
			assertThat(failed.isTransient()).isTrue();
			assertThat(failed.replyCode()).isZero();
			assertThat(failed.afterData()).isFalse();
			assertThat(failed.error()).contains("Could not connect to 127.0.0.1:" + this.server.port());
		});
	}

	@Test
	void treatsAServerThatStopsAnsweringBeforeTheDataAsTransientAndNotUncertain() {
		this.session = openSession(DEFAULTS, null, null, SHORT_READ_TIMEOUT);
		this.server.on(Command.RCPT, Reply.silence());
		SendResult result = this.session.send(TestEmails.to("a@example.com"));
		assertThat(result).isInstanceOfSatisfying(Failed.class, (failed) -> {
			assertThat(failed.isTransient()).isTrue();
			assertThat(failed.afterData()).isFalse();
			assertThat(failed.error()).startsWith("No reply from the SMTP server in time").doesNotContain("uncertain");
		});
		assertThat(this.server.messages()).isEmpty();
	}

	@Test
	void treatsATimeoutAfterTheDataAsUncertain() {
		this.session = openSession(DEFAULTS, null, null, SHORT_READ_TIMEOUT);
		this.server.on(Command.END_OF_DATA, Reply.silence());
		SendResult result = this.session.send(TestEmails.to("a@example.com"));
		assertThat(result).isInstanceOfSatisfying(Failed.class, (failed) -> {
			assertThat(failed.isTransient()).isTrue();
			assertThat(failed.afterData()).isTrue();
			assertThat(failed.replyCode()).isZero();
			assertThat(failed.error()).startsWith("No reply from the SMTP server in time").endsWith("delivery uncertain");
		});
		assertThat(this.server.messages()).hasSize(1);
	}

	@Test
	void treatsAConnectionLostAfterTheDataAsUncertain() {
		this.server.on(Command.END_OF_DATA, Reply.hangUp());
		SendResult result = this.session.send(TestEmails.to("a@example.com"));
		assertThat(result).isInstanceOfSatisfying(Failed.class, (failed) -> {
			assertThat(failed.isTransient()).isTrue();
			assertThat(failed.afterData()).isTrue();
			assertThat(failed.error()).startsWith("Connection to the SMTP server lost").endsWith("delivery uncertain");
		});
	}

	@Test
	void doesNotSendAgainAtOnceWhenAReusedConnectionWasLostAfterTheData() {
		this.server.on(Command.END_OF_DATA, (request) -> (request.messagesOnConnection() == 2) ? Reply.hangUp()
				: Reply.of("250 2.0.0 Ok"));
		this.session.send(TestEmails.to("a@example.com"));
		assertThat(this.session.send(TestEmails.to("b@example.com"))).isInstanceOfSatisfying(Failed.class,
				(failed) -> assertThat(failed.afterData()).isTrue());
		assertThat(this.server.messages()).hasSize(2);
		assertThat(this.server.connections()).isEqualTo(1);
	}

	@Test
	void givesEveryAttemptAtAnEmailTheSameMessageIdEvenWhenTheFirstWasUncertain() {
		this.session = openSession(DEFAULTS, null, null, SHORT_READ_TIMEOUT);
		this.server.on(Command.END_OF_DATA, (request) -> (request.connection() == 1) ? Reply.silence()
				: Reply.of("250 2.0.0 Ok"));
		Email email = TestEmails.to("a@example.com");
		assertThat(this.session.send(email)).isInstanceOf(Failed.class);
		assertThat(this.session.send(email.nextAttempt())).isInstanceOf(Sent.class);
		assertThat(this.server.messages()).hasSize(2)
			.allSatisfy((message) -> assertThat(message).contains("Message-ID: <" + email.id() + "@example.com>"));
	}

	@Test
	void deliversToTheAcceptedRecipientsWhenOthersAreRefused() {
		this.server.on(Command.RCPT, (request) -> request.argument().contains("nobody")
				? Reply.of("550 5.1.1 User unknown") : Reply.of("250 2.1.5 Ok"));
		SendResult result = this.session.send(TestEmails.to("alice@example.com", "nobody@example.com"));
		assertThat(result).isEqualTo(SendResult.sent(
				"250 2.0.0 Ok: queued as 1 | not accepted for: 550 5.1.1 User unknown (recipient nobody@example.com)"));
		assertThat(this.server.messages()).hasSize(1);
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(this.status.snapshot().lastSuccessAt()).isNotNull();
	}

	@Test
	void treatsAllRecipientsRefusedAsPermanentWhenEveryRefusalIs() {
		this.server.on(Command.RCPT, Reply.of("550 5.1.1 User unknown"));
		SendResult result = this.session.send(TestEmails.to("x@example.com", "y@example.com"));
		assertThat(result).isEqualTo(SendResult.permanentFailure("550 5.1.1 User unknown (recipient x@example.com); "
				+ "550 5.1.1 User unknown (recipient y@example.com)", 550));
		assertThat(this.server.messages()).isEmpty();
		assertThat(this.status.snapshot().serverFailing()).isFalse();
	}

	@Test
	void treatsAllRecipientsRefusedAsTransientWhenOneRefusalIs() {
		this.server.on(Command.RCPT, (request) -> request.argument().contains("busy")
				? Reply.of("452 4.2.2 Mailbox full") : Reply.of("550 5.1.1 User unknown"));
		SendResult result = this.session.send(TestEmails.to("x@example.com", "busy@example.com"));
		assertThat(result).isEqualTo(SendResult.transientFailure("550 5.1.1 User unknown (recipient x@example.com); "
				+ "452 4.2.2 Mailbox full (recipient busy@example.com)", 452, false));
	}

	@Test
	void treatsARefusedConnectionAsTransient() {
		int port = this.server.port();
		this.server.close();
		SendResult result = this.session.send(TestEmails.to("a@example.com"));
		assertThat(result).isInstanceOfSatisfying(Failed.class, (failed) -> {
			assertThat(failed.isTransient()).isTrue();
			assertThat(failed.replyCode()).isZero();
			assertThat(failed.error()).startsWith("Could not connect to 127.0.0.1:" + port).contains("Connection refused");
		});
		assertThat(this.status.snapshot().serverFailing()).isTrue();
	}

	@Test
	void treatsAnInvalidAddressAsPermanentWithoutConnecting() {
		SendResult result = this.session.send(TestEmails.to("not an address"));
		assertThat(result).isInstanceOfSatisfying(Failed.class, (failed) -> {
			assertThat(failed.isTransient()).isFalse();
			assertThat(failed.error()).startsWith("Cannot compose the message: Invalid address in 'to'");
		});
		assertThat(this.server.connections()).isZero();
	}

	@Test
	void recordsSuccessAndFailureForHealth() {
		this.session.send(TestEmails.to("a@example.com"));
		this.clock.advance(Duration.ofSeconds(1));
		this.server.on(Command.MAIL, Reply.of("451 4.3.0 Try again later"));
		this.session.send(TestEmails.to("a@example.com"));
		SmtpConnectionStatus.Snapshot snapshot = this.status.snapshot();
		assertThat(snapshot.lastSuccessAt()).isEqualTo(TestEmails.ACCEPTED_AT);
		assertThat(snapshot.lastFailureAt()).isEqualTo(TestEmails.ACCEPTED_AT.plusSeconds(1));
		assertThat(snapshot.lastFailureReplyCode()).isEqualTo(451);
		assertThat(snapshot.lastFailure()).isEqualTo("451 4.3.0 Try again later");
		assertThat(snapshot.serverFailing()).isTrue();
	}

	private EmailSender.Session openSession(SmtpSenderProperties properties) {
		return openSession(properties, null, null, READ_TIMEOUT);
	}

	private EmailSender.Session openSession(SmtpSenderProperties properties, String username, String password,
			Duration readTimeout) {
		JavaMailSenderImpl mailSender = new JavaMailSenderImpl();
		mailSender.setHost("127.0.0.1");
		mailSender.setPort(this.server.port());
		mailSender.setUsername(username);
		mailSender.setPassword(password);
		Properties javaMail = new Properties();
		javaMail.setProperty("mail.smtp.connectiontimeout", "10000");
		javaMail.setProperty("mail.smtp.timeout", String.valueOf(readTimeout.toMillis()));
		javaMail.setProperty("mail.smtp.writetimeout", "10000");
		mailSender.setJavaMailProperties(javaMail);
		SmtpEmailSender sender = new SmtpEmailSender(mailSender, new DefaultSenderProperties("noreply@example.com"),
				properties, this.status, this.clock);
		return sender.openSession();
	}

}
