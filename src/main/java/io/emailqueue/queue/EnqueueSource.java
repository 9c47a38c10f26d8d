package io.emailqueue.queue;

import java.util.Locale;

/**
 * Where an email entering the queue comes from; a tag on the enqueue counts.
 */
public enum EnqueueSource {

	/** A client of the HTTP API. */
	API,

	/** The demo producer. */
	PRODUCER,

	/** A retry that fell due. */
	RETRY,

	/** The spool file left by an earlier shutdown. */
	SPOOL,

	/** A dead letter replayed by an operator. */
	REPLAY;

	/**
	 * Return the name used as a tag value.
	 * @return the lower-case name
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
