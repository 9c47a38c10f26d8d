package io.emailqueue.api;

/**
 * Whether text from a request is well-formed Unicode. JSON lets a client escape half of a
 * surrogate pair ({@code "\ud800"}); such a string cannot be written as UTF-8, so the mail would go
 * out with {@code ?} in its place, different from what was accepted.
 */
final class UnicodeText {

	/** What a request is told about a string that is not well-formed. */
	static final String PROBLEM = "must be well-formed Unicode text (it has half of a surrogate pair)";

	private UnicodeText() {
	}

	/**
	 * Return whether every surrogate in a string is part of a pair.
	 * @param value the string
	 * @return {@code true} if it can be encoded as UTF-8 as it stands
	 */
	static boolean isWellFormed(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

}
