package io.emailqueue.delivery.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import io.emailqueue.queue.Email;
import io.emailqueue.queue.EmailContent;
import jakarta.activation.DataHandler;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * Turns an {@link Email} into the MIME message that goes over the wire: UTF-8 throughout, text and
 * HTML together as multipart/alternative (text first, so that clients prefer the HTML), Bcc
 * recipients in the envelope only, and a Message-ID and Date that are the same on every attempt.
 * <p>
 * The priority is not mapped to an {@code X-Priority} or {@code Importance} header: it orders
 * work in this worker, it is not a statement to the recipient, and spam filters hold a
 * "high priority" flag on automated mail against it.
 */
final class MimeMessageComposer {

	private static final String CHARSET = StandardCharsets.UTF_8.name();

	private static final Pattern DOT_ATOM = Pattern
		.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

	private static final int MAX_ID_LENGTH = 64;

	private final Session session;

	private final InternetAddress defaultFrom;

	private final String messageIdDomain;

	MimeMessageComposer(Session session, InternetAddress defaultFrom) {
		this.session = session;
		this.defaultFrom = defaultFrom;
		this.messageIdDomain = domainOf(defaultFrom);
	}

	/**
	 * Compose the message for one attempt at an email.
	 * @param email the email
	 * @return the message, saved and ready to send
	 * @throws MessagingException if an address cannot be parsed or the message cannot be built;
	 * another attempt would fail the same way
	 */
	StableIdMimeMessage compose(Email email) throws MessagingException {
		EmailContent content = email.content();
		StableIdMimeMessage message = new StableIdMimeMessage(this.session, messageId(email.id()));
		// One rejected recipient must not cost the others their copy: see SmtpSession.
		message.setSendPartial(true);
		message.setFrom((content.from() != null) ? single("from", content.from()) : this.defaultFrom);
		if (content.replyTo() != null) {
			message.setReplyTo(addresses("replyTo", List.of(content.replyTo())));
		}
		message.setRecipients(RecipientType.TO, addresses("to", content.to()));
		if (!content.cc().isEmpty()) {
			message.setRecipients(RecipientType.CC, addresses("cc", content.cc()));
		}
		if (!content.bcc().isEmpty()) {
			message.setRecipients(RecipientType.BCC, addresses("bcc", content.bcc()));
		}
		message.setSubject(content.subject(), CHARSET);
		// Like the Message-ID, the same on every attempt: the time the email was handed in.
		message.setSentDate(Date.from(email.acceptedAt()));
		if (content.text() != null && content.html() != null) {
			MimeMultipart alternative = new MimeMultipart("alternative");
			alternative.addBodyPart(bodyPart(content.text(), "plain"));
			alternative.addBodyPart(bodyPart(content.html(), "html"));
			message.setContent(alternative);
		}
		else if (content.html() != null) {
			setBody(message, content.html(), "html");
		}
		else {
			setBody(message, content.text(), "plain");
		}
		message.saveChanges();
		return message;
	}

	/**
	 * Return the Message-ID of an email: the same for every attempt and every replay.
	 * @param emailId the email id
	 * @return the Message-ID, angle brackets included
	 */
	String messageId(String emailId) {
		String local = (emailId.length() <= MAX_ID_LENGTH && DOT_ATOM.matcher(emailId).matches()) ? emailId
				: UUID.nameUUIDFromBytes(emailId.getBytes(StandardCharsets.UTF_8)).toString();
		return "<" + local + "@" + this.messageIdDomain + ">";
	}

	private static MimeBodyPart bodyPart(String body, String subtype) throws MessagingException {
		MimeBodyPart part = new MimeBodyPart();
		setBody(part, body, subtype);
		return part;
	}

	/**
	 * Set a text body as its UTF-8 bytes, the same message {@code setText} makes. Why not
	 * {@code setText}: Angus then writes the String through a character encoder into a byte-at-a-time
	 * stream twice per message, once to choose the transfer encoding and once to send, which took a
	 * quarter of the CPU per email (see BENCHMARKS.md); a byte array data source takes its bulk path
	 * both times, and the transfer encoding is still chosen by Angus from the bytes.
	 */
	private static void setBody(Part part, String body, String subtype) throws MessagingException {
		part.setDataHandler(new DataHandler(new ByteArrayDataSource(body.getBytes(StandardCharsets.UTF_8),
				"text/" + subtype + "; charset=" + CHARSET)));
	}

	private static InternetAddress single(String field, String value) throws AddressException {
		InternetAddress[] parsed = addresses(field, List.of(value));
		if (parsed.length != 1) {
			throw new AddressException("Header field '" + field + "' must hold exactly one address", value);
		}
		return parsed[0];
	}

	private static InternetAddress[] addresses(String field, List<String> values) throws AddressException {
		List<InternetAddress> addresses = new ArrayList<>();
		for (String value : values) {
			try {
				for (InternetAddress address : InternetAddress.parse(value, true)) {
					address.validate();
					addresses.add(address);
				}
			}
			catch (AddressException ex) {
				throw new AddressException("Invalid address in '" + field + "': " + ex.getMessage(), value);
			}
		}
		return addresses.toArray(InternetAddress[]::new);
	}

	/**
	 * Return the domain of an address.
	 * @param address the address
	 * @return what follows its last {@code @}
	 */
	static String domainOf(InternetAddress address) {
		String value = address.getAddress();
		return value.substring(value.lastIndexOf('@') + 1);
	}

}
