package io.emailqueue.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found in a request, so that one 400 answer names them all. Keeps the
 * first {@link #MAX_LISTED} and counts the rest, so that a request made of errors cannot make the
 * answer, or the memory it takes, grow without bound.
 */
final class InvalidFields {

	/** How many problems one answer lists at most. */
	static final int MAX_LISTED = 100;

	private static final int MAX_NAME_LENGTH = 64;

	private final List<InvalidField> listed = new ArrayList<>();

	private int count;

	/**
	 * Record a problem.
	 * @param field where it is
	 * @param message what is wrong
	 */
	void add(String field, String message) {
		this.count++;
		if (this.listed.size() < MAX_LISTED) {
			this.listed.add(new InvalidField(field, message));
		}
	}

	/**
	 * Return a field name from the request fit to repeat in the answer: cut short if long.
	 * @param name the name as the client sent it
	 * @return the name, at most {@value #MAX_NAME_LENGTH} characters and an ellipsis
	 */
	static String quote(String name) {
		return (name.length() <= MAX_NAME_LENGTH) ? name : name.substring(0, MAX_NAME_LENGTH) + "…";
	}

	/**
	 * Return whether any problem was found.
	 * @return {@code true} if at least one was
	 */
	boolean any() {
		return this.count > 0;
	}

	/**
	 * Return how many problems were found.
	 * @return the count, including those not listed
	 */
	int count() {
		return this.count;
	}

	/**
	 * Return the exception that answers 400 with these problems.
	 * @param detail the sentence that sums them up
	 * @return the exception
	 */
	InvalidRequestException toException(String detail) {
		return new InvalidRequestException(detail, List.copyOf(this.listed), this.count);
	}

}
