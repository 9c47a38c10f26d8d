package io.emailqueue.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.emailqueue.deadletter.DeadLetter;
import io.emailqueue.delivery.SendResult;
import io.emailqueue.queue.Email;
import io.emailqueue.queue.EnqueueResult;
import io.emailqueue.queue.EnqueueSource;
import io.emailqueue.queue.QueueCounts;
import io.emailqueue.tracking.DeliveryState;
import io.emailqueue.tracking.EmailStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EmailQueueWorker}.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmailQueueWorkerTests {

	private final List<WorkerFixture> started = new ArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stopWorkers() {
		this.release.countDown();
		this.started.forEach((fixture) -> fixture.worker.stop());
	}

	@Test
	void deliversEveryQueuedEmail() {
		ScriptedEmailSender sender = ScriptedEmailSender.alwaysSends();
		WorkerFixture fixture = start(WorkerFixture.with(sender));
		Email email = fixture.submit("a@example.org");
		fixture.submit("b@example.org");
		fixture.submit("c@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().sent() == 3);
		assertThat(fixture.statuses.find(email.id())).get().extracting(EmailStatus::state).isEqualTo(DeliveryState.SENT);
		assertThat(sender.attempts()).extracting((attempt) -> attempt.threadName()).allMatch((name) -> name.startsWith("email-worker-"));
		assertThat(fixture.meterRegistry.get("email.send").timer().count()).isEqualTo(3);
		assertThat(fixture.meterRegistry.get("email.delivery").timer().count()).isEqualTo(3);
	}

	@Test
	void transientFailureIsRetriedWithTheNextAttemptNumber() {
		ScriptedEmailSender sender = new ScriptedEmailSender((email) -> (email.attempt() == 1)
				? SendResult.transientFailure("451 4.3.0 Try later", 451, false) : SendResult.sent("250 ok"));
		WorkerFixture fixture = start(WorkerFixture.with(sender));
		Email email = fixture.submit("a@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().sent() == 1);
		assertThat(sender.attemptsOf(email)).extracting((attempt) -> attempt.email().attempt()).containsExactly(1, 2);
		QueueCounts counts = fixture.queue.counts();
		assertThat(counts.retried()).isEqualTo(1);
		assertThat(counts.transientFailures()).isEqualTo(1);
		assertThat(counts.deadLettered()).isZero();
		assertThat(fixture.queue.enqueuedFrom(EnqueueSource.RETRY)).isEqualTo(1);
	}

	@Test
	void retriesWaitForTheirBackoffWhichDoublesEachTime() {
		ScriptedEmailSender sender = new ScriptedEmailSender(
				(email) -> SendResult.transientFailure("SMTP connection timeout", 0, false));
		WorkerFixture fixture = start(
				WorkerFixture.with(sender).retryPolicy(WorkerFixture.retries(3, Duration.ofMillis(100))));
		Email email = fixture.submit("a@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().deadLettered() == 1);
		List<ScriptedEmailSender.Attempt> attempts = sender.attemptsOf(email);
		assertThat(attempts).hasSize(4);
		assertThat(gap(attempts, 0)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
		assertThat(gap(attempts, 1)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(gap(attempts, 2)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
	}

	@Test
	void statusOfAScheduledRetryCarriesItsAttemptAndDueTime() {
		ScriptedEmailSender sender = new ScriptedEmailSender(
				(email) -> SendResult.transientFailure("450 4.2.0 Mailbox busy", 450, false));
		WorkerFixture fixture = start(WorkerFixture.with(sender).retryPolicy(WorkerFixture.retries(3, Duration.ofHours(1))));
		Email email = fixture.submit("a@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().scheduled() == 1);
		EmailStatus status = fixture.statuses.find(email.id()).orElseThrow();
		assertThat(status.state()).isEqualTo(DeliveryState.RETRY_SCHEDULED);
		assertThat(status.attempt()).isEqualTo(2);
		assertThat(status.lastError()).isEqualTo("450 4.2.0 Mailbox busy");
		assertThat(status.replyCode()).isEqualTo(450);
		assertThat(Duration.between(status.updatedAt(), status.nextAttemptAt())).isBetween(Duration.ofMinutes(59),
				Duration.ofHours(1));
	}

	@Test
	void permanentFailureIsDeadLetteredAtOnceWithoutRetry() {
		ScriptedEmailSender sender = new ScriptedEmailSender(
				(email) -> SendResult.permanentFailure("550 5.1.1 User unknown", 550));
		WorkerFixture fixture = start(WorkerFixture.with(sender));
		Email email = fixture.submit("nobody@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().deadLettered() == 1);
		assertThat(sender.attemptsOf(email)).hasSize(1);
		DeadLetter letter = fixture.deadLetters.find(email.id()).orElseThrow();
		assertThat(letter.permanent()).isTrue();
		assertThat(letter.error()).isEqualTo("550 5.1.1 User unknown");
		assertThat(letter.replyCode()).isEqualTo(550);
		QueueCounts counts = fixture.queue.counts();
		assertThat(counts.failedPermanently()).isEqualTo(1);
		assertThat(counts.retried()).isZero();
		assertThat(fixture.statuses.find(email.id()).orElseThrow().state()).isEqualTo(DeliveryState.DEAD);
	}

	@Test
	void emailIsDeadLetteredAfterItsLastRetryWithTheLastError() {
		ScriptedEmailSender sender = new ScriptedEmailSender(
				(email) -> SendResult.transientFailure("421 4.4.2 Timeout #" + email.attempt(), 421, false));
		WorkerFixture fixture = start(WorkerFixture.with(sender).retryPolicy(WorkerFixture.retries(2, Duration.ofMillis(10))));
		Email email = fixture.submit("a@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().deadLettered() == 1);
		DeadLetter letter = fixture.deadLetters.find(email.id()).orElseThrow();
		assertThat(letter.permanent()).isFalse();
		assertThat(letter.error()).isEqualTo("421 4.4.2 Timeout #3");
		assertThat(letter.email().attempt()).isEqualTo(3);
		assertThat(fixture.queue.counts().retried()).isEqualTo(2);
		assertThat(fixture.queue.counts().failedPermanently()).isZero();
	}

	@Test
	void aWaitingRetryDoesNotDelayOtherEmailsEvenWithOneConsumer() {
		ScriptedEmailSender sender = new ScriptedEmailSender((email) -> email.content().firstRecipient().startsWith("slow")
				? SendResult.transientFailure("SMTP connection timeout", 0, false) : SendResult.sent("250 ok"));
		WorkerFixture fixture = start(
				WorkerFixture.with(sender).concurrency(1).retryPolicy(WorkerFixture.retries(3, Duration.ofHours(1))));
		fixture.submit("slow@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().scheduled() == 1);
		for (int i = 0; i < 5; i++) {
			fixture.submit("fast" + i + "@example.org");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().sent() == 5);
		assertThat(fixture.queue.counts().scheduled()).isEqualTo(1);
	}

	@Test
	void retriesWaitingOutAnOutageKeepTheirPlacesSoNoMoreEmailsAreTakenThanTheCapacity() {
		ScriptedEmailSender sender = new ScriptedEmailSender(
				(email) -> SendResult.transientFailure("Could not connect to the SMTP server", 0, false));
		WorkerFixture fixture = start(WorkerFixture.with(sender).capacity(2).concurrency(1)
			.retryPolicy(WorkerFixture.retries(3, Duration.ofHours(1))));
		fixture.submit("one@example.org");
		fixture.submit("two@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().scheduled() == 2);
		// The queue itself is empty: only the places the retries keep make it full.
		assertThat(fixture.queue.size()).isZero();
		EnqueueResult third = fixture.queue.enqueue(Email.newEmail(WorkerFixture.content("three@example.org"),
				Instant.now()), EnqueueSource.API, Duration.ZERO);
		assertThat(third.status()).isEqualTo(EnqueueResult.Status.REJECTED_FULL);
		fixture.worker.stop();
		assertThat(fixture.queue.counts().notDelivered()).isEqualTo(2);
	}

	@Test
	void anExceptionFromTheSenderNeitherKillsTheConsumerNorLosesTheEmail(CapturedOutput output) {
		ScriptedEmailSender sender = new ScriptedEmailSender((email) -> {
			if (email.content().firstRecipient().startsWith("boom") && email.attempt() == 1) {
				throw new IllegalStateException("sender bug");
			}
			return SendResult.sent("250 ok");
		});
		WorkerFixture fixture = start(WorkerFixture.with(sender).concurrency(1));
		Email boom = fixture.submit("boom@example.org");
		fixture.submit("after@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().sent() == 2);
		assertThat(fixture.worker.aliveConsumers()).isEqualTo(1);
		assertThat(fixture.worker.unexpectedErrors()).isEqualTo(1);
		assertThat(sender.attemptsOf(boom)).hasSize(2);
		assertThat(output).contains("Unexpected error while sending email " + boom.id());
	}

	@Test
	void anErrorKillsItsConsumerButTheEmailInItsHandsIsRetried() {
		ScriptedEmailSender sender = new ScriptedEmailSender((email) -> {
			if (email.attempt() == 1) {
				throw new LinkageError("simulated fatal error");
			}
			return SendResult.sent("250 ok");
		});
		WorkerFixture fixture = start(WorkerFixture.with(sender).concurrency(2));
		Email email = fixture.submit("a@example.org");
		// The consumer's error is meant to escape its thread: Awaitility must not take it as the test's.
		await().atMost(Duration.ofSeconds(10)).dontCatchUncaughtExceptions()
			.until(() -> fixture.queue.counts().sent() == 1);
		assertThat(sender.attemptsOf(email)).hasSize(2);
		assertThat(fixture.worker.consumerDeaths()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).dontCatchUncaughtExceptions()
			.until(() -> fixture.worker.aliveConsumers() == 1);
		assertThat(fixture.queue.counts().inFlight()).isZero();
	}

	@Test
	void aWorkerStartedAgainAfterAStopTakesEmailsAgain() {
		ScriptedEmailSender sender = ScriptedEmailSender.alwaysSends();
		WorkerFixture fixture = start(WorkerFixture.with(sender));
		fixture.worker.stop();
		assertThat(fixture.queue.isClosed()).isTrue();
		fixture.worker.start();
		fixture.submit("a@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().sent() == 1);
		assertThat(fixture.worker.aliveConsumers()).isEqualTo(2);
	}

	@Test
	void stopDrainsTheQueueBeforeItEnds(CapturedOutput output) throws Exception {
		ScriptedEmailSender sender = new ScriptedEmailSender((email) -> {
			awaitQuietly(Duration.ofMillis(20));
			return SendResult.sent("250 ok");
		});
		WorkerFixture fixture = start(WorkerFixture.with(sender).concurrency(1));
		for (int i = 0; i < 20; i++) {
			fixture.submit("user" + i + "@example.org");
		}
		CountDownLatch stopped = new CountDownLatch(1);
		fixture.worker.stop(stopped::countDown);
		assertThat(fixture.queue.isClosed()).isTrue();
		assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
		QueueCounts counts = fixture.queue.counts();
		assertThat(counts.sent()).isEqualTo(20);
		assertThat(counts.notDelivered()).isZero();
		assertThat(fixture.worker.isRunning()).isFalse();
		assertThat(output).contains("🛑 Shutting down: draining").contains("Drained: every accepted email");
	}

	@Test
	void retriesThatFallDueWithinTheDrainTimeoutAreDelivered() throws Exception {
		ScriptedEmailSender sender = new ScriptedEmailSender((email) -> (email.attempt() == 1)
				? SendResult.transientFailure("SMTP connection timeout", 0, false) : SendResult.sent("250 ok"));
		WorkerFixture fixture = start(WorkerFixture.with(sender).retryPolicy(WorkerFixture.retries(3, Duration.ofMillis(300))));
		fixture.submit("a@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().scheduled() == 1);
		fixture.worker.stop();
		assertThat(fixture.queue.counts().sent()).isEqualTo(1);
		assertThat(fixture.queue.counts().notDelivered()).isZero();
	}

	@Test
	void whatCannotBeDeliveredByTheDeadlineIsListedAsNotDelivered(CapturedOutput output) throws Exception {
		ScriptedEmailSender sender = new ScriptedEmailSender((email) -> email.content().firstRecipient().startsWith("later")
				? SendResult.transientFailure("SMTP connection timeout", 0, false) : blockUntilReleased());
		Set<Thread> others = workerThreads();
		WorkerFixture fixture = start(WorkerFixture.with(sender)
			.concurrency(1)
			.drainTimeout(Duration.ofMillis(300))
			.retryPolicy(WorkerFixture.retries(3, Duration.ofHours(1))));
		Thread retryMover = onlyNew(workerThreads(), others, "email-retry-scheduler");
		Email waitingForRetry = fixture.submit("later@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().scheduled() == 1);
		Email inFlight = fixture.submit("blocked@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().inFlight() == 1);
		Email queued = fixture.submit("queued@example.org");
		// The blocked send ends after the drain deadline, once the retry mover has been stopped.
		Thread releaser = Thread.ofPlatform().start(() -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("🛑 Shutting down"));
			await().atMost(Duration.ofSeconds(10)).until(() -> !retryMover.isAlive());
			this.release.countDown();
		});
		fixture.worker.stop();
		QueueCounts counts = fixture.queue.counts();
		assertThat(counts.sent()).isEqualTo(1);
		assertThat(counts.notDelivered()).isEqualTo(2);
		assertThat(counts.accepted()).isEqualTo(counts.sent() + counts.deadLettered() + counts.notDelivered());
		assertThat(output.getOut()).contains("NOT DELIVERED | 2 email(s)")
			.contains(waitingForRetry.id() + " to later@example.org")
			.contains(queued.id() + " to queued@example.org")
			.doesNotContain(inFlight.id() + " to");
		assertThat(fixture.statuses.find(queued.id()).orElseThrow().state()).isEqualTo(DeliveryState.NOT_DELIVERED);
		releaser.join();
	}

	@Test
	void notDeliveredEmailsAreSpooledAndDeliveredAtTheNextStart(@TempDir Path directory) throws Exception {
		Path spool = directory.resolve("emails.spool");
		ScriptedEmailSender failing = new ScriptedEmailSender(
				(email) -> SendResult.transientFailure("SMTP connection timeout", 0, false));
		WorkerFixture first = start(WorkerFixture.with(failing)
			.drainTimeout(Duration.ZERO)
			.spool(spool)
			.retryPolicy(WorkerFixture.retries(3, Duration.ofHours(1))));
		Email one = first.submit("one@example.org");
		Email two = first.submit("two@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> first.queue.counts().scheduled() == 2);
		first.worker.stop();
		assertThat(first.queue.counts().notDelivered()).isEqualTo(2);
		assertThat(Files.readAllLines(spool)).hasSize(2).anyMatch((line) -> line.contains(one.id()));
		ScriptedEmailSender working = ScriptedEmailSender.alwaysSends();
		WorkerFixture second = start(WorkerFixture.with(working).spool(spool));
		await().atMost(Duration.ofSeconds(10)).until(() -> second.queue.counts().sent() == 2);
		assertThat(working.attempts()).extracting((attempt) -> attempt.email().id())
			.containsExactlyInAnyOrder(one.id(), two.id());
		assertThat(working.attemptsOf(two).get(0).email().content()).isEqualTo(two.content());
		assertThat(second.queue.enqueuedFrom(EnqueueSource.SPOOL)).isEqualTo(2);
		assertThat(spool).doesNotExist();
	}

	@Test
	void noWorkerThreadIsLeftAfterStop() {
		ScriptedEmailSender sender = ScriptedEmailSender.alwaysSends();
		Set<Thread> others = workerThreads();
		WorkerFixture fixture = start(WorkerFixture.with(sender).concurrency(3));
		fixture.submit("a@example.org");
		await().atMost(Duration.ofSeconds(10)).until(() -> fixture.queue.counts().sent() == 1);
		Set<Thread> ours = new HashSet<>(workerThreads());
		ours.removeAll(others);
		assertThat(ours).hasSize(4);
		fixture.worker.stop();
		assertThat(ours).noneMatch(Thread::isAlive);
		assertThat(sender.openSessions()).isZero();
		assertThat(fixture.worker.aliveConsumers()).isZero();
	}

	@Test
	void stopWhenAlreadyStoppedShouldDoNothing() throws Exception {
		WorkerFixture fixture = start(WorkerFixture.with(ScriptedEmailSender.alwaysSends()));
		fixture.worker.stop();
		CountDownLatch callback = new CountDownLatch(1);
		fixture.worker.stop(callback::countDown);
		assertThat(callback.await(1, TimeUnit.SECONDS)).isTrue();
		assertThat(fixture.worker.isRunning()).isFalse();
	}

	@Test
	void refusesAShutdownPhaseTimeoutShorterThanTheDrain() {
		WorkerFixture fixture = WorkerFixture.with(ScriptedEmailSender.alwaysSends()).build();
		assertThatIllegalStateException()
			.isThrownBy(() -> new EmailQueueWorker(fixture.queue, ScriptedEmailSender.alwaysSends(),
					WorkerFixture.retries(3, Duration.ofSeconds(1)), fixture.deadLetters, fixture.statuses,
					new io.emailqueue.spool.EmailSpool(new io.emailqueue.spool.SpoolProperties(null)),
					new WorkerProperties(1, Duration.ofSeconds(1)),
					new ShutdownProperties(Duration.ofSeconds(20), Duration.ofSeconds(5)), java.time.Clock.systemUTC(),
					new io.emailqueue.RecipientMask(new io.emailqueue.LoggingProperties(false),
							new io.emailqueue.delivery.SenderProperties(io.emailqueue.delivery.SenderType.SIMULATED)),
					fixture.meterRegistry, Duration.ofSeconds(25)))
			.withMessageContaining("spring.lifecycle.timeout-per-shutdown-phase")
			.withMessageContaining("email.shutdown.drain-timeout");
	}

	private WorkerFixture start(WorkerFixture.Builder builder) {
		WorkerFixture fixture = builder.start();
		this.started.add(fixture);
		return fixture;
	}

	private SendResult blockUntilReleased() {
		awaitRelease();
		return SendResult.sent("250 ok");
	}

	private void awaitRelease() {
		try {
			this.release.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void awaitQuietly(Duration duration) {
		CountDownLatch never = new CountDownLatch(1);
		try {
			never.await(duration.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Duration gap(List<ScriptedEmailSender.Attempt> attempts, int index) {
		return Duration.ofNanos(attempts.get(index + 1).atNanos() - attempts.get(index).atNanos());
	}

	// Other tests' application contexts may run workers of their own in this JVM.
	private static Set<Thread> workerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && (thread.getName().startsWith("email-worker-")
					|| thread.getName().equals("email-retry-scheduler")))
			.collect(Collectors.toSet());
	}

	private static Thread onlyNew(Set<Thread> now, Set<Thread> before, String name) {
		List<Thread> found = now.stream()
			.filter((thread) -> !before.contains(thread) && thread.getName().equals(name))
			.toList();
		assertThat(found).hasSize(1);
		return found.get(0);
	}

}
