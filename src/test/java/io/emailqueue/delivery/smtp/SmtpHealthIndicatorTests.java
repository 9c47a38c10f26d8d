package io.emailqueue.delivery.smtp;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link SmtpHealthIndicator} and the {@link SmtpConnectionStatus} it reads.
 */
class SmtpHealthIndicatorTests {

	private static final Instant EARLIER = Instant.parse("2026-01-15T09:00:00Z");

	private static final Instant LATER = EARLIER.plusSeconds(60);

	private final SmtpConnectionStatus status = new SmtpConnectionStatus();

	private final SmtpHealthIndicator indicator = new SmtpHealthIndicator(this.status);

	@Test
	void isUpWithoutDetailsBeforeTheFirstAttempt() {
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).isEmpty();
	}

	@Test
	void isUpWithTheTimeOfTheLastSuccess() {
		this.status.recordSuccess(EARLIER);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsExactly(entry("lastSuccessAt", EARLIER.toString()));
	}

	@Test
	void isDownWithTheFailureWhenTheLatestAttemptFoundTheServerFailing() {
		this.status.recordSuccess(EARLIER);
		this.status.recordFailure(LATER, 421, "421 4.3.2 Service not available", true);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("lastSuccessAt", EARLIER.toString())
			.containsEntry("lastFailureAt", LATER.toString())
			.containsEntry("lastFailure", "421 4.3.2 Service not available")
			.containsEntry("lastFailureReplyCode", 421);
	}

	@Test
	void staysUpWhenTheServerOnlyRefusedAnEmail() {
		this.status.recordFailure(LATER, 550, "550 5.1.1 User unknown (recipient nobody@example.com)", false);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("lastFailure",
				"550 5.1.1 User unknown (recipient nobody@example.com)");
	}

	@Test
	void isUpAgainOnceAnEmailIsAcceptedAfterAFailure() {
		this.status.recordFailure(EARLIER, 0, "Could not connect to smtp.example.com:587 (smtp): Connection refused", true);
		this.status.recordSuccess(LATER);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("lastFailureAt", EARLIER.toString())
			.containsEntry("lastSuccessAt", LATER.toString());
	}

}
