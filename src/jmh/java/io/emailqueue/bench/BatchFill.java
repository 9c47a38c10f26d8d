package io.emailqueue.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the queue through {@code POST /api/emails/batch}, batch after batch, before a delivery
 * benchmark starts its clock.
 * <p>
 * Usage: {@code BatchFill URL TOKEN COUNT BATCH_SIZE BODY_BYTES}. Prints {@code key=value} lines:
 * emails accepted, emails refused, and the fill time. Exits non-zero when any email was refused,
 * since the benchmark would then measure fewer emails than it says.
 */
public final class BatchFill {

	private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

	private BatchFill() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 5) {
			System.err.println("Usage: BatchFill URL TOKEN COUNT BATCH_SIZE BODY_BYTES");
			System.exit(2);
		}
		URI uri = URI.create(args[0]);
		String token = args[1];
		int count = Integer.parseInt(args[2]);
		int batchSize = Integer.parseInt(args[3]);
		int bodyBytes = Integer.parseInt(args[4]);
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		long accepted = 0;
		long start = System.nanoTime();
		for (int sent = 0; sent < count; sent += batchSize) {
			int size = Math.min(batchSize, count - sent);
			StringJoiner emails = new StringJoiner(",", "{\"emails\":[", "]}");
			for (int i = 0; i < size; i++) {
				emails.add(Payloads.emailJson("rcpt" + (sent + i) + "@example.com", bodyBytes));
			}
			HttpRequest request = HttpRequest.newBuilder(uri)
				.timeout(Duration.ofSeconds(30))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(emails.toString()))
				.build();
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			Matcher matcher = ACCEPTED.matcher(response.body());
			if (response.statusCode() / 100 == 2 && matcher.find()) {
				accepted += Long.parseLong(matcher.group(1));
			}
			else {
				System.err.println("Batch refused: " + response.statusCode() + " " + response.body());
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.println("accepted=" + accepted);
		System.out.println("refused=" + (count - accepted));
		System.out.println("fill_seconds=" + String.format(java.util.Locale.ROOT, "%.3f", seconds));
		System.exit((accepted == count) ? 0 : 1);
	}

}
