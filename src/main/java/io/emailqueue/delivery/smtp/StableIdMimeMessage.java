package io.emailqueue.delivery.smtp;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A message whose Message-ID is fixed by the email it carries rather than made up on every save,
 * so that every attempt at one email carries the same Message-ID and a receiver can drop the
 * duplicate that an uncertain attempt may have left. It also notes when its data has been written
 * out to the server in full, which tells a failure before the end of the data (nothing delivered)
 * from one after it (delivery uncertain).
 */
final class StableIdMimeMessage extends SMTPMessage {

	private final String messageId;

	private boolean dataWritten;

	StableIdMimeMessage(Session session, String messageId) {
		super(session);
		this.messageId = messageId;
	}

	@Override
	protected void updateMessageID() throws MessagingException {
		setHeader("Message-ID", this.messageId);
	}

	@Override
	public void writeTo(OutputStream out, String[] ignoreList) throws IOException, MessagingException {
		super.writeTo(out, ignoreList);
		this.dataWritten = true;
	}

	/**
	 * Return whether the whole message was written to the server since the last
	 * {@link #resetDataWritten()}.
	 * @return {@code true} once the data went out in full
	 */
	boolean dataWritten() {
		return this.dataWritten;
	}

	/** Forget a previous write, before the message is sent again. */
	void resetDataWritten() {
		this.dataWritten = false;
	}

}
