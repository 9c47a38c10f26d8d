package io.emailqueue.deadletter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * A bounded, in-memory store of dead letters, newest kept: when it is full, adding one evicts the
 * oldest, and evictions are counted so that none goes unnoticed.
 */
@Component
public final class DeadLetterStore {

	private final int capacity;

	private final LinkedHashMap<String, DeadLetter> letters = new LinkedHashMap<>();

	private long evicted;

	public DeadLetterStore(DeadLetterProperties properties) {
		this.capacity = properties.capacity();
	}

	/**
	 * Add a dead letter, evicting the oldest if the store is full. A letter for an id already
	 * present replaces it.
	 * @param letter the dead letter
	 */
	public synchronized void add(DeadLetter letter) {
		this.letters.remove(letter.id());
		this.letters.put(letter.id(), letter);
		while (this.letters.size() > this.capacity) {
			this.letters.pollFirstEntry();
			this.evicted++;
		}
	}

	/**
	 * Return the dead letter of an email.
	 * @param id the email id
	 * @return the dead letter, if present
	 */
	public synchronized Optional<DeadLetter> find(String id) {
		return Optional.ofNullable(this.letters.get(id));
	}

	/**
	 * Remove the dead letter of an email.
	 * @param id the email id
	 * @return the removed letter, if it was present
	 */
	public synchronized Optional<DeadLetter> remove(String id) {
		return Optional.ofNullable(this.letters.remove(id));
	}

	/**
	 * Return one page of dead letters, newest first.
	 * @param page the page number, from 0
	 * @param size the page size
	 * @return the letters on that page
	 */
	public synchronized List<DeadLetter> page(int page, int size) {
		List<DeadLetter> newestFirst = new ArrayList<>(this.letters.sequencedValues().reversed());
		int from = (int) Math.min((long) page * size, newestFirst.size());
		int to = Math.min(from + size, newestFirst.size());
		return List.copyOf(newestFirst.subList(from, to));
	}

	/**
	 * Return how many dead letters are stored.
	 * @return the size
	 */
	public synchronized int size() {
		return this.letters.size();
	}

	/**
	 * Return how many dead letters were evicted to make room.
	 * @return the eviction count
	 */
	public synchronized long evicted() {
		return this.evicted;
	}

}
