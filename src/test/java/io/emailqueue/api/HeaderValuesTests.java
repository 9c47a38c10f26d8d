package io.emailqueue.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HeaderValues}.
 */
class HeaderValuesTests {

	@ParameterizedTest
	@ValueSource(strings = { "Hello", "Grüße aus Köln", "Re: [ticket #42] 50% off?", "What does =? mean",
			"a = b ? c : d", "emoji 👋", "%0D%0A is just text" })
	void acceptsSingleLineText(String value) {
		assertThat(HeaderValues.problem(value)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\r\nBcc: x", "a\nb", "a\rb", "a\u2028b", "a\u2029b", "a\u0085b", "a\u0000b", "a\tb",
			"a\u007fb", "a\u001bb", "\u0009" })
	void refusesLineBreaksAndControlCharacters(String value) {
		assertThat(HeaderValues.problem(value)).isEqualTo("must not contain line breaks or other control characters");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Hostile \ud800 corpus", "\udc00", "Hostile \ud800 <hostile@example.org>" })
	void refusesHalfASurrogatePairThatWouldGoOutAsAQuestionMark(String value) {
		assertThat(HeaderValues.problem(value)).isEqualTo(UnicodeText.PROBLEM);
	}

	@ParameterizedTest
	@ValueSource(strings = { "=?UTF-8?Q?a=0D=0Ab?=", "x =?utf-8?b?YQ0KYg==?= y", "=?iso-8859-1?q??=" })
	void refusesEncodedWords(String value) {
		assertThat(HeaderValues.problem(value)).startsWith("must not contain RFC 2047 encoded words");
	}

}
