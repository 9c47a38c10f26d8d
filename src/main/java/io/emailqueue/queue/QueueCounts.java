package io.emailqueue.queue;

/**
 * A consistent snapshot of the queue's ledger, taken in one critical section. Every email that was
 * accepted is in exactly one of pending, in flight, scheduled, sent, dead-lettered or
 * not delivered, so {@code accepted == pending + inFlight + scheduled + sent + deadLettered +
 * notDelivered} holds in every snapshot.
 *
 * @param accepted emails accepted, from every source but retries
 * @param sent emails delivered
 * @param failedPermanently emails refused with a permanent error (each also dead-lettered)
 * @param retried retries scheduled after a transient failure
 * @param deadLettered emails moved to the dead letters, for a permanent error or after the last retry
 * @param notDelivered emails still undelivered when the worker stopped
 * @param pending emails on the queue
 * @param inFlight emails a consumer is sending now
 * @param scheduled emails waiting outside the queue for their time: retries, and emails read back
 * from the spool
 * @param rejectedFull offers refused because the queue stayed full
 * @param rejectedClosed offers refused because the queue was closed
 * @param rejectedInvalid requests refused before reaching the queue because they were invalid
 * @param transientFailures failed attempts that may succeed later
 * @param uncertainFailures attempts that failed after the message data was sent
 */
public record QueueCounts(long accepted, long sent, long failedPermanently, long retried, long deadLettered,
		long notDelivered, long pending, long inFlight, long scheduled, long rejectedFull, long rejectedClosed,
		long rejectedInvalid, long transientFailures, long uncertainFailures) {

	/**
	 * Return the share of finished emails that were delivered, as a percentage: sent divided by
	 * sent plus dead-lettered. 100 while nothing has finished.
	 * @return the success rate in percent
	 */
	public double successRate() {
		long finished = this.sent + this.deadLettered;
		return (finished != 0) ? 100.0 * this.sent / finished : 100.0;
	}

	/**
	 * Return the emails accepted and not finished yet: pending, in flight or scheduled.
	 * @return the unfinished count
	 */
	public long unfinished() {
		return this.pending + this.inFlight + this.scheduled;
	}

}
