package io.emailqueue.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Remembers the answer to each request that carried an {@code Idempotency-Key}, for a window and
 * up to a number of keys, so that a client repeating a request (after a timeout, say) gets the
 * first answer and nothing is queued twice.
 * <p>
 * A key is claimed atomically before anything is queued: of two concurrent requests with the same
 * key exactly one goes ahead, and the other is told the first is in progress. A key whose request
 * queued nothing (it was invalid, or the queue refused it) is released, so a repeat is a fresh try.
 * A key reused for a different request is refused. When more keys are held than allowed, the
 * oldest finished ones are forgotten first; keys in progress are never forgotten.
 */
@Component
final class IdempotencyStore {

	private final Duration window;

	private final int maxKeys;

	private final Clock clock;

	private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

	IdempotencyStore(ApiProperties properties, Clock clock) {
		this.window = properties.idempotencyWindow();
		this.maxKeys = properties.idempotencyMaxKeys();
		this.clock = clock;
	}

	/**
	 * Claim a key for a request.
	 * @param key the key
	 * @param fingerprint what identifies the request, so that a different one with the same key is told apart
	 * @return what to do: go ahead as the owner, replay the first answer, or refuse
	 */
	synchronized Claim claim(String key, String fingerprint) {
		Instant now = this.clock.instant();
		forgetExpired(now);
		Entry existing = this.entries.get(key);
		if (existing != null) {
			if (!existing.fingerprint.equals(fingerprint)) {
				return new Claim.Mismatch();
			}
			return (existing.response != null) ? new Claim.Replay(existing.response) : new Claim.InProgress();
		}
		Entry entry = new Entry(key, fingerprint, now);
		this.entries.put(key, entry);
		forgetBeyondCapacity();
		return new Claim.Owner(entry);
	}

	/**
	 * Keep the answer of the request that owns a key, for the repeats.
	 * @param owner the claim
	 * @param response the answer
	 */
	synchronized void complete(Claim.Owner owner, ResponseEntity<?> response) {
		if (this.entries.get(owner.entry().key) == owner.entry()) {
			owner.entry().response = response;
		}
	}

	/**
	 * Release a key whose request queued nothing.
	 * @param owner the claim
	 */
	synchronized void release(Claim.Owner owner) {
		this.entries.remove(owner.entry().key, owner.entry());
	}

	/**
	 * Return how many keys are held.
	 * @return the count, in progress or finished
	 */
	synchronized int size() {
		return this.entries.size();
	}

	private void forgetExpired(Instant now) {
		Iterator<Entry> iterator = this.entries.values().iterator();
		while (iterator.hasNext()) {
			Entry entry = iterator.next();
			// Claimed in time order, so the first entry still in its window ends the search.
			if (entry.claimedAt.plus(this.window).isAfter(now)) {
				return;
			}
			iterator.remove();
		}
	}

	private void forgetBeyondCapacity() {
		Iterator<Map.Entry<String, Entry>> iterator = this.entries.entrySet().iterator();
		while (this.entries.size() > this.maxKeys && iterator.hasNext()) {
			if (iterator.next().getValue().response != null) {
				iterator.remove();
			}
		}
	}

	/**
	 * A key held for a request; its answer once the request has one.
	 */
	static final class Entry {

		private final String key;

		private final String fingerprint;

		private final Instant claimedAt;

		private ResponseEntity<?> response;

		private Entry(String key, String fingerprint, Instant claimedAt) {
			this.key = key;
			this.fingerprint = fingerprint;
			this.claimedAt = claimedAt;
		}

	}

	/**
	 * The outcome of {@link #claim(String, String)}.
	 */
	sealed interface Claim {

		/**
		 * The key was free: this request goes ahead and must {@link IdempotencyStore#complete} or {@link IdempotencyStore#release} it.
		 *
		 * @param entry the key's entry
		 */
		record Owner(Entry entry) implements Claim {
		}

		/**
		 * A request with this key was answered: repeat its answer.
		 *
		 * @param response the first answer
		 */
		record Replay(ResponseEntity<?> response) implements Claim {
		}

		/** A request with this key is being handled now. */
		record InProgress() implements Claim {
		}

		/** The key was used for a different request. */
		record Mismatch() implements Claim {
		}

	}

}
