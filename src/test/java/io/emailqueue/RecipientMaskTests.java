package io.emailqueue;

import io.emailqueue.delivery.SenderProperties;
import io.emailqueue.delivery.SenderType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RecipientMask}.
 */
class RecipientMaskTests {

	@Test
	void addressesAreMaskedWithTheSmtpSenderUnlessSaidOtherwise() {
		RecipientMask mask = new RecipientMask(new LoggingProperties(null), new SenderProperties(SenderType.SMTP));
		assertThat(mask.display("bob@example.com")).isEqualTo("b***@example.com");
		assertThat(mask.display("no-at-sign")).isEqualTo("***");
	}

	@Test
	void theDemoShowsAddressesAsTheyAre() {
		RecipientMask mask = new RecipientMask(new LoggingProperties(null), new SenderProperties(SenderType.SIMULATED));
		assertThat(mask.display("bob@example.com")).isEqualTo("bob@example.com");
	}

	@Test
	void anExplicitSettingWins() {
		assertThat(new RecipientMask(new LoggingProperties(true), new SenderProperties(SenderType.SIMULATED))
			.display("bob@example.com")).isEqualTo("b***@example.com");
		assertThat(new RecipientMask(new LoggingProperties(false), new SenderProperties(SenderType.SMTP))
			.display("bob@example.com")).isEqualTo("bob@example.com");
	}

	@Test
	void domainIsLowerCaseWithoutAClosingBracket() {
		assertThat(RecipientMask.domain("Bob <bob@Example.COM>")).isEqualTo("example.com");
		assertThat(RecipientMask.domain("nobody")).isEmpty();
	}

}
