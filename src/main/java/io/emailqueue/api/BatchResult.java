package io.emailqueue.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.emailqueue.tracking.DeliveryState;

/**
 * The answer to a batch of which at least one email was queued: what happened to each, in request
 * order.
 *
 * @param accepted how many emails were queued
 * @param rejected how many were not
 * @param emails one entry per email of the request
 */
record BatchResult(int accepted, int rejected, List<Item> emails) {

	BatchResult(List<Item> emails) {
		this((int) emails.stream().filter(Item::queued).count(),
				(int) emails.stream().filter((item) -> !item.queued()).count(), List.copyOf(emails));
	}

	/**
	 * What happened to one email of a batch.
	 *
	 * @param index its position in the request, from 0
	 * @param id its id, when it was queued
	 * @param status {@code QUEUED} or {@code NOT_QUEUED}
	 * @param reason why it was not queued
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Item(int index, String id, String status, NotQueuedReason reason) {

		static Item queued(int index, String id) {
			return new Item(index, id, DeliveryState.QUEUED.name(), null);
		}

		static Item notQueued(int index, NotQueuedReason reason) {
			return new Item(index, null, "NOT_QUEUED", reason);
		}

		boolean queued() {
			return this.id != null;
		}

	}

}
