package io.emailqueue.bench;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.emailqueue.queue.Email;
import io.emailqueue.queue.EnqueueSource;

/**
 * The hot path of {@code EmailQueue} as it was before the ledger moved into the buffer's critical
 * section: an {@link ArrayBlockingQueue} with its own lock, and the ledger under a second lock (a
 * monitor) taken before and after every offer, to reserve a place and to count, and after every
 * take, to count and wake offers waiting for a place. Kept so that each benchmark run shows the
 * before and after side by side.
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

	private long reserved;

	private final int capacity;

	TwoLockEmailQueue(int capacity, Duration offerTimeout) {
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.capacity = capacity;
		this.offerTimeout = offerTimeout;
	}

	boolean enqueue(Email email, EnqueueSource source) {
		if (this.closed) {
			return false;
		}
		try {
			if (!reservePlace(this.offerTimeout.toNanos())) {
				synchronized (this.ledgerLock) {
					this.rejectedFull++;
				}
				return false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		boolean added = this.queue.offer(email);
		synchronized (this.ledgerLock) {
			this.reserved--;
			if (added) {
				this.accepted++;
				this.enqueuedBySource[source.ordinal()]++;
				this.pending++;
			}
			else {
				this.ledgerLock.notifyAll();
			}
		}
		return added;
	}

	private boolean reservePlace(long maxWaitNanos) throws InterruptedException {
		synchronized (this.ledgerLock) {
			long deadline = System.nanoTime() + maxWaitNanos;
			while (!this.closed && this.pending + this.reserved >= this.capacity) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.ledgerLock, remaining);
			}
			this.reserved++;
			return !this.closed;
		}
	}

	Email take(Duration timeout) throws InterruptedException {
		Email email = this.queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
		if (email != null) {
			synchronized (this.ledgerLock) {
				this.pending--;
				this.inFlight++;
				this.ledgerLock.notifyAll();
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
