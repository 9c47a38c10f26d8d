package io.emailqueue.delivery.smtp;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import javax.net.ssl.SSLSocketFactory;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.emailqueue.testing.MutableClock;
import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.SendResult.Sent;
import io.emailqueue.queue.Email;
import io.emailqueue.queue.EmailContent;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link SmtpEmailSender}: what arrives at a real SMTP server (GreenMail).
 */
class SmtpEmailSenderTests {

	@RegisterExtension
	static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
		.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

	private final SmtpConnectionStatus status = new SmtpConnectionStatus();

	private EmailSender.Session session;

	@BeforeEach
	void openSession() {
		this.session = sender("Email Queue <noreply@example.com>").openSession();
	}

	@AfterEach
	void closeSession() {
		this.session.close();
	}

	@Test
	void sendsTextAndHtmlAsMultipartAlternativeWithTextFirst() throws Exception {
		Email email = TestEmails.email(new EmailContent(List.of("alice@example.com"), null, null, null, null, "Report",
				"Plain körper", "<p>HTML körper</p>", 5));
		assertThat(this.session.send(email)).isInstanceOf(Sent.class);
		MimeMessage received = receivedBy("alice@example.com");
		assertThat(received.getContentType()).startsWith("multipart/alternative");
		MimeMultipart alternative = (MimeMultipart) received.getContent();
		assertThat(alternative.getCount()).isEqualTo(2);
		assertThat(alternative.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
		assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("Plain körper");
		assertThat(alternative.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
		assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<p>HTML körper</p>");
	}

	@Test
	void sendsASingleBodyAsOnePart() throws Exception {
		Email email = TestEmails.email(new EmailContent(List.of("alice@example.com"), null, null, null, null, "Report",
				null, "<p>Only HTML</p>", 5));
		this.session.send(email);
		MimeMessage received = receivedBy("alice@example.com");
		assertThat(received.getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
		assertThat(received.getContent()).isEqualTo("<p>Only HTML</p>");
	}

	@Test
	void choosesATransferEncodingThatKeepsEveryBodyIntact() throws Exception {
		String ascii = "Line one\nLine two\n";
		String longLine = "x".repeat(2_000) + "\n";
		String mostlyNonAscii = "Ωμέγα καλημέρα σας\n";
		for (String text : List.of(ascii, longLine, mostlyNonAscii)) {
			String to = "r" + text.length() + "@example.com";
			this.session.send(TestEmails.email(new EmailContent(List.of(to), null, null, null, null, "Body", text, null,
					5)));
			MimeMessage received = receivedBy(to);
			assertThat(received.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
			// The last line break belongs to the end of the message data.
			assertThat(((String) received.getContent()).replace("\r\n", "\n").stripTrailing())
				.isEqualTo(text.stripTrailing());
		}
		assertThat(receivedBy("r" + ascii.length() + "@example.com").getEncoding()).isEqualTo("7bit");
		assertThat(receivedBy("r" + longLine.length() + "@example.com").getEncoding()).isEqualTo("quoted-printable");
		assertThat(receivedBy("r" + mostlyNonAscii.length() + "@example.com").getEncoding()).isEqualTo("base64");
	}

	@Test
	void encodesANonAsciiSubject() throws Exception {
		this.session.send(TestEmails.email(new EmailContent(List.of("alice@example.com"), null, null, null, null,
				"Grüße aus Zürich ✓", "Hallo", null, 5)));
		MimeMessage received = receivedBy("alice@example.com");
		assertThat(received.getHeader("Subject")[0]).startsWith("=?UTF-8?");
		assertThat(received.getSubject()).isEqualTo("Grüße aus Zürich ✓");
	}

	@Test
	void setsTheHeadersAndDeliversToBccWithoutShowingIt() throws Exception {
		Email email = TestEmails.email(new EmailContent(List.of("alice@example.com"), List.of("carol@example.com"),
				List.of("bob@example.net"), null, "support@example.com", "Hello", "Hi", null, 5));
		assertThat(this.session.send(email)).isInstanceOf(Sent.class);
		MimeMessage received = receivedBy("alice@example.com");
		assertThat(received.getFrom()).containsExactly(new InternetAddress("Email Queue <noreply@example.com>"));
		assertThat(received.getReplyTo()).containsExactly(new InternetAddress("support@example.com"));
		assertThat(received.getRecipients(RecipientType.TO)).containsExactly(new InternetAddress("alice@example.com"));
		assertThat(received.getRecipients(RecipientType.CC)).containsExactly(new InternetAddress("carol@example.com"));
		assertThat(received.getHeader("Bcc")).isNull();
		assertThat(received.getHeader("X-Priority")).isNull();
		assertThat(receivedBy("carol@example.com").getHeader("Bcc")).isNull();
		MimeMessage bccCopy = receivedBy("bob@example.net");
		assertThat(bccCopy.getHeader("Bcc")).isNull();
		assertThat(bccCopy.getMessageID()).isEqualTo(received.getMessageID());
	}

	@Test
	void usesTheEmailsOwnSenderOverTheDefault() throws Exception {
		this.session.send(TestEmails.email(new EmailContent(List.of("alice@example.com"), null, null,
				"Billing <billing@example.org>", null, "Invoice", "Attached", null, 5)));
		assertThat(receivedBy("alice@example.com").getFrom())
			.containsExactly(new InternetAddress("Billing <billing@example.org>"));
	}

	@Test
	void givesEveryAttemptTheSameMessageIdFromTheEmailIdAndTheDefaultSendersDomainAndTheSameDate() throws Exception {
		Email email = TestEmails.to("alice@example.com");
		this.session.send(email);
		this.session.send(email.nextAttempt());
		MimeMessage[] received = greenMail.getReceivedMessages();
		assertThat(received).hasSize(2);
		assertThat(received[0].getMessageID()).isEqualTo("<" + email.id() + "@example.com>");
		assertThat(received[1].getMessageID()).isEqualTo(received[0].getMessageID());
		assertThat(received)
			.allSatisfy((message) -> assertThat(message.getSentDate()).isEqualTo(Date.from(email.acceptedAt())));
	}

	@Test
	void givesDifferentEmailsDifferentMessageIds() throws Exception {
		this.session.send(TestEmails.to("alice@example.com"));
		this.session.send(TestEmails.to("alice@example.com"));
		MimeMessage[] received = greenMail.getReceivedMessages();
		assertThat(received[0].getMessageID()).isNotEqualTo(received[1].getMessageID());
	}

	@Test
	void refusesToStartWithoutADefaultSender() {
		assertThatIllegalStateException().isThrownBy(() -> sender(null))
			.withMessageContaining("email.from must be set to the default sender address");
		assertThatIllegalStateException().isThrownBy(() -> sender(" "))
			.withMessageContaining("email.from must be set to the default sender address");
	}

	@Test
	void refusesToStartWithAnInvalidDefaultSender() {
		assertThatIllegalStateException().isThrownBy(() -> sender("noreply"))
			.withMessageContaining("email.from must be one valid address")
			.withMessageContaining("'noreply'");
		assertThatIllegalStateException().isThrownBy(() -> sender("a@example.com, b@example.com"))
			.withMessageContaining("email.from must be one valid address");
	}

	@Test
	void refusesToStartWithATimeoutThatIsNotAPositiveNumberOfMilliseconds() {
		JavaMailSenderImpl mailSender = mailSender();
		mailSender.getJavaMailProperties().setProperty("mail.smtp.timeout", "30s");
		assertThatIllegalStateException().isThrownBy(() -> new SmtpEmailSender(mailSender,
				new DefaultSenderProperties("noreply@example.com"), defaultProperties(), this.status,
				new MutableClock(TestEmails.ACCEPTED_AT)))
			.withMessage("spring.mail.properties.mail.smtp.timeout must be a positive number of milliseconds "
					+ "(Angus would wait for ever on 0) but was '30s'");
	}

	@Test
	void refusesToStartWithATimeoutOfZeroWhichWouldMeanForEver() {
		JavaMailSenderImpl mailSender = mailSender();
		mailSender.getJavaMailProperties().setProperty("mail.smtp.connectiontimeout", "0");
		assertThatIllegalStateException().isThrownBy(() -> new SmtpEmailSender(mailSender,
				new DefaultSenderProperties("noreply@example.com"), defaultProperties(), this.status,
				new MutableClock(TestEmails.ACCEPTED_AT)))
			.withMessageStartingWith("spring.mail.properties.mail.smtp.connectiontimeout must be a positive number");
	}

	@Test
	void givesEveryTimeoutADefaultWhenNoneIsConfigured() {
		jakarta.mail.Session session = SmtpEmailSender
			.sessionWithTimeouts(jakarta.mail.Session.getInstance(new Properties()), "smtp");
		assertThat(session.getProperty("mail.smtp.connectiontimeout")).isEqualTo("10000");
		assertThat(session.getProperty("mail.smtp.timeout")).isEqualTo("30000");
		assertThat(session.getProperty("mail.smtp.writetimeout")).isEqualTo("30000");
	}

	@Test
	void keepsTheConfiguredTimeouts() {
		Properties configured = new Properties();
		configured.setProperty("mail.smtp.connectiontimeout", "5000");
		configured.setProperty("mail.smtp.timeout", "60000");
		configured.setProperty("mail.smtp.writetimeout", "45000");
		jakarta.mail.Session session = SmtpEmailSender.sessionWithTimeouts(jakarta.mail.Session.getInstance(configured),
				"smtp");
		assertThat(session.getProperty("mail.smtp.connectiontimeout")).isEqualTo("5000");
		assertThat(session.getProperty("mail.smtp.timeout")).isEqualTo("60000");
		assertThat(session.getProperty("mail.smtp.writetimeout")).isEqualTo("45000");
	}

	@Test
	void appliesTheSmtpTimeoutsToSmtpsWhichAngusWouldReadFromMailSmtpsOnly() {
		Properties configured = new Properties();
		configured.setProperty("mail.smtp.timeout", "60000");
		configured.setProperty("mail.smtps.writetimeout", "45000");
		jakarta.mail.Session session = SmtpEmailSender.sessionWithTimeouts(jakarta.mail.Session.getInstance(configured),
				"smtps");
		assertThat(session.getProperty("mail.smtps.connectiontimeout")).isEqualTo("10000");
		assertThat(session.getProperty("mail.smtps.timeout")).isEqualTo("60000");
		assertThat(session.getProperty("mail.smtps.writetimeout")).isEqualTo("45000");
	}

	@Test
	void keepsTheOtherPropertiesOfTheConfiguredSessionObjectsIncluded() {
		Properties configured = new Properties();
		configured.setProperty("mail.smtp.starttls.enable", "true");
		Object sslSocketFactory = SSLSocketFactory.getDefault();
		configured.put("mail.smtp.ssl.socketFactory", sslSocketFactory);
		jakarta.mail.Session session = SmtpEmailSender.sessionWithTimeouts(jakarta.mail.Session.getInstance(configured),
				"smtp");
		assertThat(session.getProperty("mail.smtp.starttls.enable")).isEqualTo("true");
		assertThat(session.getProperties().get("mail.smtp.ssl.socketFactory")).isSameAs(sslSocketFactory);
	}

	private static MimeMessage receivedBy(String recipient) {
		MimeMessage[] received = greenMail
			.findReceivedMessages((user) -> user.getEmail().equals(recipient), (message) -> true)
			.toArray(MimeMessage[]::new);
		assertThat(received).as("messages received by %s", recipient).hasSize(1);
		return received[0];
	}

	private SmtpEmailSender sender(String from) {
		return new SmtpEmailSender(mailSender(), new DefaultSenderProperties(from), defaultProperties(), this.status,
				new MutableClock(TestEmails.ACCEPTED_AT));
	}

	private static SmtpSenderProperties defaultProperties() {
		return new SmtpSenderProperties(100, Duration.ofSeconds(30));
	}

	private static JavaMailSenderImpl mailSender() {
		JavaMailSenderImpl mailSender = new JavaMailSenderImpl();
		mailSender.setHost("127.0.0.1");
		mailSender.setPort(greenMail.getSmtp().getPort());
		mailSender.setJavaMailProperties(new Properties());
		return mailSender;
	}

}
