package io.emailqueue.worker;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RetryPolicy}.
 */
class RetryPolicyTests {

	private final RetryPolicy defaults = new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(5), 0);

	@Test
	void defaultScheduleIsOneTwoFourSeconds() {
		assertThat(this.defaults.backoff(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.defaults.backoff(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.defaults.backoff(3)).isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void threeRetriesFollowTheFirstAttemptAndNoMore() {
		assertThat(this.defaults.allowsRetryAfter(1)).isTrue();
		assertThat(this.defaults.allowsRetryAfter(3)).isTrue();
		assertThat(this.defaults.allowsRetryAfter(4)).isFalse();
	}

	@Test
	void backoffNeverExceedsTheMaximum() {
		RetryPolicy policy = new RetryPolicy(20, Duration.ofSeconds(1), 2, Duration.ofSeconds(10), 0);
		assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(8));
		assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(10));
		assertThat(policy.backoff(60)).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void jitterSpreadsTheWaitWithinItsShareAndUnderTheMaximum() {
		RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(2), 2, Duration.ofSeconds(5), 0.25);
		assertThat(policy.backoff(1, () -> 0.0)).isEqualTo(Duration.ofMillis(1500));
		assertThat(policy.backoff(1, () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
		assertThat(policy.backoff(1, () -> 0.999_999)).isBetween(Duration.ofMillis(2499), Duration.ofMillis(2500));
		assertThat(policy.backoff(3, () -> 0.999_999)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void nonsenseSettingsAreRefusedWithTheirPropertyName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(-1, Duration.ofSeconds(1), 2, Duration.ofMinutes(1), 0))
			.withMessageContaining("email.retry.max-retries");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), 0.5, Duration.ofMinutes(1), 0))
			.withMessageContaining("email.retry.multiplier");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(10), 2, Duration.ofSeconds(1), 0))
			.withMessageContaining("email.retry.max-backoff");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(1), 2))
			.withMessageContaining("email.retry.jitter");
	}

}
