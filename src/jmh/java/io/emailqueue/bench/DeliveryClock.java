package io.emailqueue.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times the delivery of a queue that was filled while the SMTP sink was stopped: starts the clock,
 * lets the sink go on ({@code kill -CONT}), and stops the clock once the application's
 * {@code email.sent} counter reaches the number of emails queued.
 * <p>
 * The counter is read from {@code /actuator/metrics/email.sent} every {@link #POLL} over one
 * keep-alive connection, which costs the application far less than the deliveries it measures;
 * the clock is stopped at the first reading that shows them all, so it may run up to one poll
 * interval late.
 * <p>
 * Usage: {@code DeliveryClock BASE_URL SINK_PID EXPECTED TIMEOUT_SECONDS}. Prints {@code key=value}
 * lines: emails sent, seconds and the rate. Exits non-zero when the timeout passes first.
 */
public final class DeliveryClock {

	private static final Duration POLL = Duration.ofMillis(50);

	private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+-]+)");

	private DeliveryClock() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 4) {
			System.err.println("Usage: DeliveryClock BASE_URL SINK_PID EXPECTED TIMEOUT_SECONDS");
			System.exit(2);
		}
		String base = args[0];
		long expected = Long.parseLong(args[2]);
		long timeout = TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest sentRequest = HttpRequest.newBuilder(URI.create(base + "/actuator/metrics/email.sent")).build();
		long before = counter(client, sentRequest);

		long start = System.nanoTime();
		Process resume = new ProcessBuilder("kill", "-CONT", args[1]).inheritIO().start();
		long sent = before;
		while (sent - before < expected && System.nanoTime() - start < timeout) {
			Thread.sleep(POLL);
			sent = counter(client, sentRequest);
		}
		long end = System.nanoTime();
		resume.waitFor();
		double seconds = (end - start) / 1e9;
		long delivered = sent - before;
		System.out.println("sent=" + delivered);
		System.out.println("seconds=" + String.format(Locale.ROOT, "%.3f", seconds));
		System.out.println("rate=" + String.format(Locale.ROOT, "%.1f", delivered / seconds));
		System.exit((delivered >= expected) ? 0 : 1);
	}

	private static long counter(HttpClient client, HttpRequest request) throws Exception {
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
		Matcher matcher = VALUE.matcher(response.body());
		if (response.statusCode() != 200 || !matcher.find()) {
			throw new IllegalStateException("Unexpected answer from " + request.uri() + ": " + response.statusCode()
					+ " " + response.body());
		}
		return (long) Double.parseDouble(matcher.group(1));
	}

}
