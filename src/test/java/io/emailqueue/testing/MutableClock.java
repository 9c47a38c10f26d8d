package io.emailqueue.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it, so that "two minutes later" takes no time.
 */
public final class MutableClock extends Clock {

	private volatile Instant now;

	/**
	 * Create a clock that stands at the given instant.
	 * @param now where it stands
	 */
	public MutableClock(Instant now) {
		this.now = now;
	}

	/**
	 * Move the clock forward.
	 * @param duration by how much
	 */
	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("Always UTC");
	}

}
