package io.emailqueue.tracking;

/**
 * Where an email stands.
 */
public enum DeliveryState {

	/** On the queue, or waiting for room on it. */
	QUEUED,

	/** A consumer is sending it now. */
	SENDING,

	/** An attempt failed with a transient error; the next attempt is scheduled. */
	RETRY_SCHEDULED,

	/** Delivered to the mail server. */
	SENT,

	/** Failed for good; it is in the dead letters. */
	DEAD,

	/** Still undelivered when the worker stopped; spooled if a spool is configured. */
	NOT_DELIVERED

}
