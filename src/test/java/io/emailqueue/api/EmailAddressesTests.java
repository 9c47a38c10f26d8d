package io.emailqueue.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EmailAddresses}.
 */
class EmailAddressesTests {

	@ParameterizedTest
	@ValueSource(strings = { "jane@example.org", "jane.doe+news@mail.example.org", "o'brien@example.ie",
			"Jane Doe <jane@example.org>", "\"Doe, Jane\" <jane@example.org>", "Zoë <zoe@example.org>",
			"postmaster@localhost", "<jane@example.org>", "x@xn--bcher-kva.example" })
	void acceptsPlainAddressesWithOrWithoutDisplayName(String value) {
		assertThat(EmailAddresses.parse(value).getAddress()).contains("@");
	}

	@Test
	void keepsTheDisplayNameApartFromTheAddress() {
		assertThat(EmailAddresses.parse("\"Doe, Jane\" <jane@example.org>").getPersonal()).isEqualTo("Doe, Jane");
		assertThat(EmailAddresses.domain(EmailAddresses.parse("Jane <jane@Mail.Example.org>")))
			.isEqualTo("Mail.Example.org");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "jane", "@example.org", "jane@", "jane@@example.org", "jane@example..org",
			"jane@-example.org", "jane@exa_mple.org", ".jane@example.org", "ja..ne@example.org",
			"\"jane doe\"@example.org", "\"jane\\\"\"@example.org", "jane@[192.0.2.1]", "jané@example.org",
			"jane@exämple.org", "jane@example.org, joe@example.org", "friends: jane@example.org;",
			"Jane <jane@example.org", "jane@example.org (Jane)x", "jane@example.org (Jane)", "Jane <jane@example.org> x", "Jane\u0000 <jane@example.org>",
			"=?utf-8?q?J=0D=0A?= <jane@example.org>", "a=?b@example.org" })
	void refusesWhatIsNotOneStrictAsciiAddress(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> EmailAddresses.parse(value));
	}

	@Test
	void refusesAnAddressTooLong() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmailAddresses.parse("a".repeat(65) + "@example.org"))
			.withMessageStartingWith("must have a local part");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmailAddresses.parse("a".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "."
					+ "d".repeat(60) + "." + "e".repeat(15) + ".org"))
			.withMessageStartingWith("must have an address of at most 254");
	}

}
