package io.emailqueue.reliability;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP load on the API, bounded in count and time: either paced (one email every interval, from
 * a scheduler) or as fast as a number of clients can go. Every answer is checked as it comes: 202
 * goes into the ledger, 503 must carry {@code Retry-After} and a problem body, anything else of 5xx
 * is a violation. Recipients are {@code <tag>-<n>@example.org}, unique per email.
 */
final class HttpLoad implements AutoCloseable {

	private final WorkerProcess worker;

	private final Ledger ledger;

	private final String tag;

	private final int maxEmails;

	private final int batchSize;

	private final long deadline;

	private final AtomicInteger sequence = new AtomicInteger();

	private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

	private final List<String> violations = new CopyOnWriteArrayList<>();

	private final AtomicLong connectionFailures = new AtomicLong();

	private final List<Thread> clients = new ArrayList<>();

	private ScheduledExecutorService scheduler;

	private volatile boolean stopped;

	private HttpLoad(WorkerProcess worker, Ledger ledger, String tag, int maxEmails, int batchSize,
			Duration maxDuration) {
		this.worker = worker;
		this.ledger = ledger;
		this.tag = tag;
		this.maxEmails = maxEmails;
		this.batchSize = batchSize;
		this.deadline = System.nanoTime() + maxDuration.toNanos();
	}

	/**
	 * Start handing in one email every interval, in the background.
	 * @param worker the application
	 * @param ledger where accepted emails are noted
	 * @param tag the recipients' prefix
	 * @param interval the time between two emails
	 * @param maxEmails the most emails to hand in
	 * @param maxDuration the longest the load may last
	 * @return the running load
	 */
	static HttpLoad paced(WorkerProcess worker, Ledger ledger, String tag, Duration interval, int maxEmails,
			Duration maxDuration) {
		HttpLoad load = new HttpLoad(worker, ledger, tag, maxEmails, 1, maxDuration);
		load.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("load-" + tag).factory());
		load.scheduler.scheduleWithFixedDelay(load::submitOne, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
		return load;
	}

	/**
	 * Start clients that hand in emails back to back, in the background.
	 * @param worker the application
	 * @param ledger where accepted emails are noted
	 * @param tag the recipients' prefix
	 * @param clients the number of concurrent clients
	 * @param batchSize emails per request: 1 for {@code POST /api/emails}, more for batches
	 * @param maxEmails the most emails to hand in
	 * @param maxDuration the longest the load may last
	 * @return the running load
	 */
	static HttpLoad flat(WorkerProcess worker, Ledger ledger, String tag, int clients, int batchSize, int maxEmails,
			Duration maxDuration) {
		HttpLoad load = new HttpLoad(worker, ledger, tag, maxEmails, batchSize, maxDuration);
		for (int i = 0; i < clients; i++) {
			load.clients.add(Thread.ofPlatform().name("load-" + tag + "-" + i).start(() -> {
				while (load.submitOne()) {
					// each round hands in one email
				}
			}));
		}
		return load;
	}

	/**
	 * Return whether the load has reached its count or its time.
	 * @return {@code true} once it has
	 */
	boolean isDone() {
		return this.stopped || this.sequence.get() >= this.maxEmails || System.nanoTime() - this.deadline >= 0;
	}

	/**
	 * Return how many answers had a status so far.
	 * @param status the HTTP status
	 * @return the count
	 */
	long count(int status) {
		AtomicLong count = this.statuses.get(status);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Return the answers that broke the API's promises.
	 * @return descriptions, one per violation
	 */
	List<String> violations() {
		return List.copyOf(this.violations);
	}

	/**
	 * Return how many requests found no server to talk to, as after an exit.
	 * @return the count
	 */
	long connectionFailures() {
		return this.connectionFailures.get();
	}

	/**
	 * Describe the answers, for a result row.
	 * @return the status counts
	 */
	String describe() {
		Map<Integer, Long> sorted = new TreeMap<>();
		this.statuses.forEach((status, count) -> sorted.put(status, count.get()));
		return sorted + ((this.connectionFailures.get() > 0) ? " + " + this.connectionFailures + " refused connections" : "");
	}

	@Override
	public void close() throws InterruptedException {
		this.stopped = true;
		if (this.scheduler != null) {
			// Not shutdownNow(): interrupting a request in flight would leave an email the server
			// accepted but the ledger never heard of.
			this.scheduler.shutdown();
			this.scheduler.awaitTermination(60, TimeUnit.SECONDS);
		}
		for (Thread client : this.clients) {
			client.join(Duration.ofSeconds(60));
		}
	}

	private boolean submitOne() {
		if (isDone()) {
			if (this.scheduler != null) {
				this.scheduler.shutdown();
			}
			return false;
		}
		List<String> recipients = new ArrayList<>();
		for (int i = 0; i < this.batchSize; i++) {
			recipients.add(this.tag + "-" + this.sequence.incrementAndGet() + "@example.org");
		}
		HttpResponse<String> response;
		try {
			response = (this.batchSize == 1) ? this.worker.submit(this.ledger, recipients.get(0))
					: this.worker.submitBatch(this.ledger, recipients);
		}
		catch (UncheckedIOException ex) {
			this.connectionFailures.incrementAndGet();
			return true;
		}
		this.statuses.computeIfAbsent(response.statusCode(), (status) -> new AtomicLong()).incrementAndGet();
		check(response);
		return true;
	}

	private void check(HttpResponse<String> response) {
		int status = response.statusCode();
		String type = response.headers().firstValue("Content-Type").orElse("");
		if (status == 503) {
			if (response.headers().firstValue("Retry-After").isEmpty()) {
				this.violations.add("503 without Retry-After: " + response.body());
			}
			if (!type.startsWith("application/problem+json")) {
				this.violations.add("503 as " + type + ": " + response.body());
			}
		}
		else if (status != 202) {
			this.violations.add(status + " " + type + ": " + response.body());
		}
		else if (this.batchSize > 1 && response.body().contains("NOT_QUEUED")
				&& response.headers().firstValue("Retry-After").isEmpty()) {
			this.violations.add("partly refused batch without Retry-After: " + response.body());
		}
	}

}
