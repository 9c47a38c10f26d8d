package io.emailqueue.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.emailqueue.queue.Email;
import io.emailqueue.queue.EmailContent;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;
import io.emailqueue.queue.QueueProperties;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Enqueue and dequeue pairs per second through {@link EmailQueue}, with its ledger, side by side
 * with a bare {@link ArrayBlockingQueue} of the same capacity: what the counting costs.
 * <p>
 * Each group runs producers and one consumer against one queue. The consumer's rate (the
 * {@code take} methods) is the pair rate: a bounded queue cannot take more than it was given for
 * long, nor be given more than is taken. The consumer of {@link EmailQueue} does what a worker
 * thread does per email, {@code take} then {@code recordSent}; the producer does what the API does,
 * {@code enqueue(email, API)}. {@link TwoLockEmailQueue}, the design before the ledger moved into
 * the buffer's lock, runs the same operations for the before/after comparison.
 * <p>
 * Offers and polls wait at most {@link #WAIT}, so that a thread left waiting when JMH ends an
 * iteration (its partner has stopped) returns by itself.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "-Xmx256m")
@State(Scope.Group)
public class EmailQueueBenchmark {

	private static final Duration WAIT = Duration.ofMillis(50);

	/** The queue's capacity; 100 is the application's default. */
	@Param("100")
	public int capacity;

	private EmailQueue emailQueue;

	private ArrayBlockingQueue<Email> bareQueue;

	private TwoLockEmailQueue twoLockQueue;

	private Email email;

	@Setup(Level.Iteration)
	public void newQueues() {
		this.emailQueue = new EmailQueue(new QueueProperties(this.capacity, WAIT));
		this.bareQueue = new ArrayBlockingQueue<>(this.capacity);
		this.twoLockQueue = new TwoLockEmailQueue(this.capacity, WAIT);
		this.email = Email.newEmail(new EmailContent(List.of("bob@example.com"), null, null, null, null, "Hello",
				"Body", null, 5), Instant.now());
	}

	@Benchmark
	@Group("bare_1p1c")
	@GroupThreads(1)
	public boolean bareOffer1p1c() throws InterruptedException {
		return bareOffer();
	}

	@Benchmark
	@Group("bare_1p1c")
	@GroupThreads(1)
	public Email barePoll1p1c() throws InterruptedException {
		return barePoll();
	}

	@Benchmark
	@Group("bare_2p1c")
	@GroupThreads(2)
	public boolean bareOffer2p1c() throws InterruptedException {
		return bareOffer();
	}

	@Benchmark
	@Group("bare_2p1c")
	@GroupThreads(1)
	public Email barePoll2p1c() throws InterruptedException {
		return barePoll();
	}

	@Benchmark
	@Group("emailQueue_1p1c")
	@GroupThreads(1)
	public boolean emailQueueEnqueue1p1c() {
		return emailQueueEnqueue();
	}

	@Benchmark
	@Group("emailQueue_1p1c")
	@GroupThreads(1)
	public Email emailQueueTake1p1c() throws InterruptedException {
		return emailQueueTake();
	}

	@Benchmark
	@Group("emailQueue_2p1c")
	@GroupThreads(2)
	public boolean emailQueueEnqueue2p1c() {
		return emailQueueEnqueue();
	}

	@Benchmark
	@Group("emailQueue_2p1c")
	@GroupThreads(1)
	public Email emailQueueTake2p1c() throws InterruptedException {
		return emailQueueTake();
	}

	@Benchmark
	@Group("twoLock_1p1c")
	@GroupThreads(1)
	public boolean twoLockEnqueue1p1c() {
		return twoLockEnqueue();
	}

	@Benchmark
	@Group("twoLock_1p1c")
	@GroupThreads(1)
	public Email twoLockTake1p1c() throws InterruptedException {
		return twoLockTake();
	}

	@Benchmark
	@Group("twoLock_2p1c")
	@GroupThreads(2)
	public boolean twoLockEnqueue2p1c() {
		return twoLockEnqueue();
	}

	@Benchmark
	@Group("twoLock_2p1c")
	@GroupThreads(1)
	public Email twoLockTake2p1c() throws InterruptedException {
		return twoLockTake();
	}

	private boolean bareOffer() throws InterruptedException {
		return this.bareQueue.offer(this.email, WAIT.toNanos(), TimeUnit.NANOSECONDS);
	}

	private Email barePoll() throws InterruptedException {
		return this.bareQueue.poll(WAIT.toNanos(), TimeUnit.NANOSECONDS);
	}

	private boolean emailQueueEnqueue() {
		return this.emailQueue.enqueue(this.email, EnqueueSource.API).accepted();
	}

	private boolean twoLockEnqueue() {
		return this.twoLockQueue.enqueue(this.email, EnqueueSource.API);
	}

	private Email twoLockTake() throws InterruptedException {
		Email taken = this.twoLockQueue.take(WAIT);
		if (taken != null) {
			this.twoLockQueue.recordSent();
		}
		return taken;
	}

	private Email emailQueueTake() throws InterruptedException {
		Email taken = this.emailQueue.take(WAIT);
		if (taken != null) {
			this.emailQueue.recordSent();
		}
		return taken;
	}

}
