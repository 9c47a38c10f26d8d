package io.emailqueue.delivery.smtp;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.SendResult;
import io.emailqueue.delivery.smtp.ScriptedSmtpServer.Command;
import io.emailqueue.delivery.smtp.ScriptedSmtpServer.Reply;
import io.emailqueue.queue.Email;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Measures what reusing a connection is worth: sends the same emails (a) with
 * {@link JavaMailSenderImpl#send(MimeMessage)} once per email, which connects, greets and quits
 * every time, (b) with its batch form, which keeps one connection but checks it with a NOOP before
 * every message, and (c) through an {@link SmtpSession}, and prints emails per second for each,
 * against GreenMail, against the scripted server (which also counts connections and NOOPs) and
 * against the scripted server with 2 ms added to every reply, as a server across a network.
 * <p>
 * Not a test: timings depend on the machine. Run it by hand after {@code ./mvnw test-compile}:
 * <pre>
 * ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/test.classpath
 * java -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *     io.emailqueue.delivery.smtp.SmtpReuseMeasurement [emails]
 * </pre>
 * Loopback understates the gap: over a network each new connection also costs the TCP and TLS
 * handshakes, EHLO and AUTH, several round trips each.
 */
public final class SmtpReuseMeasurement {

	private static final int WARM_UP_EMAILS = 200;

	private static final int ROUNDS = 6;

	private static final Duration REPLY_DELAY = Duration.ofMillis(2);

	private SmtpReuseMeasurement() {
	}

	public static void main(String[] args) throws Exception {
		int emails = (args.length > 0) ? Integer.parseInt(args[0]) : 500;
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		System.out.printf(Locale.ROOT, "%d emails per run, %s, %d cores, Java %s%n", emails, LocalDate.now(),
				Runtime.getRuntime().availableProcessors(), Runtime.version());
		GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
			.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
		greenMail.start();
		try {
			measure("GreenMail", greenMail.getSmtp().getPort(), emails, () -> -1, () -> -1, () -> {
				try {
					greenMail.purgeEmailFromAllMailboxes();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
		}
		finally {
			greenMail.stop();
		}
		try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
			measure("scripted", server.port(), emails, server::connections, () -> (int) server.count(Command.NOOP),
					() -> {
					});
		}
		try (ScriptedSmtpServer server = withReplyDelay(ScriptedSmtpServer.start(), REPLY_DELAY)) {
			measure("scripted+" + REPLY_DELAY.toMillis() + "ms", server.port(), emails, server::connections,
					() -> (int) server.count(Command.NOOP), () -> {
					});
		}
	}

	/**
	 * Make every reply of a scripted server wait, as one across a network would: what a round trip
	 * costs then shows in the figures instead of drowning in the CPU time of loopback.
	 */
	private static ScriptedSmtpServer withReplyDelay(ScriptedSmtpServer server, Duration delay) {
		Map<Command, Reply> replies = Map.of(Command.GREETING, Reply.of("220 scripted ESMTP ready"), Command.EHLO,
				Reply.of("250 scripted"), Command.MAIL, Reply.of("250 2.1.0 Ok"), Command.RCPT,
				Reply.of("250 2.1.5 Ok"), Command.DATA, Reply.of("354 End data with <CR><LF>.<CR><LF>"),
				Command.END_OF_DATA, Reply.of("250 2.0.0 Ok: queued"), Command.NOOP, Reply.of("250 2.0.0 Ok"),
				Command.RSET, Reply.of("250 2.0.0 Ok"), Command.QUIT, Reply.thenHangUp("221 2.0.0 Bye"));
		replies.forEach((command, reply) -> server.on(command, (request) -> {
			LockSupport.parkNanos(delay.toNanos());
			return reply;
		}));
		return server;
	}

	private static void measure(String serverName, int port, int emails, IntSupplier connections, IntSupplier noops,
			Runnable reset) throws Exception {
		JavaMailSenderImpl mailSender = new JavaMailSenderImpl();
		mailSender.setHost("127.0.0.1");
		mailSender.setPort(port);
		Properties properties = new Properties();
		properties.setProperty("mail.smtp.connectiontimeout", "10000");
		properties.setProperty("mail.smtp.timeout", "30000");
		properties.setProperty("mail.smtp.writetimeout", "30000");
		mailSender.setJavaMailProperties(properties);
		SmtpEmailSender sender = new SmtpEmailSender(mailSender, new DefaultSenderProperties("noreply@example.com"),
				new SmtpSenderProperties(emails + WARM_UP_EMAILS, Duration.ofMinutes(5)), new SmtpConnectionStatus(),
				Clock.systemUTC());
		MimeMessageComposer composer = new MimeMessageComposer(mailSender.getSession(),
				new InternetAddress("noreply@example.com"));
		List<Variant> variants = List.of(new Variant("JavaMailSenderImpl.send per email", (count) -> {
			for (int i = 0; i < count; i++) {
				mailSender.send(composer.compose(email(i)));
			}
		}), new Variant("JavaMailSenderImpl.send batch (NOOP per message)", (count) -> {
			MimeMessage[] batch = new MimeMessage[count];
			for (int i = 0; i < count; i++) {
				batch[i] = composer.compose(email(i));
			}
			mailSender.send(batch);
		}), new Variant("SmtpSession, one reused connection", (count) -> {
			try (EmailSender.Session session = sender.openSession()) {
				for (int i = 0; i < count; i++) {
					SendResult result = session.send(email(i));
					if (!(result instanceof SendResult.Sent)) {
						throw new IllegalStateException("Not sent: " + result);
					}
				}
			}
		}));
		for (Variant variant : variants) {
			variant.body().send(WARM_UP_EMAILS);
			reset.run();
		}
		List<List<Run>> runs = new ArrayList<>();
		variants.forEach((variant) -> runs.add(new ArrayList<>()));
		// Rounds interleave the variants, each round starting with the next one, so that neither a
		// burst of load elsewhere nor the garbage of the variant before favours any of them.
		for (int round = 0; round < ROUNDS; round++) {
			for (int i = 0; i < variants.size(); i++) {
				int v = (round + i) % variants.size();
				runs.get(v).add(run(variants.get(v), emails, connections, noops));
				reset.run();
			}
		}
		for (List<Run> variantRuns : runs) {
			List<Run> sorted = variantRuns.stream().sorted(Comparator.comparingDouble(Run::emailsPerSecond)).toList();
			Run median = sorted.get(sorted.size() / 2);
			System.out.printf(Locale.ROOT, "%-12s | %-48s | median %6.0f emails/s (%6.0f to %6.0f) | %6d ms%s%n",
					serverName, median.name(), median.emailsPerSecond(), sorted.get(0).emailsPerSecond(),
					sorted.get(sorted.size() - 1).emailsPerSecond(), median.millis(),
					(median.connections() >= 0)
							? " | " + median.connections() + " connection(s), " + median.noops() + " NOOP(s)" : "");
		}
	}

	private static Run run(Variant variant, int count, IntSupplier connections, IntSupplier noops) throws Exception {
		int connectionsBefore = connections.getAsInt();
		int noopsBefore = noops.getAsInt();
		long start = System.nanoTime();
		variant.body().send(count);
		long nanos = System.nanoTime() - start;
		return new Run(variant.name(), count * 1e9 / nanos, nanos / 1_000_000,
				(connectionsBefore < 0) ? -1 : connections.getAsInt() - connectionsBefore,
				(noopsBefore < 0) ? -1 : noops.getAsInt() - noopsBefore);
	}

	private static Email email(int i) {
		return TestEmails.to("rcpt" + (i % 10) + "@example.com");
	}

	@FunctionalInterface
	private interface Body {

		void send(int count) throws Exception;

	}

	private record Variant(String name, Body body) {
	}

	private record Run(String name, double emailsPerSecond, long millis, int connections, int noops) {
	}

}
