package io.emailqueue.observability;

import java.util.concurrent.Semaphore;

import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.SendResult;
import io.emailqueue.queue.Email;

/**
 * A sender under the test's control: each send waits for a permit, so that emails stay in flight
 * and pile up on the queue for as long as the test wants, and an email with the subject
 * {@link #CRASH_SUBJECT} throws an {@link Error} that ends the consumer thread, as an
 * {@link OutOfMemoryError} or a bug in a sender would.
 */
final class GatedEmailSender implements EmailSender {

	static final String CRASH_SUBJECT = "crash the consumer";

	private static final int OPEN = Integer.MAX_VALUE / 2;

	private final Semaphore permits = new Semaphore(0);

	/**
	 * Create a sender whose sends wait until {@link #allow(int)} or {@link #open()}.
	 * @return the sender
	 */
	static GatedEmailSender closed() {
		return new GatedEmailSender();
	}

	/**
	 * Let the given number of sends complete.
	 * @param sends how many
	 */
	void allow(int sends) {
		this.permits.release(sends);
	}

	/** Let every send complete from now on. */
	void open() {
		this.permits.release(OPEN);
	}

	@Override
	public Session openSession() {
		return new GatedSession();
	}

	private final class GatedSession implements Session {

		@Override
		public SendResult send(Email email) {
			// Only the first attempt crashes: the worker hands the email to a retry, which must not kill a second consumer.
			if (CRASH_SUBJECT.equals(email.content().subject()) && email.attempt() == 1) {
				throw new ConsumerCrash();
			}
			try {
				GatedEmailSender.this.permits.acquire();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return SendResult.transientFailure("Interrupted while gated", 0, false);
			}
			return SendResult.sent("250 2.0.0 Ok: gated");
		}

		@Override
		public void close() {
		}

	}

	/**
	 * What a consumer thread dies of in these tests.
	 */
	static final class ConsumerCrash extends Error {

		ConsumerCrash() {
			super("Simulated crash of a consumer thread (expected in this test)", null, false, false);
		}

	}

}
