package io.emailqueue.delivery;

import io.emailqueue.queue.Email;

/**
 * Delivers emails. Each consumer thread opens its own {@link Session} and keeps it for as long as
 * it runs, so that an implementation can reuse a connection across emails.
 */
public interface EmailSender {

	/**
	 * Open a session for the calling consumer thread. Sessions are not shared between threads.
	 * @return the session
	 */
	Session openSession();

	/**
	 * A consumer's own channel to the mail server.
	 */
	interface Session extends AutoCloseable {

		/**
		 * Try to deliver one email. Failures are returned, not thrown.
		 * @param email the email
		 * @return the outcome
		 */
		SendResult send(Email email);

		/**
		 * Called when the consumer found nothing to send for a while, so a session can let go of
		 * an idle connection.
		 */
		default void whenIdle() {
		}

		/** Release whatever the session holds. */
		@Override
		void close();

	}

}
