package io.emailqueue.api;

import io.emailqueue.tracking.DeliveryState;

/**
 * The answer to an email handed in and queued.
 *
 * @param id the id to ask for its status with
 * @param status always {@link DeliveryState#QUEUED}
 */
record QueuedEmail(String id, DeliveryState status) {

	QueuedEmail(String id) {
		this(id, DeliveryState.QUEUED);
	}

}
