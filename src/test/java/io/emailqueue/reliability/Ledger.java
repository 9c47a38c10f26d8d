package io.emailqueue.reliability;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The bookkeeping of a scenario, in the manner of Jepsen: per email id, what the API accepted and
 * where the email was seen since (the SMTP server's copies, the dead letters, the not-delivered
 * summary at shutdown), tallied into {@link Tally}. Every scenario hands in emails with a
 * recipient of their own, so a console line that names only the recipient still names the email.
 * Safe for any number of threads.
 */
public final class Ledger {

	private static final Pattern NOT_DELIVERED = Pattern.compile("📭\\s+([0-9a-fA-F-]{36}) to ");

	private static final Pattern DEAD = Pattern.compile("💀 Email to (\\S+) dead-lettered");

	private final Map<String, String> accepted = new ConcurrentHashMap<>();

	private final Map<String, String> idsByRecipient = new ConcurrentHashMap<>();

	private final Set<String> dead = ConcurrentHashMap.newKeySet();

	private final Set<String> notDelivered = ConcurrentHashMap.newKeySet();

	/**
	 * Record that the API accepted an email.
	 * @param id the id it answered with
	 * @param recipient the email's only {@code to} recipient
	 */
	public void accepted(String id, String recipient) {
		this.accepted.put(id, recipient);
		this.idsByRecipient.put(recipient, id);
	}

	/**
	 * Return the ids of the accepted emails.
	 * @return the ids
	 */
	public Set<String> acceptedIds() {
		return Set.copyOf(this.accepted.keySet());
	}

	/**
	 * Record the dead letters the API lists.
	 * @param letters the items of {@code GET /api/dead-letters}
	 */
	public void deadLetters(Collection<JsonNode> letters) {
		letters.forEach((letter) -> this.dead.add(letter.path("id").asString()));
	}

	/**
	 * Record what a process printed: the emails it dead-lettered and those it listed as not
	 * delivered at shutdown.
	 * @param lines the console lines
	 */
	public void console(List<String> lines) {
		for (String line : lines) {
			Matcher notDelivered = NOT_DELIVERED.matcher(line);
			if (notDelivered.find()) {
				this.notDelivered.add(notDelivered.group(1));
			}
			Matcher dead = DEAD.matcher(line);
			if (dead.find() && this.idsByRecipient.containsKey(dead.group(1))) {
				this.dead.add(this.idsByRecipient.get(dead.group(1)));
			}
		}
	}

	/**
	 * Return the ids listed as not delivered so far.
	 * @return the ids
	 */
	public Set<String> notDeliveredIds() {
		return Set.copyOf(this.notDelivered);
	}

	/**
	 * Tally the accepted emails against the copies the SMTP server has.
	 * @param deliveries copies per email id, from {@link SmtpSink#deliveriesByEmailId()}
	 * @return the tally
	 */
	public Tally tally(Map<String, Integer> deliveries) {
		int delivered = 0;
		int duplicated = 0;
		int dead = 0;
		int notDelivered = 0;
		int lost = 0;
		for (String id : this.accepted.keySet()) {
			int copies = deliveries.getOrDefault(id, 0);
			if (copies > 0) {
				delivered++;
				duplicated += (copies > 1) ? 1 : 0;
			}
			else if (this.dead.contains(id)) {
				dead++;
			}
			else if (this.notDelivered.contains(id)) {
				notDelivered++;
			}
			else {
				lost++;
			}
		}
		int phantom = (int) deliveries.keySet().stream().filter((id) -> !this.accepted.containsKey(id)).count();
		return new Tally(this.accepted.size(), delivered, duplicated, dead, notDelivered, lost, phantom);
	}

	/**
	 * Return the accepted emails that are lost, with their recipients, for a failure message.
	 * @param deliveries copies per email id
	 * @return the lost emails by id
	 */
	public Map<String, String> lost(Map<String, Integer> deliveries) {
		Map<String, String> lost = new LinkedHashMap<>();
		this.accepted.forEach((id, recipient) -> {
			if (!deliveries.containsKey(id) && !this.dead.contains(id) && !this.notDelivered.contains(id)) {
				lost.put(id, recipient);
			}
		});
		return lost;
	}

}
