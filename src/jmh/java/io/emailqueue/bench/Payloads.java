package io.emailqueue.bench;

/**
 * The emails every benchmark sends, so that the application, the naive baseline and the load
 * generators carry the same bytes: a plain text body of a given size, in lines of 78 characters
 * plus a line feed, which Angus Mail sends as 7bit without re-encoding.
 */
final class Payloads {

	private Payloads() {
	}

	/**
	 * Return a plain text body of exactly the given size.
	 * @param bytes the size
	 * @return the body
	 */
	static String text(int bytes) {
		StringBuilder body = new StringBuilder(bytes);
		while (body.length() < bytes) {
			int line = Math.min(78, bytes - body.length() - 1);
			body.append("x".repeat(Math.max(0, line))).append('\n');
		}
		return body.toString();
	}

	/**
	 * Return the JSON of one email for {@code POST /api/emails}.
	 * @param recipient the recipient's address
	 * @param bytes the size of the body
	 * @return the JSON
	 */
	static String emailJson(String recipient, int bytes) {
		return "{\"to\":[\"" + recipient + "\"],\"subject\":\"Benchmark\",\"text\":\""
				+ text(bytes).replace("\n", "\\n") + "\"}";
	}

}
