package io.emailqueue;

import java.util.Locale;

import io.emailqueue.delivery.SenderProperties;
import io.emailqueue.delivery.SenderType;

import org.springframework.stereotype.Component;

/**
 * How recipient addresses appear in logs: as they are in the demo, masked in production so that
 * logs do not collect personal data, with the domain kept because it is what an operator needs to
 * see which receiving server misbehaves.
 */
@Component
public final class RecipientMask {

	private final boolean mask;

	public RecipientMask(LoggingProperties properties, SenderProperties sender) {
		this.mask = (properties.maskAddresses() != null) ? properties.maskAddresses()
				: sender.type() == SenderType.SMTP;
	}

	/**
	 * Return an address as logs may show it.
	 * @param address the address
	 * @return the address, or its masked form
	 */
	public String display(String address) {
		if (!this.mask) {
			return address;
		}
		int at = address.lastIndexOf('@');
		if (at <= 0) {
			return "***";
		}
		return address.charAt(0) + "***" + address.substring(at);
	}

	/**
	 * Return the domain of an address, lower case, for a structured log field.
	 * @param address the address
	 * @return the domain, or an empty string when there is none
	 */
	public static String domain(String address) {
		int at = address.lastIndexOf('@');
		String domain = (at >= 0) ? address.substring(at + 1) : "";
		if (domain.endsWith(">")) {
			domain = domain.substring(0, domain.length() - 1);
		}
		return domain.toLowerCase(Locale.ROOT);
	}

}
