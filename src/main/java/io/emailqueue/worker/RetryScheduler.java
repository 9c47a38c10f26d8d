package io.emailqueue.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

import io.emailqueue.queue.Email;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;

/**
 * Holds emails that wait outside the queue for their time, retries above all, and puts each back
 * on the queue when it falls due. One thread does the moving, so a waiting retry never occupies a
 * consumer; when the queue is full, the due email waits for room rather than being dropped.
 */
final class RetryScheduler {

	private final EmailQueue queue;

	private final DelayQueue<Scheduled> waiting = new DelayQueue<>();

	private final Runnable onMoved;

	private volatile Scheduled moving;

	private Thread mover;

	RetryScheduler(EmailQueue queue, Runnable onMoved) {
		this.queue = queue;
		this.onMoved = onMoved;
	}

	/**
	 * Hold an email until its time comes. Allowed at any time, even after {@link #stop()}: the
	 * email then stays held for {@link #drain()}.
	 * @param email the email
	 * @param source the source it is counted under when it enters the queue
	 * @param delay how long to wait
	 */
	void schedule(Email email, EnqueueSource source, Duration delay) {
		this.waiting.add(new Scheduled(email, source, System.nanoTime() + delay.toNanos()));
	}

	synchronized void start() {
		if (this.mover == null) {
			this.mover = Thread.ofPlatform().name("email-retry-scheduler").start(this::moveDueEmails);
		}
	}

	/**
	 * Return whether an email held here falls due no later than the given time.
	 * @param deadlineNanos a {@link System#nanoTime()} value
	 * @return whether one does
	 */
	boolean hasDueBy(long deadlineNanos) {
		Scheduled next = this.waiting.peek();
		return this.moving != null || (next != null && next.dueNanos - deadlineNanos <= 0);
	}

	/**
	 * Stop moving emails to the queue; what is held stays held.
	 * @param timeout how long to wait for the mover thread to end
	 * @return whether it ended
	 */
	boolean stop(Duration timeout) throws InterruptedException {
		Thread thread;
		synchronized (this) {
			thread = this.mover;
		}
		if (thread == null) {
			return true;
		}
		thread.interrupt();
		boolean ended = thread.join(timeout);
		if (ended) {
			synchronized (this) {
				this.mover = null;
			}
		}
		return ended;
	}

	/**
	 * Remove and return every email held, once the mover has stopped.
	 * @return the held emails
	 */
	List<Email> drain() {
		List<Email> emails = new ArrayList<>(this.waiting.size() + 1);
		Scheduled stillMoving = this.moving;
		if (stillMoving != null) {
			emails.add(stillMoving.email);
			this.moving = null;
		}
		// DelayQueue.drainTo() would only take the emails already due.
		for (Iterator<Scheduled> held = this.waiting.iterator(); held.hasNext();) {
			emails.add(held.next().email);
			held.remove();
		}
		return emails;
	}

	/**
	 * Return how many emails are held.
	 * @return the count
	 */
	int size() {
		return this.waiting.size() + ((this.moving != null) ? 1 : 0);
	}

	private void moveDueEmails() {
		try {
			while (!Thread.currentThread().isInterrupted()) {
				Scheduled due = this.waiting.take();
				this.moving = due;
				this.queue.requeue(due.email, due.source);
				this.moving = null;
				this.onMoved.run();
			}
		}
		catch (InterruptedException ex) {
			// Asked to stop; whatever is held, including a due email that found no room, stays for drain().
		}
	}

	private record Scheduled(Email email, EnqueueSource source, long dueNanos) implements Delayed {

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(this.dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
		}

		@Override
		public int compareTo(Delayed other) {
			return Long.signum(this.dueNanos - ((Scheduled) other).dueNanos);
		}

	}

}
