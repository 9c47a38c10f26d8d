package io.emailqueue.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnicodeText}.
 */
class UnicodeTextTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "plain", "Grüße", "emoji 👋 pair", "👋", "\u202egpj.exe" })
	void wellFormedTextPasses(String value) {
		assertThat(UnicodeText.isWellFormed(value)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\ud800", "a\ud800b", "\udc00", "a\udc00b", "\ud83d", "\udc4b\ud83d", "x\ud83d\ud83d\udc4b" })
	void halfOfASurrogatePairFails(String value) {
		assertThat(UnicodeText.isWellFormed(value)).isFalse();
	}

}
