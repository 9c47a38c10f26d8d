package io.emailqueue.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.SendResult;
import io.emailqueue.queue.Email;

/**
 * A sender for tests of the worker's own logic (retries, drain, shutdown): what each attempt
 * returns is scripted, and every attempt is recorded. Delivery over SMTP is tested against real
 * servers in the delivery tests.
 */
final class ScriptedEmailSender implements EmailSender {

	private final Function<Email, SendResult> script;

	private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

	private final AtomicInteger openSessions = new AtomicInteger();

	ScriptedEmailSender(Function<Email, SendResult> script) {
		this.script = script;
	}

	static ScriptedEmailSender alwaysSends() {
		return new ScriptedEmailSender((email) -> SendResult.sent("250 ok"));
	}

	List<Attempt> attempts() {
		return this.attempts;
	}

	List<Attempt> attemptsOf(Email email) {
		return this.attempts.stream().filter((attempt) -> attempt.email().id().equals(email.id())).toList();
	}

	int openSessions() {
		return this.openSessions.get();
	}

	@Override
	public Session openSession() {
		this.openSessions.incrementAndGet();
		return new Session() {

			@Override
			public SendResult send(Email email) {
				ScriptedEmailSender.this.attempts
					.add(new Attempt(email, System.nanoTime(), Thread.currentThread().getName()));
				return ScriptedEmailSender.this.script.apply(email);
			}

			@Override
			public void close() {
				ScriptedEmailSender.this.openSessions.decrementAndGet();
			}

		};
	}

	record Attempt(Email email, long atNanos, String threadName) {
	}

}
