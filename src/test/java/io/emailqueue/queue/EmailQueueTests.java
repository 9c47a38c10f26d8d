package io.emailqueue.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.emailqueue.queue.EnqueueResult.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EmailQueue}.
 */
class EmailQueueTests {

	@Test
	void acceptsUpToCapacityThenRejectsAsFull() {
		EmailQueue queue = new EmailQueue(new QueueProperties(3, Duration.ZERO));
		for (int i = 0; i < 3; i++) {
			assertThat(queue.enqueue(email(), EnqueueSource.API).status()).isEqualTo(Status.ACCEPTED);
		}
		EnqueueResult rejected = queue.enqueue(email(), EnqueueSource.API);
		assertThat(rejected.status()).isEqualTo(Status.REJECTED_FULL);
		assertThat(rejected.accepted()).isFalse();
		QueueCounts counts = queue.counts();
		assertThat(counts.accepted()).isEqualTo(3);
		assertThat(counts.pending()).isEqualTo(3);
		assertThat(counts.rejectedFull()).isEqualTo(1);
		assertThat(queue.capacity()).isEqualTo(3);
	}

	@Test
	void offerWaitsForRoomWithinTheOfferTimeout() throws Exception {
		EmailQueue queue = new EmailQueue(new QueueProperties(1, Duration.ofSeconds(30)));
		queue.enqueue(email(), EnqueueSource.API);
		CompletableFuture<EnqueueResult> waiting = CompletableFuture
			.supplyAsync(() -> queue.enqueue(email(), EnqueueSource.API));
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
		assertThat(queue.take(Duration.ofSeconds(1))).isNotNull();
		assertThat(waiting.get().status()).isEqualTo(Status.ACCEPTED);
	}

	@Test
	void offerIsRejectedAsFullWhenNoRoomComesInTime() {
		EmailQueue queue = new EmailQueue(new QueueProperties(1, Duration.ofMillis(50)));
		queue.enqueue(email(), EnqueueSource.API);
		assertThat(queue.enqueue(email(), EnqueueSource.PRODUCER).status()).isEqualTo(Status.REJECTED_FULL);
		assertThat(queue.counts().rejectedFull()).isEqualTo(1);
		assertThat(queue.enqueuedFrom(EnqueueSource.PRODUCER)).isZero();
	}

	@Test
	void aCallerCanWaitLessThanTheOfferTimeout() {
		EmailQueue queue = new EmailQueue(new QueueProperties(1, Duration.ofHours(1)));
		assertThat(queue.enqueue(email(), EnqueueSource.API, Duration.ZERO).status()).isEqualTo(Status.ACCEPTED);
		assertThat(queue.enqueue(email(), EnqueueSource.API, Duration.ZERO).status()).isEqualTo(Status.REJECTED_FULL);
		assertThat(queue.enqueue(email(), EnqueueSource.API, Duration.ofMillis(20)).status())
			.isEqualTo(Status.REJECTED_FULL);
	}

	@Test
	void anEmailWaitingForItsRetryKeepsItsPlace() throws Exception {
		// Without this an SMTP outage turned every email into a retry outside the queue, and the
		// queue went on accepting without limit (found by the reliability suite).
		EmailQueue queue = new EmailQueue(new QueueProperties(2, Duration.ZERO));
		for (int i = 0; i < 2; i++) {
			queue.enqueue(email(), EnqueueSource.API);
			queue.take(Duration.ZERO);
			queue.recordRetryScheduled(false);
		}
		assertThat(queue.size()).isZero();
		assertThat(queue.enqueue(email(), EnqueueSource.API).status()).isEqualTo(Status.REJECTED_FULL);
		assertThat(queue.counts().scheduled()).isEqualTo(2);
	}

	@Test
	void anEmailBeingSentLeavesItsPlaceToTheNext() throws Exception {
		EmailQueue queue = new EmailQueue(new QueueProperties(1, Duration.ZERO));
		queue.enqueue(email(), EnqueueSource.API);
		assertThat(queue.enqueue(email(), EnqueueSource.API).status()).isEqualTo(Status.REJECTED_FULL);
		queue.take(Duration.ZERO);
		assertThat(queue.enqueue(email(), EnqueueSource.API).status()).isEqualTo(Status.ACCEPTED);
	}

	@Test
	void aDueRetryWaitsForRoomOnAFullQueueRatherThanBeDropped() throws Exception {
		EmailQueue queue = new EmailQueue(new QueueProperties(1, Duration.ZERO));
		queue.enqueue(email(), EnqueueSource.API);
		// A spool written with a larger capacity may hold more than there are places.
		queue.admitScheduled(EnqueueSource.SPOOL);
		CompletableFuture<Void> requeue = CompletableFuture.runAsync(() -> {
			try {
				queue.requeue(email(), EnqueueSource.SPOOL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !requeue.isDone());
		assertThat(queue.take(Duration.ofSeconds(1))).isNotNull();
		requeue.get(10, TimeUnit.SECONDS);
		assertThat(queue.counts().pending()).isEqualTo(1);
		assertThat(queue.counts().scheduled()).isZero();
	}

	@Test
	void closingRefusesTheOffersWaitingForAPlaceAtOnce() throws Exception {
		EmailQueue queue = new EmailQueue(new QueueProperties(1, Duration.ofMinutes(5)));
		queue.enqueue(email(), EnqueueSource.API);
		CompletableFuture<EnqueueResult> waiting = CompletableFuture
			.supplyAsync(() -> queue.enqueue(email(), EnqueueSource.API));
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
		queue.close();
		assertThat(waiting.get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.REJECTED_CLOSED);
	}

	@Test
	void closedQueueRefusesNewEmailsButStillHandsOutQueuedOnes() throws Exception {
		EmailQueue queue = new EmailQueue(new QueueProperties(5, Duration.ZERO));
		Email first = email();
		queue.enqueue(first, EnqueueSource.API);
		queue.close();
		assertThat(queue.isClosed()).isTrue();
		assertThat(queue.enqueue(email(), EnqueueSource.API).status()).isEqualTo(Status.REJECTED_CLOSED);
		assertThat(queue.take(Duration.ofMillis(100))).isEqualTo(first);
		assertThat(queue.counts().rejectedClosed()).isEqualTo(1);
	}

	@Test
	void requeueIsAllowedAfterCloseBecauseTheEmailWasAcceptedBefore() throws Exception {
		EmailQueue queue = new EmailQueue(new QueueProperties(5, Duration.ZERO));
		queue.enqueue(email(), EnqueueSource.API);
		Email taken = queue.take(Duration.ofMillis(100));
		queue.recordRetryScheduled(false);
		queue.close();
		queue.requeue(taken.nextAttempt(), EnqueueSource.RETRY);
		QueueCounts counts = queue.counts();
		assertThat(counts.pending()).isEqualTo(1);
		assertThat(counts.scheduled()).isZero();
		assertThat(queue.enqueuedFrom(EnqueueSource.RETRY)).isEqualTo(1);
	}

	@Test
	void retriesCannotBeEnqueuedAsNewEmails() {
		EmailQueue queue = new EmailQueue(new QueueProperties(5, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> queue.enqueue(email(), EnqueueSource.RETRY));
	}

	@Test
	void interruptedOfferSaysSoAndKeepsTheInterrupt() {
		EmailQueue queue = new EmailQueue(new QueueProperties(1, Duration.ofSeconds(30)));
		queue.enqueue(email(), EnqueueSource.API);
		Thread.currentThread().interrupt();
		try {
			assertThat(queue.enqueue(email(), EnqueueSource.API).status()).isEqualTo(Status.INTERRUPTED);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void countsStayExactUnderConcurrentProducersAndConsumers() throws Exception {
		int producers = 4;
		int perProducer = 2_500;
		EmailQueue queue = new EmailQueue(new QueueProperties(16, Duration.ofSeconds(30)));
		ExecutorService executor = Executors.newFixedThreadPool(producers + 2);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int p = 0; p < producers; p++) {
				futures.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < perProducer; i++) {
						assertThat(queue.enqueue(email(), EnqueueSource.API).accepted()).isTrue();
					}
					return null;
				}));
			}
			for (int c = 0; c < 2; c++) {
				futures.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < producers * perProducer / 2; i++) {
						assertThat(queue.take(Duration.ofSeconds(30))).isNotNull();
						queue.recordSent();
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		QueueCounts counts = queue.counts();
		assertThat(counts.accepted()).isEqualTo(producers * perProducer);
		assertThat(counts.sent()).isEqualTo(producers * perProducer);
		assertThat(counts.pending()).isZero();
		assertThat(counts.inFlight()).isZero();
		assertThat(queue.enqueuedFrom(EnqueueSource.API)).isEqualTo(producers * perProducer);
	}

	@Test
	void snapshotsTakenWhileEmailsMoveAreConsistent() throws Exception {
		int perProducer = 20_000;
		EmailQueue queue = new EmailQueue(new QueueProperties(8, Duration.ofSeconds(30)));
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> movers = new ArrayList<>();
			for (int p = 0; p < 2; p++) {
				movers.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < perProducer; i++) {
						queue.enqueue(email(), EnqueueSource.API);
					}
					return null;
				}));
			}
			movers.add(executor.submit(() -> {
				start.await();
				for (int i = 0; i < 2 * perProducer; i++) {
					assertThat(queue.take(Duration.ofSeconds(30))).isNotNull();
					if (i % 10 == 0) {
						queue.recordDeadLettered(false, true);
					}
					else if (i % 10 == 5) {
						queue.recordDeadLettered(true, false);
					}
					else {
						queue.recordSent();
					}
				}
				return null;
			}));
			Future<Integer> reader = executor.submit(() -> {
				start.await();
				int snapshots = 0;
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
				while (!movers.stream().allMatch(Future::isDone) && System.nanoTime() < deadline) {
					assertConsistent(queue.counts());
					snapshots++;
				}
				return snapshots;
			});
			start.countDown();
			for (Future<?> mover : movers) {
				mover.get(60, TimeUnit.SECONDS);
			}
			assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
		}
		finally {
			executor.shutdownNow();
		}
		QueueCounts counts = queue.counts();
		assertConsistent(counts);
		assertThat(counts.sent()).isEqualTo(2 * perProducer * 8 / 10);
		assertThat(counts.pending() + counts.inFlight()).isZero();
	}

	private static void assertConsistent(QueueCounts counts) {
		assertThat(counts.accepted()).isEqualTo(counts.pending() + counts.inFlight() + counts.scheduled()
				+ counts.sent() + counts.deadLettered() + counts.notDelivered());
		assertThat(counts.pending()).isNotNegative();
		assertThat(counts.inFlight()).isBetween(0L, 1L);
		assertThat(counts.scheduled()).isNotNegative();
	}

	@Test
	void everyAcceptedEmailIsInExactlyOneState() throws Exception {
		EmailQueue queue = new EmailQueue(new QueueProperties(10, Duration.ZERO));
		for (int i = 0; i < 6; i++) {
			queue.enqueue(email(), EnqueueSource.API);
		}
		queue.take(Duration.ZERO);
		queue.recordSent();
		queue.take(Duration.ZERO);
		queue.recordDeadLettered(true, false);
		queue.take(Duration.ZERO);
		queue.recordRetryScheduled(true);
		queue.take(Duration.ZERO);
		List<Email> remaining = queue.drainRemaining();
		queue.recordNotDelivered(remaining.size(), 1, 1);
		QueueCounts counts = queue.counts();
		assertThat(counts.accepted()).isEqualTo(counts.pending() + counts.inFlight() + counts.scheduled() + counts.sent()
				+ counts.deadLettered() + counts.notDelivered());
		assertThat(counts.notDelivered()).isEqualTo(4);
		assertThat(counts.failedPermanently()).isEqualTo(1);
		assertThat(counts.uncertainFailures()).isEqualTo(1);
		assertThat(counts.successRate()).isEqualTo(50.0);
	}

	static Email email() {
		return Email.newEmail(new EmailContent(List.of("bob@example.com"), null, null, null, null, "Hello", "Body",
				null, 5), Instant.now());
	}

}
