package io.emailqueue.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.emailqueue.queue.EnqueueResult.Status;

import org.springframework.stereotype.Component;

/**
 * The one queue between whoever hands in emails and the consumers that deliver them: a bounded
 * ring buffer plus the ledger of where every accepted email is, both guarded by one lock.
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
 * The ledger is updated under the same lock as the buffer, in the critical section that moves the
 * email, and read with {@link #counts()} under that lock, so a snapshot is always consistent: every
 * accepted email is counted in exactly one state. The one exception is the commonest outcome,
 * {@link #recordSent()}: a single atomic increment of {@code sent}, with in flight derived as
 * {@code inFlightOrSent - sent}. Since nothing else can change while {@link #counts()} holds the
 * lock, the snapshot is the ledger at the instant it reads {@code sent}.
 * <p>
 * Why not an {@link ArrayBlockingQueue} with the ledger beside it, as before: that took the ledger's
 * lock as well as the queue's on every move (twice per offer, to reserve a place and to count), and
 * once more per sent email, and moved a third or less of the bare queue's pairs per second; here a
 * pair costs the bare queue's two lock acquisitions plus one atomic increment (see BENCHMARKS.md).
 */
@Component
public final class EmailQueue {

	private final Email[] items;

	private final Duration offerTimeout;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	/** Signalled when an email leaves the buffer: a requeue waits for room in it. */
	private final Condition notFull = this.lock.newCondition();

	/** Signalled when an email stops waiting (pending or scheduled): an offer waits for a place. */
	private final Condition placeFree = this.lock.newCondition();

	private int takeIndex;

	private int putIndex;

	private int count;

	private volatile boolean closed;

	private long accepted;

	private final long[] enqueuedBySource = new long[EnqueueSource.values().length];

	private final AtomicLong sent = new AtomicLong();

	private long failedPermanently;

	private long retried;

	private long deadLettered;

	private long notDelivered;

	private long pending;

	private long inFlightOrSent;

	private long scheduled;

	private long rejectedFull;

	private long rejectedClosed;

	private long rejectedInvalid;

	private long transientFailures;

	private long uncertainFailures;

	public EmailQueue(QueueProperties properties) {
		this.items = new Email[properties.capacity()];
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
		long nanos = Math.max(0, maxWait.toNanos());
		try {
			this.lock.lockInterruptibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new EnqueueResult(Status.INTERRUPTED, email);
		}
		try {
			while (!this.closed && (waiting() >= this.items.length || this.count == this.items.length)) {
				if (nanos <= 0L) {
					return rejectLocked(email, Status.REJECTED_FULL);
				}
				nanos = this.placeFree.awaitNanos(nanos);
			}
			if (this.closed) {
				return rejectLocked(email, Status.REJECTED_CLOSED);
			}
			insert(email);
			this.accepted++;
			this.enqueuedBySource[source.ordinal()]++;
			this.pending++;
			return new EnqueueResult(Status.ACCEPTED, email);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new EnqueueResult(Status.INTERRUPTED, email);
		}
		finally {
			this.lock.unlock();
		}
	}

	private EnqueueResult reject(Email email, Status status) {
		this.lock.lock();
		try {
			return rejectLocked(email, status);
		}
		finally {
			this.lock.unlock();
		}
	}

	private EnqueueResult rejectLocked(Email email, Status status) {
		if (status == Status.REJECTED_FULL) {
			this.rejectedFull++;
		}
		else {
			this.rejectedClosed++;
		}
		return new EnqueueResult(status, email);
	}

	private long waiting() {
		return this.pending + this.scheduled;
	}

	private void insert(Email email) {
		this.items[this.putIndex] = email;
		if (++this.putIndex == this.items.length) {
			this.putIndex = 0;
		}
		this.count++;
		this.notEmpty.signal();
	}

	private Email extract() {
		Email email = this.items[this.takeIndex];
		this.items[this.takeIndex] = null;
		if (++this.takeIndex == this.items.length) {
			this.takeIndex = 0;
		}
		this.count--;
		this.notFull.signal();
		this.placeFree.signal();
		return email;
	}

	/**
	 * Count an email as accepted while it waits outside the queue for its time, as an email read
	 * back from the spool does until there is room for it.
	 * @param source where it comes from
	 */
	public void admitScheduled(EnqueueSource source) {
		this.lock.lock();
		try {
			this.accepted++;
			this.scheduled++;
		}
		finally {
			this.lock.unlock();
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
		this.lock.lockInterruptibly();
		try {
			while (this.count == this.items.length) {
				this.notFull.await();
			}
			insert(email);
			this.scheduled--;
			this.enqueuedBySource[source.ordinal()]++;
			this.pending++;
		}
		finally {
			this.lock.unlock();
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
		long nanos = timeout.toNanos();
		this.lock.lockInterruptibly();
		try {
			while (this.count == 0) {
				if (nanos <= 0L) {
					return null;
				}
				nanos = this.notEmpty.awaitNanos(nanos);
			}
			this.pending--;
			this.inFlightOrSent++;
			return extract();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Record that an email in flight was delivered. */
	public void recordSent() {
		this.sent.incrementAndGet();
	}

	/**
	 * Record that an attempt failed with a transient error and a retry was scheduled.
	 * @param uncertain whether the failure came after the message data was sent
	 */
	public void recordRetryScheduled(boolean uncertain) {
		this.lock.lock();
		try {
			this.inFlightOrSent--;
			this.transientFailures++;
			if (uncertain) {
				this.uncertainFailures++;
			}
			this.retried++;
			this.scheduled++;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Record that an email in flight failed for good and went to the dead letters.
	 * @param permanent {@code true} for a permanent error, {@code false} when a transient error
	 * came after the last retry
	 * @param uncertain whether the failure came after the message data was sent
	 */
	public void recordDeadLettered(boolean permanent, boolean uncertain) {
		this.lock.lock();
		try {
			this.inFlightOrSent--;
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
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Record that emails were still undelivered when the worker stopped.
	 * @param fromPending how many were still on the queue
	 * @param fromInFlight how many were being sent and had no outcome
	 * @param fromScheduled how many were waiting outside the queue for their time
	 */
	public void recordNotDelivered(int fromPending, int fromInFlight, int fromScheduled) {
		this.lock.lock();
		try {
			this.pending -= fromPending;
			this.inFlightOrSent -= fromInFlight;
			this.scheduled -= fromScheduled;
			this.notDelivered += fromPending + fromInFlight + fromScheduled;
			this.placeFree.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Record a request refused as invalid before it reached the queue. */
	public void recordRejectedInvalid() {
		this.lock.lock();
		try {
			this.rejectedInvalid++;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Remove and return every email still on the queue, for the not-delivered report at shutdown.
	 * The caller records them with {@link #recordNotDelivered(int, int, int)}.
	 * @return the emails that were on the queue, oldest first
	 */
	public List<Email> drainRemaining() {
		this.lock.lock();
		try {
			List<Email> remaining = new ArrayList<>(this.count);
			while (this.count > 0) {
				remaining.add(extract());
			}
			return remaining;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Refuse new emails from now on; what is on the queue stays there for the consumers. */
	public void close() {
		this.closed = true;
		this.lock.lock();
		try {
			// Offers waiting for a place are refused as closed at once.
			this.placeFree.signalAll();
		}
		finally {
			this.lock.unlock();
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
		return this.items.length;
	}

	/**
	 * Return how many emails are on the queue now.
	 * @return the size
	 */
	public int size() {
		this.lock.lock();
		try {
			return this.count;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return when the email at the head of the queue was accepted.
	 * @return the acceptance time of the oldest queued email, or {@code null} if the queue is empty
	 */
	public Instant headAcceptedAt() {
		this.lock.lock();
		try {
			Email head = this.items[this.takeIndex];
			return (head != null) ? head.acceptedAt() : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return how many emails entered the queue from a source; retries count under
	 * {@link EnqueueSource#RETRY}.
	 * @param source the source
	 * @return the count
	 */
	public long enqueuedFrom(EnqueueSource source) {
		this.lock.lock();
		try {
			return this.enqueuedBySource[source.ordinal()];
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return a consistent snapshot of the ledger.
	 * @return the counts
	 */
	public QueueCounts counts() {
		this.lock.lock();
		try {
			long sent = this.sent.get();
			return new QueueCounts(this.accepted, sent, this.failedPermanently, this.retried, this.deadLettered,
					this.notDelivered, this.pending, this.inFlightOrSent - sent, this.scheduled, this.rejectedFull,
					this.rejectedClosed, this.rejectedInvalid, this.transientFailures, this.uncertainFailures);
		}
		finally {
			this.lock.unlock();
		}
	}

}
