package io.emailqueue.api;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the HTTP API.
 *
 * @param token the bearer token every {@code /api/**} request must carry, at least 16 characters
 * ({@code EMAIL_API_TOKEN}); unset means one is generated for the run with the simulated sender,
 * and the application refuses to start with the SMTP sender
 * @param idempotencyWindow how long a request's {@code Idempotency-Key} is remembered
 * @param idempotencyMaxKeys how many {@code Idempotency-Key}s are remembered at most; beyond it the
 * oldest is forgotten first
 * @param maxBatchSize how many emails one batch request may hold
 * @param maxRecipients how many recipients one email may have, to, cc and bcc together
 * @param maxBodySize the largest text body and the largest HTML body of one email, in UTF-8 bytes
 * @param maxRequestSize the largest request body, checked before it is read
 * @param retryAfter what a 503 answer tells the client to wait in its {@code Retry-After} header
 * @param allowedRecipientDomains the only domains emails may be addressed to (to, cc and bcc);
 * empty means any
 * @param allowedSenderDomains the only domains a client may put in {@code from}; empty means any,
 * and a request without {@code from} always uses {@code email.from}
 */
@ConfigurationProperties("email.api")
public record ApiProperties(String token, @DefaultValue("24h") Duration idempotencyWindow,
		@DefaultValue("10000") int idempotencyMaxKeys, @DefaultValue("100") int maxBatchSize,
		@DefaultValue("50") int maxRecipients, @DefaultValue("1MB") DataSize maxBodySize,
		@DefaultValue("2560KB") DataSize maxRequestSize, @DefaultValue("5s") Duration retryAfter,
		List<String> allowedRecipientDomains, List<String> allowedSenderDomains) {

	/** The shortest token accepted: shorter ones are too easy to guess. */
	public static final int MIN_TOKEN_LENGTH = 16;

	private static final DataSize MAX_REQUEST_SIZE_LIMIT = DataSize.ofMegabytes(100);

	private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]+");

	private static final Pattern DOMAIN = Pattern
		.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

	public ApiProperties {
		token = (token == null || token.isBlank()) ? null : token;
		// The messages never repeat the token: they end up in logs.
		if (token != null && token.length() < MIN_TOKEN_LENGTH) {
			throw new IllegalArgumentException("email.api.token must be at least " + MIN_TOKEN_LENGTH
					+ " characters long but has " + token.length());
		}
		if (token != null && !TOKEN.matcher(token).matches()) {
			throw new IllegalArgumentException(
					"email.api.token must consist of printable ASCII characters without spaces");
		}
		requirePositive("idempotency-window", idempotencyWindow);
		requirePositive("retry-after", retryAfter);
		if (idempotencyMaxKeys < 1) {
			throw new IllegalArgumentException(
					"email.api.idempotency-max-keys must be at least 1 but was " + idempotencyMaxKeys);
		}
		if (maxBatchSize < 1 || maxBatchSize > 10_000) {
			throw new IllegalArgumentException(
					"email.api.max-batch-size must be between 1 and 10000 but was " + maxBatchSize);
		}
		if (maxRecipients < 1 || maxRecipients > 10_000) {
			throw new IllegalArgumentException(
					"email.api.max-recipients must be between 1 and 10000 but was " + maxRecipients);
		}
		requirePositive("max-body-size", maxBodySize);
		requirePositive("max-request-size", maxRequestSize);
		if (maxRequestSize.toBytes() > MAX_REQUEST_SIZE_LIMIT.toBytes()) {
			throw new IllegalArgumentException("email.api.max-request-size must be at most "
					+ MAX_REQUEST_SIZE_LIMIT.toMegabytes() + "MB (a chunked body is held in memory up to it) but was "
					+ maxRequestSize.toBytes() + " bytes");
		}
		allowedRecipientDomains = normalize("allowed-recipient-domains", allowedRecipientDomains);
		allowedSenderDomains = normalize("allowed-sender-domains", allowedSenderDomains);
	}

	private static void requirePositive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("email.api." + name + " must be positive but was " + value);
		}
	}

	private static void requirePositive(String name, DataSize value) {
		if (value == null || value.toBytes() < 1) {
			throw new IllegalArgumentException("email.api." + name + " must be positive but was " + value);
		}
	}

	private static List<String> normalize(String name, List<String> domains) {
		if (domains == null) {
			return List.of();
		}
		List<String> normalized = domains.stream()
			.map(String::strip)
			.filter((domain) -> !domain.isEmpty())
			.map((domain) -> domain.toLowerCase(Locale.ROOT))
			.toList();
		for (String domain : normalized) {
			if (!DOMAIN.matcher(domain).matches()) {
				throw new IllegalArgumentException("email.api." + name + " must list host names such as "
						+ "example.org (punycode for international ones) but has '" + domain + "'");
			}
		}
		return normalized;
	}

	/**
	 * Return whether a recipient domain is allowed.
	 * @param domain the domain of a recipient address
	 * @return {@code true} when there is no allow-list or the domain is on it
	 */
	boolean allowsRecipientDomain(String domain) {
		return this.allowedRecipientDomains.isEmpty()
				|| this.allowedRecipientDomains.contains(domain.toLowerCase(Locale.ROOT));
	}

	/**
	 * Return whether a sender domain is allowed in {@code from}.
	 * @param domain the domain of the from address
	 * @return {@code true} when there is no allow-list or the domain is on it
	 */
	boolean allowsSenderDomain(String domain) {
		return this.allowedSenderDomains.isEmpty() || this.allowedSenderDomains.contains(domain.toLowerCase(Locale.ROOT));
	}

	@Override
	public String toString() {
		// A record would print the token; settings get logged and shown.
		return "ApiProperties[token=" + ((this.token != null) ? "(set)" : "(unset)") + ", idempotencyWindow="
				+ this.idempotencyWindow + ", idempotencyMaxKeys=" + this.idempotencyMaxKeys + ", maxBatchSize="
				+ this.maxBatchSize + ", maxRecipients=" + this.maxRecipients + ", maxBodySize=" + this.maxBodySize
				+ ", maxRequestSize=" + this.maxRequestSize + ", retryAfter=" + this.retryAfter
				+ ", allowedRecipientDomains=" + this.allowedRecipientDomains + ", allowedSenderDomains="
				+ this.allowedSenderDomains + "]";
	}

}
