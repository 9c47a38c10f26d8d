package io.emailqueue.queue;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EmailContent}.
 */
class EmailContentTests {

	@Test
	void lineBreaksInAnyHeaderValueAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> content(List.of("a@example.org"), "Hi\r\nBcc: x@evil.test", null))
			.withMessageContaining("subject");
		assertThatIllegalArgumentException().isThrownBy(() -> content(List.of("a@example.org\nBcc: x@evil.test"), "Hi", null))
			.withMessageContaining("to");
		assertThatIllegalArgumentException().isThrownBy(() -> content(List.of("a@example.org"), "Hi", "evil\r@example.org"))
			.withMessageContaining("from");
	}

	@Test
	void anEmailNeedsARecipientABodyAndAPriorityInRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> content(List.of(), "Hi", null));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new EmailContent(List.of("a@example.org"), null, null, null, null, "Hi", null, null, 5));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new EmailContent(List.of("a@example.org"), null, null, null, null, "Hi", "x", null, 11));
	}

	@Test
	void listsAreCopiedSoTheValueCannotChangeAfterwards() {
		java.util.ArrayList<String> to = new java.util.ArrayList<>(List.of("a@example.org"));
		EmailContent content = content(to, "Hi", null);
		to.add("b@example.org");
		assertThat(content.to()).containsExactly("a@example.org");
		assertThat(content.cc()).isEmpty();
		assertThat(content.recipientCount()).isEqualTo(1);
	}

	private static EmailContent content(List<String> to, String subject, String from) {
		return new EmailContent(to, null, null, from, null, subject, "Body", null, 5);
	}

}
