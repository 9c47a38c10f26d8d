package io.emailqueue.bench;

import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The naive Spring way to send a batch of emails, as a baseline: N threads share one
 * {@link JavaMailSenderImpl} and call {@code send} once per email, which opens a connection, says
 * EHLO, sends the message and QUITs, every time.
 * <p>
 * Usage: {@code NaiveMailBaseline HOST PORT THREADS COUNT BODY_BYTES}. Prints {@code key=value}
 * lines: emails sent, failures, seconds and the rate. Bounded by COUNT and by a ten-minute limit.
 */
public final class NaiveMailBaseline {

	private NaiveMailBaseline() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 5) {
			System.err.println("Usage: NaiveMailBaseline HOST PORT THREADS COUNT BODY_BYTES");
			System.exit(2);
		}
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost(args[0]);
		sender.setPort(Integer.parseInt(args[1]));
		sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "10000");
		sender.getJavaMailProperties().put("mail.smtp.timeout", "10000");
		int threads = Integer.parseInt(args[2]);
		int count = Integer.parseInt(args[3]);
		String body = Payloads.text(Integer.parseInt(args[4]));

		warmUp(sender, Math.min(count / 10, 500), body);
		AtomicInteger next = new AtomicInteger();
		AtomicLong failures = new AtomicLong();
		long start = System.nanoTime();
		try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
			for (int t = 0; t < threads; t++) {
				executor.execute(() -> {
					int i;
					while ((i = next.getAndIncrement()) < count) {
						if (!send(sender, i, body)) {
							failures.incrementAndGet();
						}
					}
				});
			}
			executor.shutdown();
			if (!executor.awaitTermination(10, TimeUnit.MINUTES)) {
				executor.shutdownNow();
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.println("sent=" + (count - failures.get()));
		System.out.println("failures=" + failures.get());
		System.out.println("seconds=" + String.format(Locale.ROOT, "%.3f", seconds));
		System.out.println("rate=" + String.format(Locale.ROOT, "%.1f", (count - failures.get()) / seconds));
	}

	private static void warmUp(JavaMailSenderImpl sender, int count, String body) {
		for (int i = 0; i < count; i++) {
			send(sender, i, body);
		}
	}

	private static boolean send(JavaMailSenderImpl sender, int i, String body) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom("bench@example.com");
		message.setTo("rcpt" + i + "@example.com");
		message.setSubject("Benchmark " + i);
		message.setText(body);
		try {
			sender.send(message);
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
