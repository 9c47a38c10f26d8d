package io.emailqueue.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.emailqueue.queue.EmailContent;
import jakarta.mail.internet.InternetAddress;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Reads emails from the JSON of a request, checking every field and collecting every problem, so
 * that one 400 answer names them all. Nothing is queued from a request with any problem.
 * <p>
 * Fields it does not know are refused rather than ignored: a misspelt {@code "bcc"} would otherwise
 * drop recipients without a word. Types are strict too: an address list is an array of strings,
 * a priority a whole number.
 */
@Component
final class EmailRequestReader {

	/** The priority of an email that names none. */
	static final int DEFAULT_PRIORITY = 5;

	/** The longest subject, in characters: the line length limit of RFC 5322. */
	static final int MAX_SUBJECT_LENGTH = 998;

	/** The field of a problem with the request body as a whole. */
	static final String WHOLE_BODY = "$";

	private static final Set<String> EMAIL_FIELDS = Set.of("to", "cc", "bcc", "from", "replyTo", "subject", "text",
			"html", "priority");

	private static final String EMAILS = "emails";

	private final ApiProperties properties;

	EmailRequestReader(ApiProperties properties) {
		this.properties = properties;
	}

	/**
	 * Read the body of a request for one email.
	 * @param body the JSON body
	 * @param errors problems found in the request already, as in its headers
	 * @return the email
	 * @throws InvalidRequestException naming every bad field, those already found included
	 */
	EmailContent readEmail(JsonNode body, InvalidFields errors) {
		EmailContent content = read(body, "", errors);
		if (errors.any()) {
			throw errors.toException(summary(errors));
		}
		return content;
	}

	/**
	 * Read the body of a batch request: {@code {"emails": [...]}}.
	 * @param body the JSON body
	 * @param errors problems found in the request already, as in its headers
	 * @return the emails, in request order
	 * @throws InvalidRequestException naming every bad field of every email, those already found
	 * included
	 */
	List<EmailContent> readBatch(JsonNode body, InvalidFields errors) {
		List<EmailContent> contents = new ArrayList<>();
		if (!body.isObject()) {
			errors.add(WHOLE_BODY, "must be a JSON object with an emails array");
			throw errors.toException(summary(errors));
		}
		rejectUnknownFields(body, "", Set.of(EMAILS), errors);
		JsonNode emails = body.get(EMAILS);
		if (emails == null || emails.isNull()) {
			errors.add(EMAILS, "is required");
		}
		else if (!emails.isArray()) {
			errors.add(EMAILS, "must be an array of emails");
		}
		else if (emails.isEmpty()) {
			errors.add(EMAILS, "must hold at least one email");
		}
		else if (emails.size() > this.properties.maxBatchSize()) {
			errors.add(EMAILS, "must hold at most " + this.properties.maxBatchSize() + " emails but holds " + emails.size());
		}
		else {
			for (int i = 0; i < emails.size(); i++) {
				contents.add(read(emails.get(i), EMAILS + "[" + i + "].", errors));
			}
		}
		if (errors.any()) {
			throw errors.toException(summary(errors));
		}
		return contents;
	}

	private EmailContent read(JsonNode node, String prefix, InvalidFields errors) {
		if (!node.isObject()) {
			errors.add(prefix.isEmpty() ? WHOLE_BODY : prefix.substring(0, prefix.length() - 1), "must be a JSON object");
			return null;
		}
		int before = errors.count();
		rejectUnknownFields(node, prefix, EMAIL_FIELDS, errors);
		List<String> to = addresses(node, prefix, "to", true, errors);
		List<String> cc = addresses(node, prefix, "cc", false, errors);
		List<String> bcc = addresses(node, prefix, "bcc", false, errors);
		int recipients = to.size() + cc.size() + bcc.size();
		if (recipients > this.properties.maxRecipients()) {
			errors.add(prefix + "to", "must have at most " + this.properties.maxRecipients()
					+ " recipients, counting to, cc and bcc together, but has " + recipients);
		}
		String from = address(node, prefix, "from", errors);
		if (from != null && !this.properties.allowsSenderDomain(EmailAddresses.domain(EmailAddresses.parse(from)))) {
			errors.add(prefix + "from", "is not in one of the allowed sender domains");
		}
		String replyTo = address(node, prefix, "replyTo", errors);
		String subject = subject(node, prefix, errors);
		String text = body(node, prefix, "text", errors);
		String html = body(node, prefix, "html", errors);
		if (text == null && html == null && isAbsentOrEmpty(node.get("text")) && isAbsentOrEmpty(node.get("html"))) {
			errors.add(prefix + "text", "is required unless html is given: an email needs a text or an HTML body");
		}
		int priority = priority(node, prefix, errors);
		if (errors.count() > before) {
			return null;
		}
		return new EmailContent(to, cc, bcc, from, replyTo, subject, text, html, priority);
	}

	private static void rejectUnknownFields(JsonNode node, String prefix, Set<String> known, InvalidFields errors) {
		for (String name : node.propertyNames()) {
			if (!known.contains(name)) {
				errors.add(prefix + InvalidFields.quote(name), "is not a known field");
			}
		}
	}

	private List<String> addresses(JsonNode node, String prefix, String field, boolean required, InvalidFields errors) {
		JsonNode list = node.get(field);
		if (list == null || list.isNull()) {
			if (required) {
				errors.add(prefix + field, "is required: an email needs at least one recipient");
			}
			return List.of();
		}
		if (!list.isArray()) {
			errors.add(prefix + field, "must be an array of email addresses");
			return List.of();
		}
		if (required && list.isEmpty()) {
			errors.add(prefix + field, "must hold at least one recipient");
		}
		List<String> values = new ArrayList<>(list.size());
		for (int i = 0; i < list.size(); i++) {
			String path = prefix + field + "[" + i + "]";
			JsonNode element = list.get(i);
			if (!element.isString()) {
				errors.add(path, "must be a string");
				continue;
			}
			InternetAddress address = check(element.stringValue(), path, errors);
			if (address == null) {
				continue;
			}
			if (!this.properties.allowsRecipientDomain(EmailAddresses.domain(address))) {
				errors.add(path, "is not in one of the allowed recipient domains");
				continue;
			}
			values.add(element.stringValue().strip());
		}
		return values;
	}

	private static String address(JsonNode node, String prefix, String field, InvalidFields errors) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			errors.add(prefix + field, "must be a string");
			return null;
		}
		return (check(value.stringValue(), prefix + field, errors) != null) ? value.stringValue().strip() : null;
	}

	private static InternetAddress check(String value, String path, InvalidFields errors) {
		try {
			return EmailAddresses.parse(value);
		}
		catch (IllegalArgumentException ex) {
			errors.add(path, ex.getMessage());
			return null;
		}
	}

	private static String subject(JsonNode node, String prefix, InvalidFields errors) {
		String path = prefix + "subject";
		JsonNode value = node.get("subject");
		if (value == null || value.isNull()) {
			errors.add(path, "is required");
			return null;
		}
		if (!value.isString()) {
			errors.add(path, "must be a string");
			return null;
		}
		String subject = value.stringValue();
		if (subject.isBlank()) {
			errors.add(path, "must not be blank");
			return null;
		}
		int length = subject.codePointCount(0, subject.length());
		if (length > MAX_SUBJECT_LENGTH) {
			errors.add(path, "must be at most " + MAX_SUBJECT_LENGTH + " characters long but has " + length);
			return null;
		}
		String problem = HeaderValues.problem(subject);
		if (problem != null) {
			errors.add(path, problem);
			return null;
		}
		return subject;
	}

	private String body(JsonNode node, String prefix, String field, InvalidFields errors) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			errors.add(prefix + field, "must be a string");
			return null;
		}
		String body = value.stringValue();
		if (!UnicodeText.isWellFormed(body)) {
			errors.add(prefix + field, UnicodeText.PROBLEM);
			return null;
		}
		long size = utf8Length(body);
		long max = this.properties.maxBodySize().toBytes();
		if (size > max) {
			errors.add(prefix + field, "must be at most " + max + " bytes long in UTF-8 but has " + size);
			return null;
		}
		return body.isEmpty() ? null : body;
	}

	private static boolean isAbsentOrEmpty(JsonNode value) {
		return value == null || value.isNull() || (value.isString() && value.stringValue().isEmpty());
	}

	private static int priority(JsonNode node, String prefix, InvalidFields errors) {
		JsonNode value = node.get("priority");
		if (value == null || value.isNull()) {
			return DEFAULT_PRIORITY;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < EmailContent.MIN_PRIORITY
				|| value.intValue() > EmailContent.MAX_PRIORITY) {
			errors.add(prefix + "priority", "must be a whole number from " + EmailContent.MIN_PRIORITY + " (lowest) to "
					+ EmailContent.MAX_PRIORITY + " (highest)");
			return DEFAULT_PRIORITY;
		}
		return value.intValue();
	}

	private static long utf8Length(String value) {
		long length = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				length += 1;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

	private static String summary(InvalidFields errors) {
		return (errors.count() == 1) ? "The request has 1 invalid field, listed in errors"
				: "The request has " + errors.count() + " invalid fields, listed in errors";
	}

}
