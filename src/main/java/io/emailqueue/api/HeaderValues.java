package io.emailqueue.api;

import java.util.regex.Pattern;

/**
 * What a value that ends up in a mail header (a subject, an address, a display name) must not
 * contain, so that no request can add headers or recipients of its own: no line break of any kind
 * and no other control character, and no RFC 2047 encoded word, whose decoding could smuggle one
 * back in. Unicode text is fine, when well-formed: it is encoded when the mail is written.
 */
final class HeaderValues {

	private static final Pattern ENCODED_WORD = Pattern.compile("=\\?[^?]*\\?[bBqQ]\\?[^?]*\\?=");

	private HeaderValues() {
	}

	/**
	 * Return what is wrong with a header value, if anything.
	 * @param value the value
	 * @return the problem, or {@code null} when the value is fine
	 */
	static String problem(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (isForbidden(value.charAt(i))) {
				return "must not contain line breaks or other control characters";
			}
		}
		if (!UnicodeText.isWellFormed(value)) {
			return UnicodeText.PROBLEM;
		}
		if (ENCODED_WORD.matcher(value).find()) {
			return "must not contain RFC 2047 encoded words (=?charset?B|Q?...?=); send Unicode text, it is encoded for you";
		}
		return null;
	}

	private static boolean isForbidden(char c) {
		// Cc covers CR, LF, TAB, NUL, DEL and C1 (NEL, U+0085); U+2028 and U+2029 are Unicode line breaks.
		return Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029';
	}

}
