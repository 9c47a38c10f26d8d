package io.emailqueue.bench;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.emailqueue.queue.Email;
import io.emailqueue.queue.EnqueueSource;

/**
 * The hot path of {@code EmailQueue} as it was before the ledger moved into the buffer's critical
 * section: an {@link ArrayBlockingQueue} with its own lock, and the ledger under a second lock
 * taken after every move. Kept so that each benchmark run shows the before and after side by side.
 */
final class TwoLockEmailQueue {

	private final ArrayBlockingQueue<Email> queue;

	private final Duration offerTimeout;

	private final Object ledgerLock = new Object();

	private final long[] enqueuedBySource = new long[EnqueueSource.values().length];

	private volatile boolean closed;

	private long accepted;

	private long pending;

	private long inFlight;

	private long sent;

	private long rejectedFull;

	TwoLockEmailQueue(int capacity, Duration offerTimeout) {
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.offerTimeout = offerTimeout;
	}

	boolean enqueue(Email email, EnqueueSource source) {
		if (this.closed) {
			return false;
		}
		boolean added;
		try {
			added = this.queue.offer(email, this.offerTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		if (!added) {
			synchronized (this.ledgerLock) {
				this.rejectedFull++;
			}
			return false;
		}
		synchronized (this.ledgerLock) {
			this.accepted++;
			this.enqueuedBySource[source.ordinal()]++;
			this.pending++;
		}
		return true;
	}

	Email take(Duration timeout) throws InterruptedException {
		Email email = this.queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
		if (email != null) {
			synchronized (this.ledgerLock) {
				this.pending--;
				this.inFlight++;
			}
		}
		return email;
	}

	void recordSent() {
		synchronized (this.ledgerLock) {
			this.inFlight--;
			this.sent++;
		}
	}

}
