package io.emailqueue.delivery;

/**
 * The outcome of one delivery attempt.
 */
public sealed interface SendResult {

	/**
	 * Return a successful result.
	 * @param reply the server's reply, or a description of the simulated one
	 * @return the result
	 */
	static SendResult sent(String reply) {
		return new Sent(reply);
	}

	/**
	 * Return a failure worth retrying.
	 * @param error what went wrong
	 * @param replyCode the SMTP reply code, or 0 when there was no reply
	 * @param afterData whether the message data had been sent, making delivery uncertain
	 * @return the result
	 */
	static SendResult transientFailure(String error, int replyCode, boolean afterData) {
		return new Failed(FailureKind.TRANSIENT, error, replyCode, afterData);
	}

	/**
	 * Return a failure that will not go away by trying again.
	 * @param error what went wrong
	 * @param replyCode the SMTP reply code, or 0 when there was no reply
	 * @return the result
	 */
	static SendResult permanentFailure(String error, int replyCode) {
		return new Failed(FailureKind.PERMANENT, error, replyCode, false);
	}

	/**
	 * The email was accepted by the server.
	 *
	 * @param reply the server's reply
	 */
	record Sent(String reply) implements SendResult {
	}

	/**
	 * The attempt failed.
	 *
	 * @param kind whether retrying may help
	 * @param error what went wrong, fit for an operator to read
	 * @param replyCode the SMTP reply code, or 0 when there was no reply
	 * @param afterData whether the failure came after the message data was sent, so the receiver
	 * may have the email already
	 */
	record Failed(FailureKind kind, String error, int replyCode, boolean afterData) implements SendResult {

		public Failed {
			if (afterData && kind != FailureKind.TRANSIENT) {
				throw new IllegalArgumentException("A failure after the message data is uncertain, so transient");
			}
		}

		/**
		 * Return whether a retry may succeed.
		 * @return {@code true} for a transient failure
		 */
		public boolean isTransient() {
			return this.kind == FailureKind.TRANSIENT;
		}

	}

	/**
	 * Whether a failure may go away by trying again.
	 */
	enum FailureKind {

		/** A retry may succeed: a 4xx reply, a lost connection, a timeout. */
		TRANSIENT,

		/** A retry will fail the same way: a 5xx reply, an unusable message. */
		PERMANENT

	}

}
