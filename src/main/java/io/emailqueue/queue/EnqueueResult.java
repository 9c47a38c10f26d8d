package io.emailqueue.queue;

/**
 * The answer to an attempt to put an email on the queue. Every attempt gets one: nothing is
 * dropped without the caller knowing.
 *
 * @param status what happened
 * @param email the email concerned
 */
public record EnqueueResult(Status status, Email email) {

	/**
	 * Return whether the email is now on the queue.
	 * @return {@code true} when accepted
	 */
	public boolean accepted() {
		return this.status == Status.ACCEPTED;
	}

	/**
	 * What happened to an email offered to the queue.
	 */
	public enum Status {

		/** On the queue; it will be delivered, dead-lettered or reported as not delivered. */
		ACCEPTED,

		/** Refused: the queue stayed full for the whole offer timeout. */
		REJECTED_FULL,

		/** Refused: the queue is closed because the worker is shutting down. */
		REJECTED_CLOSED,

		/** Refused: the calling thread was interrupted while it waited for room. */
		INTERRUPTED

	}

}
