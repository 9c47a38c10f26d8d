package io.emailqueue.api;

import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The strict check of an address the API accepts, in any address field.
 * <p>
 * A value is one RFC 5322 mailbox, parsed with {@code new InternetAddress(value, true)} and
 * {@code validate()}: either a bare address, {@code jane@example.org}, or one with a display name,
 * {@code Jane Doe <jane@example.org>} or {@code "Doe, Jane" <jane@example.org>}. Groups and lists
 * are refused. Beyond RFC 5322, the address itself must be plain ASCII: a dot-atom local part (no
 * quoted local parts, no spaces, no backslashes) and a host name of letters, digits and hyphens
 * (punycode for international domains; no IP literals). Those are the characters no mail encoder
 * quotes, folds or encodes, so none can turn into a line break on the way out. The display name may
 * be any Unicode text under {@link HeaderValues}' rules.
 */
final class EmailAddresses {

	/** Longest address (local part, @ and domain), as SMTP allows. */
	static final int MAX_ADDRESS_LENGTH = 254;

	/** Longest value, display name included. */
	static final int MAX_VALUE_LENGTH = 320;

	private static final int MAX_LOCAL_PART_LENGTH = 64;

	private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

	private static final Pattern HOST_NAME = Pattern
		.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

	private EmailAddresses() {
	}

	/**
	 * Check an address.
	 * @param value the value from the request
	 * @return the parsed address
	 * @throws IllegalArgumentException with what is wrong, fit to show the client
	 */
	static InternetAddress parse(String value) {
		if (value.isBlank()) {
			throw new IllegalArgumentException("must not be blank");
		}
		if (value.length() > MAX_VALUE_LENGTH) {
			throw new IllegalArgumentException("must be at most " + MAX_VALUE_LENGTH + " characters long");
		}
		String headerProblem = HeaderValues.problem(value);
		if (headerProblem != null) {
			throw new IllegalArgumentException(headerProblem);
		}
		InternetAddress address;
		try {
			address = new InternetAddress(value, true);
			address.validate();
		}
		catch (AddressException ex) {
			throw new IllegalArgumentException("is not a valid email address (" + ex.getMessage() + ")");
		}
		if (address.isGroup()) {
			throw new IllegalArgumentException("must be one address, not a group");
		}
		String stripped = value.strip();
		String spec = address.getAddress();
		// The parser forgives comments and text after the address; a value here has one of two shapes.
		if (!stripped.equals(spec) && !stripped.endsWith("<" + spec + ">")) {
			throw new IllegalArgumentException(
					"must be an address, as in jane@example.org, or a display name and an address, as in Jane Doe <jane@example.org>");
		}
		checkAddress(spec);
		String personal = address.getPersonal();
		if (personal != null && HeaderValues.problem(personal) != null) {
			throw new IllegalArgumentException("has a display name that " + HeaderValues.problem(personal));
		}
		return address;
	}

	/**
	 * Return the domain of an address that passed {@link #parse(String)}.
	 * @param address the address
	 * @return the part after the {@code @}
	 */
	static String domain(InternetAddress address) {
		String spec = address.getAddress();
		return spec.substring(spec.lastIndexOf('@') + 1);
	}

	private static void checkAddress(String spec) {
		if (spec.length() > MAX_ADDRESS_LENGTH) {
			throw new IllegalArgumentException("must have an address of at most " + MAX_ADDRESS_LENGTH + " characters");
		}
		int at = spec.lastIndexOf('@');
		if (at < 1) {
			throw new IllegalArgumentException("must be an address with a local part and a domain, as in jane@example.org");
		}
		String local = spec.substring(0, at);
		String domain = spec.substring(at + 1);
		if (local.contains("=?")) {
			throw new IllegalArgumentException("must not have an encoded word (=?) in its local part");
		}
		if (local.length() > MAX_LOCAL_PART_LENGTH || !DOT_ATOM.matcher(local).matches()) {
			throw new IllegalArgumentException("must have a local part (before the @) of at most "
					+ MAX_LOCAL_PART_LENGTH
					+ " ASCII letters, digits and !#$%&'*+/=?^_`{|}~- separated by single dots (quoted local parts are not accepted)");
		}
		if (!HOST_NAME.matcher(domain).matches()) {
			throw new IllegalArgumentException("must have a domain that is a host name of ASCII letters, digits and hyphens, "
					+ "as in example.org (punycode for international domains; IP literals are not accepted)");
		}
	}

}
