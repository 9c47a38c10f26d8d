package io.emailqueue.api;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import io.emailqueue.queue.EmailContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EmailRequestReader}.
 */
class EmailRequestReaderTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final EmailRequestReader reader = new EmailRequestReader(properties(List.of()));

	@Test
	void readsMinimalEmailWithDefaults() {
		EmailContent content = read("""
				{"to": ["jane@example.org"], "subject": "Hello", "text": "Hi Jane"}""");
		assertThat(content.to()).containsExactly("jane@example.org");
		assertThat(content.cc()).isEmpty();
		assertThat(content.bcc()).isEmpty();
		assertThat(content.from()).isNull();
		assertThat(content.html()).isNull();
		assertThat(content.priority()).isEqualTo(EmailRequestReader.DEFAULT_PRIORITY);
	}

	@Test
	void readsEveryField() {
		EmailContent content = read("""
				{"to": ["jane@example.org"], "cc": ["Joe Bloggs <joe@example.org>"], "bcc": ["audit@example.org"],
				 "from": "\\"Shop, The\\" <shop@example.com>", "replyTo": "help@example.com", "subject": "Grüße",
				 "text": "Hi", "html": "<p>Hi</p>", "priority": 10}""");
		assertThat(content).isEqualTo(new EmailContent(List.of("jane@example.org"), List.of("Joe Bloggs <joe@example.org>"),
				List.of("audit@example.org"), "\"Shop, The\" <shop@example.com>", "help@example.com", "Grüße", "Hi",
				"<p>Hi</p>", 10));
	}

	@Test
	void acceptsHtmlWithoutText() {
		EmailContent content = read("""
				{"to": ["jane@example.org"], "subject": "Hello", "text": "", "html": "<p>Hi</p>"}""");
		assertThat(content.text()).isNull();
		assertThat(content.html()).isEqualTo("<p>Hi</p>");
	}

	@Test
	void namesEveryBadFieldAtOnce() {
		assertThat(errors("""
				{"to": [], "cc": "joe@example.org", "from": 42, "subject": " ", "priority": 11, "colour": "red"}"""))
			.extracting(InvalidField::field)
			.containsExactlyInAnyOrder("colour", "to", "cc", "from", "subject", "text", "priority");
	}

	@Test
	void refusesHalfASurrogatePairInTheSubjectAddressesAndBodies() {
		// The escapes reach the reader as lone surrogates, which UTF-8 would turn into '?'.
		assertThat(errors("""
				{"to": ["Jane \\ud800 <jane@example.org>"], "subject": "Hi \\udc00", "text": "a\\ud800", "html": "\\udfff"}"""))
			.extracting(InvalidField::field)
			.containsExactlyInAnyOrder("to[0]", "subject", "text", "html");
	}

	@Test
	void refusesUnknownFieldsByName() {
		assertThat(errors("""
				{"to": ["jane@example.org"], "subject": "Hello", "text": "Hi", "Bcc": ["x@example.org"]}"""))
			.containsExactly(new InvalidField("Bcc", "is not a known field"));
	}

	@Test
	void requiresARecipient() {
		assertThat(errors("""
				{"subject": "Hello", "text": "Hi"}""")).extracting(InvalidField::field).containsExactly("to");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Hello\\r\\nBcc: victim@example.org", "Hello\\nBcc: victim@example.org",
			"Hello\\rBcc: victim@example.org", "Hello\\u2028Bcc: victim@example.org", "Hello\\u2029",
			"Hello\\u0085Bcc: victim@example.org", "Hello\\u0000", "Hello\\tWorld", "Hello\\u007f",
			"=?UTF-8?Q?Hello=0D=0ABcc:_victim@example.org?=", "Hi =?utf-8?b?SGVsbG8NCkJjYzogeA==?=" })
	void refusesHeaderInjectionInTheSubject(String subject) {
		assertThat(errors("{\"to\": [\"jane@example.org\"], \"subject\": \"" + subject + "\", \"text\": \"Hi\"}"))
			.extracting(InvalidField::field)
			.containsExactly("subject");
	}

	@ParameterizedTest
	@ValueSource(strings = { "jane@example.org\\r\\nBcc: victim@example.org", "jane@example.org\\n",
			"Jane\\r\\nBcc: victim@example.org <jane@example.org>", "\\\"Jane\\r\\n\\\" <jane@example.org>",
			"Jane\\u2028 <jane@example.org>", "=?UTF-8?Q?Jane=0D=0ABcc:_victim@example.org?= <jane@example.org>",
			"=?utf-8?q?x=0d=0a?=@example.org", "jane@exam\\u0085ple.org" })
	void refusesHeaderInjectionInAddressesAndDisplayNames(String address) {
		String value = "\"" + address + "\"";
		assertThat(errors("{\"to\": [" + value + "], \"subject\": \"Hi\", \"text\": \"Hi\"}"))
			.containsExactly(new InvalidField("to[0]", problemOf(address)));
		for (String list : List.of("cc", "bcc")) {
			assertThat(errors("{\"to\": [\"ok@example.org\"], \"" + list + "\": [\"ok@example.org\", " + value
					+ "], \"subject\": \"Hi\", \"text\": \"Hi\"}"))
				.extracting(InvalidField::field)
				.containsExactly(list + "[1]");
		}
		for (String single : List.of("from", "replyTo")) {
			assertThat(errors("{\"to\": [\"ok@example.org\"], \"" + single + "\": " + value
					+ ", \"subject\": \"Hi\", \"text\": \"Hi\"}"))
				.extracting(InvalidField::field)
				.containsExactly(single);
		}
	}

	private static String problemOf(String jsonEscapedAddress) {
		return HeaderValues.problem(json.readTree("\"" + jsonEscapedAddress + "\"").stringValue());
	}

	@Test
	void acceptsUnicodeDisplayNamesAndSubjects() {
		EmailContent content = read("""
				{"to": ["Zoë Ångström <zoe@example.org>"], "subject": "Привет 👋", "text": "Hi"}""");
		assertThat(content.to()).containsExactly("Zoë Ångström <zoe@example.org>");
		assertThat(content.subject()).isEqualTo("Привет 👋");
	}

	@Test
	void acceptsTheLongestSubject() {
		assertThat(read(email("x".repeat(EmailRequestReader.MAX_SUBJECT_LENGTH))).subject())
			.hasSize(EmailRequestReader.MAX_SUBJECT_LENGTH);
	}

	@Test
	void refusesASubjectTooLong() {
		assertThat(errors(email("x".repeat(EmailRequestReader.MAX_SUBJECT_LENGTH + 1))))
			.containsExactly(new InvalidField("subject", "must be at most 998 characters long but has 999"));
	}

	@Test
	void refusesMoreRecipientsThanAllowedCountingCcAndBcc() {
		ObjectNode email = (ObjectNode) json.readTree(email("Hello"));
		ArrayNode cc = email.putArray("cc");
		for (int i = 0; i < 50; i++) {
			cc.add("person" + i + "@example.org");
		}
		assertThat(errors(email.toString())).containsExactly(new InvalidField("to",
				"must have at most 50 recipients, counting to, cc and bcc together, but has 51"));
	}

	@Test
	void checksBodySizeInUtf8Bytes() {
		EmailRequestReader small = new EmailRequestReader(
				new ApiProperties(null, Duration.ofHours(24), 10, 100, 50, DataSize.ofBytes(8), DataSize.ofKilobytes(64),
						Duration.ofSeconds(5), List.of(), List.of()));
		assertThat(small.readEmail(tree("{\"to\": [\"a@example.org\"], \"subject\": \"S\", \"text\": \"éééé\"}"),
				new InvalidFields())
			.text()).isEqualTo("éééé");
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> small.readEmail(
					tree("{\"to\": [\"a@example.org\"], \"subject\": \"S\", \"html\": \"éééé.\"}"), new InvalidFields()))
			.satisfies((ex) -> assertThat(errorsOf(ex))
				.containsExactly(new InvalidField("html", "must be at most 8 bytes long in UTF-8 but has 9")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "11", "5.5", "\"5\"", "true", "99999999999" })
	void refusesPrioritiesOutsideOneToTen(String priority) {
		assertThat(errors("{\"to\": [\"a@example.org\"], \"subject\": \"S\", \"text\": \"T\", \"priority\": " + priority
				+ "}"))
			.extracting(InvalidField::field)
			.containsExactly("priority");
	}

	@Test
	void refusesRecipientsOutsideTheAllowedDomains() {
		EmailRequestReader restricted = new EmailRequestReader(properties(List.of("Example.org")));
		assertThat(restricted.readEmail(tree("""
				{"to": ["jane@EXAMPLE.org"], "from": "shop@elsewhere.com", "subject": "S", "text": "T"}"""),
				new InvalidFields())
			.to()).containsExactly("jane@EXAMPLE.org");
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> restricted.readEmail(tree("""
				{"to": ["jane@example.org"], "bcc": ["spy@evil.example"], "subject": "S", "text": "T"}"""),
				new InvalidFields()))
			.satisfies((ex) -> assertThat(errorsOf(ex))
				.containsExactly(new InvalidField("bcc[0]", "is not in one of the allowed recipient domains")));
	}

	@Test
	void refusesASenderOutsideTheAllowedSenderDomains() {
		EmailRequestReader restricted = new EmailRequestReader(new ApiProperties(null, Duration.ofHours(24), 10_000, 100,
				50, DataSize.ofMegabytes(1), DataSize.ofKilobytes(2560), Duration.ofSeconds(5), List.of(),
				List.of("example.com")));
		assertThat(restricted.readEmail(tree("""
				{"to": ["jane@example.org"], "from": "Shop <shop@EXAMPLE.com>", "subject": "S", "text": "T"}"""),
				new InvalidFields())
			.from()).isEqualTo("Shop <shop@EXAMPLE.com>");
		assertThat(restricted.readEmail(tree("""
				{"to": ["jane@example.org"], "subject": "S", "text": "T"}"""), new InvalidFields()).from()).isNull();
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> restricted.readEmail(tree("""
				{"to": ["jane@example.org"], "from": "ceo@bank.example", "subject": "S", "text": "T"}"""),
				new InvalidFields()))
			.satisfies((ex) -> assertThat(errorsOf(ex))
				.containsExactly(new InvalidField("from", "is not in one of the allowed sender domains")));
	}

	@Test
	void namesTheBadFieldsOfEachEmailOfABatch() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.reader.readBatch(tree("""
					{"emails": [%s, %s, %s, {"to": ["not an address"], "subject": "S"}, "nope"]}""".formatted(
					email("1"), email("2"), email("3"))), new InvalidFields()))
			.satisfies((ex) -> assertThat(errorsOf(ex)).extracting(InvalidField::field)
				.containsExactly("emails[3].to[0]", "emails[3].text", "emails[4]"));
	}

	@Test
	void readsABatchInOrder() {
		assertThat(this.reader.readBatch(tree("{\"emails\": [" + email("1") + ", " + email("2") + "]}"),
				new InvalidFields()))
			.extracting(EmailContent::subject)
			.containsExactly("1", "2");
	}

	@Test
	void refusesBatchesEmptyOrTooLargeOrWithUnknownFields() {
		assertThat(batchErrors("{\"emails\": []}")).containsExactly(new InvalidField("emails", "must hold at least one email"));
		String tooMany = String.join(", ", Collections.nCopies(101, email("S")));
		assertThat(batchErrors("{\"emails\": [" + tooMany + "]}"))
			.containsExactly(new InvalidField("emails", "must hold at most 100 emails but holds 101"));
		assertThat(batchErrors("{\"emails\": [" + email("S") + "], \"dryRun\": true}"))
			.containsExactly(new InvalidField("dryRun", "is not a known field"));
		assertThat(batchErrors("[]")).containsExactly(
				new InvalidField(EmailRequestReader.WHOLE_BODY, "must be a JSON object with an emails array"));
	}

	@Test
	void refusesABodyThatIsNotAnObject() {
		assertThat(errors("[1, 2]")).containsExactly(new InvalidField(EmailRequestReader.WHOLE_BODY, "must be a JSON object"));
	}

	@Test
	void listsAHundredErrorsAndCountsTheRest() {
		ObjectNode email = (ObjectNode) json.readTree(email("Hello"));
		for (int i = 0; i < 150; i++) {
			email.put("unknown" + i, i);
		}
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.reader.readEmail(email, new InvalidFields()))
			.satisfies((ex) -> {
				assertThat(errorsOf(ex)).hasSize(InvalidFields.MAX_LISTED);
				assertThat(ex.getBody().getProperties()).containsEntry("errorCount", 150);
			});
	}

	@Test
	void includesProblemsFoundBeforeTheBody() {
		InvalidFields errors = new InvalidFields();
		errors.add("Idempotency-Key", "must be 1 to 255 printable ASCII characters without spaces");
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.reader.readEmail(tree(email("Hello")), errors))
			.satisfies((ex) -> assertThat(errorsOf(ex)).extracting(InvalidField::field).containsExactly("Idempotency-Key"));
	}

	private EmailContent read(String body) {
		return this.reader.readEmail(tree(body), new InvalidFields());
	}

	private List<InvalidField> errors(String body) {
		try {
			this.reader.readEmail(tree(body), new InvalidFields());
		}
		catch (InvalidRequestException ex) {
			return errorsOf(ex);
		}
		throw new AssertionError("Expected " + body + " to be refused");
	}

	private List<InvalidField> batchErrors(String body) {
		try {
			this.reader.readBatch(tree(body), new InvalidFields());
		}
		catch (InvalidRequestException ex) {
			return errorsOf(ex);
		}
		throw new AssertionError("Expected " + body + " to be refused");
	}

	@SuppressWarnings("unchecked")
	static List<InvalidField> errorsOf(InvalidRequestException ex) {
		return (List<InvalidField>) ex.getBody().getProperties().get("errors");
	}

	private static String email(String subject) {
		return "{\"to\": [\"jane@example.org\"], \"subject\": \"" + subject + "\", \"text\": \"Hi\"}";
	}

	private static JsonNode tree(String body) {
		return json.readTree(body);
	}

	static ApiProperties properties(List<String> allowedDomains) {
		return new ApiProperties(null, Duration.ofHours(24), 10_000, 100, 50, DataSize.ofMegabytes(1),
				DataSize.ofKilobytes(2560), Duration.ofSeconds(5), allowedDomains, List.of());
	}

}
