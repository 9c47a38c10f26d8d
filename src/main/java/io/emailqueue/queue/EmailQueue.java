package io.emailqueue.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.emailqueue.queue.EnqueueResult.Status;

import org.springframework.stereotype.Component;

/**
 * The one queue between whoever hands in emails and the consumers that deliver them: a bounded
 * {@link ArrayBlockingQueue} plus the ledger of where every accepted email is.
 * <p>
 * The capacity bounds the emails waiting, on the queue or outside it for a retry: an email that
 * failed keeps its place while it waits out its backoff. Otherwise an SMTP outage turns every
 * accepted email into a retry held outside the queue, and the worker accepts without limit, holds
 * it all in memory and loses it all to an out-of-memory kill. Emails being sent come on top, one
 * per consumer, and each may come back as a retry after its place was given to a new email, so the
 * worker holds at most the capacity plus two emails per consumer. An offer waits up to the offer
 * timeout for a place and always returns an explicit {@link EnqueueResult}.
 * <p>
 * {@link #close()} refuses new emails while consumers go on taking what is there. Retries that
 * fall due are put back with {@link #requeue(Email, EnqueueSource)}, which waits for room rather
 * than fail (a spool written with a larger capacity can hold more than there is room for) and is
 * allowed after close, so that a drain includes them.
 * <p>
 * The ledger is updated under one lock and read with {@link #counts()}, so a snapshot is always
 * consistent: every accepted email is counted in exactly one state.
 */
@Component
public final class EmailQueue {

	private final ArrayBlockingQueue<Email> queue;

	private final int capacity;

	private final Duration offerTimeout;

	private final Object ledgerLock = new Object();

	private volatile boolean closed;

	private long accepted;

	private final long[] enqueuedBySource = new long[EnqueueSource.values().length];

	private long sent;

	private long failedPermanently;

	private long retried;

	private long deadLettered;

	private long notDelivered;

	private long pending;

	private long inFlight;

	private long scheduled;

	private long rejectedFull;

	private long rejectedClosed;

	private long rejectedInvalid;

	private long transientFailures;

	private long uncertainFailures;

	private long reserved;

	public EmailQueue(QueueProperties properties) {
		this.queue = new ArrayBlockingQueue<>(properties.capacity());
		this.capacity = properties.capacity();
		this.offerTimeout = properties.offerTimeout();
	}

	/**
	 * Offer an email, waiting up to the offer timeout for room.
	 * @param email the email
	 * @param source where it comes from
	 * @return the outcome; the email is on the queue only when it says accepted
	 */
	public EnqueueResult enqueue(Email email, EnqueueSource source) {
		return enqueue(email, source, this.offerTimeout);
	}

	/**
	 * Offer an email, waiting up to the given time for room, as a caller does that shares one
	 * offer timeout between several emails.
	 * @param email the email
	 * @param source where it comes from
	 * @param maxWait how long to wait for room at most; zero to take room only if there is some
	 * @return the outcome; the email is on the queue only when it says accepted
	 */
	public EnqueueResult enqueue(Email email, EnqueueSource source, Duration maxWait) {
		if (source == EnqueueSource.RETRY) {
			throw new IllegalArgumentException("Retries go back through requeue");
		}
		if (this.closed) {
			return reject(email, Status.REJECTED_CLOSED);
		}
		try {
			if (!reservePlace(Math.max(0, maxWait.toNanos()))) {
				return reject(email, this.closed ? Status.REJECTED_CLOSED : Status.REJECTED_FULL);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new EnqueueResult(Status.INTERRUPTED, email);
		}
		// A reserved place has room on the queue, which never holds more than the emails waiting.
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
		return added ? new EnqueueResult(Status.ACCEPTED, email) : reject(email, Status.REJECTED_FULL);
	}

	private boolean reservePlace(long maxWaitNanos) throws InterruptedException {
		synchronized (this.ledgerLock) {
			long deadline = System.nanoTime() + maxWaitNanos;
			while (!this.closed && held() + this.reserved >= this.capacity) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.ledgerLock, remaining);
			}
			if (this.closed) {
				return false;
			}
			this.reserved++;
			return true;
		}
	}

	private long held() {
		return this.pending + this.scheduled;
	}

	private EnqueueResult reject(Email email, Status status) {
		synchronized (this.ledgerLock) {
			if (status == Status.REJECTED_FULL) {
				this.rejectedFull++;
			}
			else {
				this.rejectedClosed++;
			}
		}
		return new EnqueueResult(status, email);
	}

	/**
	 * Count an email as accepted while it waits outside the queue for its time, as an email read
	 * back from the spool does until there is room for it.
	 * @param source where it comes from
	 */
	public void admitScheduled(EnqueueSource source) {
		synchronized (this.ledgerLock) {
			this.accepted++;
			this.scheduled++;
		}
	}

	/**
	 * Put an email that waited outside the queue (a retry that fell due, or an email from the spool)
	 * on the queue, waiting as long as it takes for room. Allowed after {@link #close()}: such an
	 * email was accepted before.
	 * @param email the email
	 * @param source where it comes from, {@link EnqueueSource#RETRY} for a retry
	 * @throws InterruptedException if interrupted while waiting; the email then still counts as
	 * scheduled, and the caller keeps it
	 */
	public void requeue(Email email, EnqueueSource source) throws InterruptedException {
		this.queue.put(email);
		synchronized (this.ledgerLock) {
			this.scheduled--;
			this.enqueuedBySource[source.ordinal()]++;
			this.pending++;
		}
	}

	/**
	 * Take the next email to send, waiting up to the given time for one. The email counts as in
	 * flight until the caller records its outcome.
	 * @param timeout how long to wait
	 * @return the email, or {@code null} if none came in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Email take(Duration timeout) throws InterruptedException {
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

	/** Record that an email in flight was delivered. */
	public void recordSent() {
		synchronized (this.ledgerLock) {
			this.inFlight--;
			this.sent++;
		}
	}

	/**
	 * Record that an attempt failed with a transient error and a retry was scheduled.
	 * @param uncertain whether the failure came after the message data was sent
	 */
	public void recordRetryScheduled(boolean uncertain) {
		synchronized (this.ledgerLock) {
			this.inFlight--;
			this.transientFailures++;
			if (uncertain) {
				this.uncertainFailures++;
			}
			this.retried++;
			this.scheduled++;
		}
	}

	/**
	 * Record that an email in flight failed for good and went to the dead letters.
	 * @param permanent {@code true} for a permanent error, {@code false} when a transient error
	 * came after the last retry
	 * @param uncertain whether the failure came after the message data was sent
	 */
	public void recordDeadLettered(boolean permanent, boolean uncertain) {
		synchronized (this.ledgerLock) {
			this.inFlight--;
			if (permanent) {
				this.failedPermanently++;
			}
			else {
				this.transientFailures++;
			}
			if (uncertain) {
				this.uncertainFailures++;
			}
			this.deadLettered++;
		}
	}

	/**
	 * Record that emails were still undelivered when the worker stopped.
	 * @param fromPending how many were still on the queue
	 * @param fromInFlight how many were being sent and had no outcome
	 * @param fromScheduled how many were waiting outside the queue for their time
	 */
	public void recordNotDelivered(int fromPending, int fromInFlight, int fromScheduled) {
		synchronized (this.ledgerLock) {
			this.pending -= fromPending;
			this.inFlight -= fromInFlight;
			this.scheduled -= fromScheduled;
			this.notDelivered += fromPending + fromInFlight + fromScheduled;
			this.ledgerLock.notifyAll();
		}
	}

	/** Record a request refused as invalid before it reached the queue. */
	public void recordRejectedInvalid() {
		synchronized (this.ledgerLock) {
			this.rejectedInvalid++;
		}
	}

	/**
	 * Remove and return every email still on the queue, for the not-delivered report at shutdown.
	 * The caller records them with {@link #recordNotDelivered(int, int, int)}.
	 * @return the emails that were on the queue, oldest first
	 */
	public List<Email> drainRemaining() {
		List<Email> remaining = new ArrayList<>();
		this.queue.drainTo(remaining);
		return remaining;
	}

	/** Refuse new emails from now on; what is on the queue stays there for the consumers. */
	public void close() {
		this.closed = true;
		synchronized (this.ledgerLock) {
			// Offers waiting for a place are refused as closed at once.
			this.ledgerLock.notifyAll();
		}
	}

	/** Take new emails again, as a worker that is started again after a stop does. */
	public void open() {
		this.closed = false;
	}

	/**
	 * Return whether the queue refuses new emails.
	 * @return {@code true} once closed
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Return how many emails may wait at most, on the queue or for a retry.
	 * @return the capacity
	 */
	public int capacity() {
		return this.capacity;
	}

	/**
	 * Return how many emails are on the queue now.
	 * @return the size
	 */
	public int size() {
		return this.queue.size();
	}

	/**
	 * Return when the email at the head of the queue was accepted.
	 * @return the acceptance time of the oldest queued email, or {@code null} if the queue is empty
	 */
	public Instant headAcceptedAt() {
		Email head = this.queue.peek();
		return (head != null) ? head.acceptedAt() : null;
	}

	/**
	 * Return how many emails entered the queue from a source; retries count under
	 * {@link EnqueueSource#RETRY}.
	 * @param source the source
	 * @return the count
	 */
	public long enqueuedFrom(EnqueueSource source) {
		synchronized (this.ledgerLock) {
			return this.enqueuedBySource[source.ordinal()];
		}
	}

	/**
	 * Return a consistent snapshot of the ledger.
	 * @return the counts
	 */
	public QueueCounts counts() {
		synchronized (this.ledgerLock) {
			return new QueueCounts(this.accepted, this.sent, this.failedPermanently, this.retried, this.deadLettered,
					this.notDelivered, this.pending, this.inFlight, this.scheduled, this.rejectedFull,
					this.rejectedClosed, this.rejectedInvalid, this.transientFailures, this.uncertainFailures);
		}
	}

}
