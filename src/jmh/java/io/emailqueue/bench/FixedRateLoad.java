package io.emailqueue.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * An open-model HTTP load generator: sends one POST every {@code 1/rate} seconds, whatever the
 * server's pace, and measures each request's latency from the moment it was due to be sent, not
 * from the moment a connection became free to send it. A server that stalls thus shows its stall
 * in every request that should have gone out meanwhile (no coordinated omission), as wrk2 does.
 * <p>
 * Requests are spread over a fixed set of keep-alive HTTP/1.1 connections, one request at a time
 * on each. The run is bounded: {@code rate * (warmup + duration)} requests, and it gives up
 * {@link #DRAIN_LIMIT_SECONDS} after the last one was due. Latencies go into HdrHistograms
 * (microseconds, three significant digits); the warm-up's are discarded.
 * <p>
 * Usage: {@code FixedRateLoad URL TOKEN BODY_BYTES RATE WARMUP_SECONDS SECONDS CONNECTIONS}. Prints
 * {@code key=value} lines: the achieved rate, the count per status code, and the percentiles.
 */
public final class FixedRateLoad {

	private static final long DRAIN_LIMIT_SECONDS = 30;

	private static final long NO_MORE = Long.MIN_VALUE;

	private FixedRateLoad() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 7) {
			System.err.println("Usage: FixedRateLoad URL TOKEN BODY_BYTES RATE WARMUP_SECONDS SECONDS CONNECTIONS");
			System.exit(2);
		}
		URI uri = URI.create(args[0]);
		String token = args[1];
		byte[] body = Payloads.emailJson("load@example.com", Integer.parseInt(args[2])).getBytes(StandardCharsets.UTF_8);
		int rate = Integer.parseInt(args[3]);
		int warmupSeconds = Integer.parseInt(args[4]);
		int seconds = Integer.parseInt(args[5]);
		int connections = Integer.parseInt(args[6]);
		byte[] request = request(uri, token, body);
		long period = TimeUnit.SECONDS.toNanos(1) / rate;
		int warmupRequests = rate * warmupSeconds;
		int totalRequests = warmupRequests + rate * seconds;

		BlockingQueue<Long> due = new ArrayBlockingQueue<>(totalRequests + connections);
		List<Connection> workers = new ArrayList<>();
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
		long measureFrom = start + warmupRequests * period;
		for (int i = 0; i < connections; i++) {
			Connection connection = new Connection(uri, request, due, measureFrom);
			connection.thread = Thread.ofPlatform().name("load-" + (i + 1)).daemon().start(connection::run);
			workers.add(connection);
		}
		for (int i = 0; i < totalRequests; i++) {
			long intended = start + i * period;
			waitUntil(intended);
			due.add(intended);
		}
		for (int i = 0; i < connections; i++) {
			due.add(NO_MORE);
		}
		long lastDue = start + (totalRequests - 1) * period;
		for (Connection worker : workers) {
			long left = lastDue + TimeUnit.SECONDS.toNanos(DRAIN_LIMIT_SECONDS) - System.nanoTime();
			worker.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
		}
		long end = System.nanoTime();
		report(workers, due.size(), rate, seconds, measureFrom, end);
		System.exit(0);
	}

	private static void report(List<Connection> workers, int neverSent, int rate, int seconds, long measureFrom,
			long end) {
		Histogram latencies = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
		Map<Integer, Long> statuses = new TreeMap<>();
		long errors = 0;
		long measured = 0;
		for (Connection worker : workers) {
			synchronized (worker) {
				latencies.add(worker.latencies);
				worker.statuses.forEach((status, count) -> statuses.merge(status, count, Long::sum));
				errors += worker.errors;
				measured += worker.measured;
			}
		}
		long lastCompletion = workers.stream().mapToLong((worker) -> worker.lastCompletion).max().orElse(end);
		double elapsed = (lastCompletion - measureFrom) / 1e9;
		print("target_rate", rate);
		print("measured_seconds", seconds);
		print("requests", measured);
		print("achieved_rate", String.format(Locale.ROOT, "%.1f", measured / elapsed));
		statuses.forEach((status, count) -> print("status_" + status, count));
		print("io_errors", errors);
		print("never_sent", Math.max(0, neverSent - workers.size()));
		for (double percentile : new double[] { 50, 90, 99, 99.9, 100 }) {
			String name = (percentile == 100) ? "max" : "p" + String.valueOf(percentile).replace(".0", "");
			print(name + "_ms", String.format(Locale.ROOT, "%.3f", latencies.getValueAtPercentile(percentile) / 1000.0));
		}
	}

	private static void print(String key, Object value) {
		System.out.println(key + "=" + value);
	}

	private static void waitUntil(long deadline) {
		long left;
		while ((left = deadline - System.nanoTime()) > 0) {
			if (left > 50_000) {
				LockSupport.parkNanos(left - 50_000);
			}
			else {
				Thread.onSpinWait();
			}
		}
	}

	private static byte[] request(URI uri, String token, byte[] body) {
		String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\n" + "Host: " + uri.getHost() + ":" + uri.getPort()
				+ "\r\n" + "Authorization: Bearer " + token + "\r\n" + "Content-Type: application/json\r\n"
				+ "Accept: application/json\r\n" + "Content-Length: " + body.length + "\r\n\r\n";
		byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
		byte[] request = new byte[headBytes.length + body.length];
		System.arraycopy(headBytes, 0, request, 0, headBytes.length);
		System.arraycopy(body, 0, request, headBytes.length, body.length);
		return request;
	}

	/** One keep-alive connection that sends the requests it takes off the shared queue, in turn. */
	private static final class Connection {

		private final URI uri;

		private final byte[] request;

		private final BlockingQueue<Long> due;

		private final long measureFrom;

		private final Histogram latencies = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);

		private final Map<Integer, Long> statuses = new TreeMap<>();

		private long errors;

		private long measured;

		private volatile long lastCompletion;

		private Thread thread;

		private Socket socket;

		private OutputStream out;

		private InputStream in;

		Connection(URI uri, byte[] request, BlockingQueue<Long> due, long measureFrom) {
			this.uri = uri;
			this.request = request;
			this.due = due;
			this.measureFrom = measureFrom;
		}

		void run() {
			try {
				long intended;
				while ((intended = this.due.take()) != NO_MORE) {
					int status = send();
					long now = System.nanoTime();
					if (intended >= this.measureFrom) {
						synchronized (this) {
							this.latencies.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(now - intended),
									this.latencies.getHighestTrackableValue()));
							this.measured++;
							if (status < 0) {
								this.errors++;
							}
							else {
								this.statuses.merge(status, 1L, Long::sum);
							}
						}
						this.lastCompletion = now;
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				close();
			}
		}

		private int send() {
			try {
				if (this.socket == null) {
					this.socket = new Socket();
					this.socket.setTcpNoDelay(true);
					this.socket.connect(new InetSocketAddress(this.uri.getHost(), this.uri.getPort()), 5_000);
					this.socket.setSoTimeout(30_000);
					this.out = this.socket.getOutputStream();
					this.in = new BufferedInputStream(this.socket.getInputStream(), 8192);
				}
				this.out.write(this.request);
				this.out.flush();
				return readResponse();
			}
			catch (IOException ex) {
				close();
				return -1;
			}
		}

		private int readResponse() throws IOException {
			String statusLine = readLine();
			int status = Integer.parseInt(statusLine.substring(9, 12));
			long contentLength = 0;
			boolean close = false;
			boolean chunked = false;
			String line;
			while (!(line = readLine()).isEmpty()) {
				String lower = line.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					contentLength = Long.parseLong(lower.substring(15).trim());
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
			}
			if (chunked) {
				skipChunks();
			}
			else {
				skip(contentLength);
			}
			if (close) {
				close();
			}
			return status;
		}

		private void skipChunks() throws IOException {
			long size;
			while ((size = Long.parseLong(readLine().trim(), 16)) > 0) {
				skip(size + 2);
			}
			readLine();
		}

		private void skip(long bytes) throws IOException {
			long left = bytes;
			while (left > 0) {
				int read = this.in.read();
				if (read < 0) {
					throw new IOException("Connection closed in the middle of a response");
				}
				left--;
			}
		}

		private String readLine() throws IOException {
			StringBuilder line = new StringBuilder();
			int read;
			while ((read = this.in.read()) != '\n') {
				if (read < 0) {
					throw new IOException("Connection closed in the middle of a response");
				}
				if (read != '\r') {
					line.append((char) read);
				}
			}
			return line.toString();
		}

		private void close() {
			if (this.socket != null) {
				try {
					this.socket.close();
				}
				catch (IOException ex) {
					// Closing a connection that already failed: nothing more to learn.
				}
				this.socket = null;
			}
		}

	}

}
