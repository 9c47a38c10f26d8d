package io.emailqueue.api;

import io.emailqueue.queue.EnqueueResult;

/**
 * Why the queue did not take an email, as the API names it.
 */
enum NotQueuedReason {

	/** The queue stayed full for the whole offer timeout. */
	QUEUE_FULL("The queue is full; nothing was queued, try again later"),

	/** The worker is shutting down. */
	SHUTTING_DOWN("The worker is shutting down and accepts no new emails; try again later"),

	/** The request was interrupted while it waited for room. */
	INTERRUPTED("The request was interrupted while it waited for room on the queue; try again later");

	private final String detail;

	NotQueuedReason(String detail) {
		this.detail = detail;
	}

	/**
	 * Return the reason for a refusal.
	 * @param status how the queue answered; not {@link EnqueueResult.Status#ACCEPTED}
	 * @return the reason
	 */
	static NotQueuedReason of(EnqueueResult.Status status) {
		return switch (status) {
			case REJECTED_FULL -> QUEUE_FULL;
			case REJECTED_CLOSED -> SHUTTING_DOWN;
			case INTERRUPTED -> INTERRUPTED;
			case ACCEPTED -> throw new IllegalArgumentException("An accepted email has no reason to be refused");
		};
	}

	/**
	 * Return a sentence for the client.
	 * @return the detail
	 */
	String detail() {
		return this.detail;
	}

}
