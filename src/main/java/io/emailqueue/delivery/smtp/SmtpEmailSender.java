package io.emailqueue.delivery.smtp;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.emailqueue.Durations;
import io.emailqueue.delivery.EmailSender;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Delivers over SMTP to the server configured with {@code spring.mail.*}
 * ({@code email.sender.type=smtp}). Each consumer gets its own {@link SmtpSession}, which keeps
 * one connection open across emails.
 * <p>
 * Spring's {@link JavaMailSenderImpl} supplies the configuration (host, port, protocol,
 * credentials and the {@code spring.mail.properties.*} passed to Angus Mail) but does not send:
 * its {@code send} opens and closes a connection per call, and its batch form spends a NOOP round
 * trip per message checking the connection.
 * <p>
 * Angus waits for ever on a silent server unless told otherwise, so the connect, read and write
 * timeouts always have a value: the one configured under {@code mail.smtp.*} (also for
 * {@code smtps}, which would otherwise read {@code mail.smtps.*} only), else 10 s, 30 s and 30 s.
 */
@Component
@ConditionalOnSmtpSender
public final class SmtpEmailSender implements EmailSender {

	private static final Logger logger = LoggerFactory.getLogger(SmtpEmailSender.class);

	private static final String STREAM_PROVIDER = StreamProvider.class.getName();

	static {
		// jakarta.mail-api 2.1 looks its StreamProvider up afresh, with a ServiceLoader that scans
		// every jar, each time it encodes a message part (jakartaee/mail-api#861): a third of the
		// CPU per email (see BENCHMARKS.md). It reads this system property first.
		if (System.getProperty(STREAM_PROVIDER) == null) {
			System.setProperty(STREAM_PROVIDER, MailStreamProvider.class.getName());
		}
	}

	/** The connect, read and write timeouts used when none is configured, by Angus property name. */
	static final Map<String, Duration> DEFAULT_TIMEOUTS = defaultTimeouts();

	private final jakarta.mail.Session mailSession;

	private final SmtpServer server;

	private final MimeMessageComposer composer;

	private final SmtpSenderProperties properties;

	private final SmtpConnectionStatus status;

	private final Clock clock;

	public SmtpEmailSender(JavaMailSenderImpl mailSender, DefaultSenderProperties defaultSender,
			SmtpSenderProperties properties, SmtpConnectionStatus status, Clock clock) {
		InternetAddress defaultFrom = defaultFrom(defaultSender.from());
		String protocol = protocol(mailSender);
		this.mailSession = sessionWithTimeouts(mailSender.getSession(), protocol);
		this.server = new SmtpServer(protocol, mailSender.getHost(), mailSender.getPort(),
				StringUtils.hasLength(mailSender.getUsername()) ? mailSender.getUsername() : null,
				StringUtils.hasLength(mailSender.getPassword()) ? mailSender.getPassword() : null);
		this.composer = new MimeMessageComposer(this.mailSession, defaultFrom);
		this.properties = properties;
		this.status = status;
		this.clock = clock;
		logger.info("📮 SMTP delivery to {}{} | From: {} | Timeouts: connect {}, read {}, write {} | Up to {} emails per connection, closed after {} idle",
				this.server, (this.server.username() != null) ? " as " + this.server.username() : "",
				defaultFrom.toUnicodeString(), timeout(protocol, "connectiontimeout"), timeout(protocol, "timeout"),
				timeout(protocol, "writetimeout"), properties.maxMessagesPerConnection(),
				Durations.display(properties.idleTimeout()));
	}

	@Override
	public Session openSession() {
		return new SmtpSession(this.mailSession, this.server, this.composer, this.properties, this.status, this.clock);
	}

	private String timeout(String protocol, String name) {
		return Durations.display(
				Duration.ofMillis(Long.parseLong(this.mailSession.getProperty("mail." + protocol + "." + name))));
	}

	private static InternetAddress defaultFrom(String from) {
		if (!StringUtils.hasText(from)) {
			throw new IllegalStateException("email.from must be set to the default sender address, such as "
					+ "noreply@example.com, when email.sender.type=smtp");
		}
		try {
			InternetAddress[] parsed = InternetAddress.parse(from, true);
			if (parsed.length != 1) {
				throw new AddressException("Expected exactly one address", from);
			}
			parsed[0].validate();
			if (parsed[0].getAddress().indexOf('@') < 1) {
				throw new AddressException("Missing domain", from);
			}
			return parsed[0];
		}
		catch (AddressException ex) {
			throw new IllegalStateException("email.from must be one valid address, such as noreply@example.com, but was '"
					+ from + "': " + ex.getMessage());
		}
	}

	private static String protocol(JavaMailSenderImpl mailSender) {
		if (StringUtils.hasText(mailSender.getProtocol())) {
			return mailSender.getProtocol();
		}
		String configured = mailSender.getSession().getProperty("mail.transport.protocol");
		return StringUtils.hasText(configured) ? configured : "smtp";
	}

	/**
	 * Return a copy of the configured session in which the connect, read and write timeouts of
	 * the protocol in use always have a positive value.
	 * @param configured the session as configured with {@code spring.mail.*}
	 * @param protocol {@code smtp} or {@code smtps}
	 * @return the session to connect with
	 */
	static jakarta.mail.Session sessionWithTimeouts(jakarta.mail.Session configured, String protocol) {
		Properties source = configured.getProperties();
		Properties properties = new Properties();
		source.stringPropertyNames().forEach((name) -> properties.setProperty(name, source.getProperty(name)));
		// Values that are not strings too: Boot puts an SSL bundle's socket factory in as an object.
		properties.putAll(source);
		DEFAULT_TIMEOUTS.forEach((name, defaultValue) -> {
			String key = "mail." + protocol + "." + name;
			String value = properties.getProperty(key, properties.getProperty("mail.smtp." + name));
			properties.setProperty(key, requirePositiveMillis(key, value, defaultValue));
		});
		// Nothing waits for the reply to QUIT: a connection is closed when it is done or broken.
		properties.putIfAbsent("mail." + protocol + ".quitwait", "false");
		return jakarta.mail.Session.getInstance(properties);
	}

	private static String requirePositiveMillis(String key, String value, Duration defaultValue) {
		if (value == null) {
			return String.valueOf(defaultValue.toMillis());
		}
		try {
			if (Integer.parseInt(value.strip()) > 0) {
				return value.strip();
			}
		}
		catch (NumberFormatException ex) {
			// Reported below with the rule it breaks.
		}
		throw new IllegalStateException("spring.mail.properties." + key
				+ " must be a positive number of milliseconds (Angus would wait for ever on 0) but was '" + value + "'");
	}

	private static Map<String, Duration> defaultTimeouts() {
		Map<String, Duration> timeouts = new LinkedHashMap<>();
		timeouts.put("connectiontimeout", Duration.ofSeconds(10));
		timeouts.put("timeout", Duration.ofSeconds(30));
		timeouts.put("writetimeout", Duration.ofSeconds(30));
		return Map.copyOf(timeouts);
	}

}
