package io.emailqueue.reliability;

/**
 * What became of the emails a scenario handed in, each accepted email counted once under the first
 * of delivered, dead and not delivered that is true of it, and as lost when none is.
 *
 * @param accepted emails the API answered 202 for
 * @param delivered accepted emails the SMTP server has at least one copy of
 * @param duplicated accepted emails the SMTP server has more than one copy of (also counted as delivered)
 * @param dead accepted emails not delivered and in the dead letters, with their reason
 * @param notDelivered accepted emails neither delivered nor dead, listed as not delivered at shutdown
 * @param lost accepted emails in none of those: lost without a word
 * @param phantom emails the SMTP server has that the API never accepted
 */
public record Tally(int accepted, int delivered, int duplicated, int dead, int notDelivered, int lost, int phantom) {

	/**
	 * Return whether every accepted email is accounted for and nothing arrived that was not accepted.
	 * @return {@code true} when none is lost and none is a phantom
	 */
	public boolean nothingLost() {
		return this.lost == 0 && this.phantom == 0;
	}

}
