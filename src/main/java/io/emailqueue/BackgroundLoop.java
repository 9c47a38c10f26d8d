package io.emailqueue;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A named thread that pauses, runs a step, and pauses again until stopped. A stop wakes it from
 * its pause at once instead of waiting for the pause to end, and waits for the step that is
 * running to finish.
 */
public final class BackgroundLoop {

	private final String threadName;

	private final Supplier<Duration> pause;

	private final Runnable step;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition stopRequested = this.lock.newCondition();

	private volatile boolean running;

	private Thread thread;

	/**
	 * Create a loop; nothing runs before {@link #start()}.
	 * @param threadName the name of its thread
	 * @param pause how long to pause before each step
	 * @param step the step
	 */
	public BackgroundLoop(String threadName, Supplier<Duration> pause, Runnable step) {
		this.threadName = threadName;
		this.pause = pause;
		this.step = step;
	}

	/**
	 * Start the thread, unless it runs already.
	 * @return {@code true} if this call started it
	 */
	public boolean start() {
		this.lock.lock();
		try {
			if (this.running) {
				return false;
			}
			this.running = true;
			this.thread = Thread.ofPlatform().name(this.threadName).start(this::run);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stop the thread and wait for it to end, unless it is stopped already.
	 * @return {@code true} if this call stopped it
	 */
	public boolean stop() {
		Thread stopping;
		this.lock.lock();
		try {
			if (!this.running) {
				return false;
			}
			this.running = false;
			this.stopRequested.signalAll();
			stopping = this.thread;
		}
		finally {
			this.lock.unlock();
		}
		try {
			stopping.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return true;
	}

	/**
	 * Return whether the loop runs.
	 * @return {@code true} between start and stop
	 */
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		while (pauseUnlessStopped(this.pause.get())) {
			this.step.run();
		}
	}

	private boolean pauseUnlessStopped(Duration duration) {
		this.lock.lock();
		try {
			long remaining = duration.toNanos();
			while (this.running && remaining > 0) {
				remaining = this.stopRequested.awaitNanos(remaining);
			}
			return this.running;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

}
