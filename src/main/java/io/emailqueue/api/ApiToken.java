package io.emailqueue.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import io.emailqueue.delivery.SenderProperties;
import io.emailqueue.delivery.SenderType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The bearer token of the HTTP API: the configured one, or, for the simulated sender only, one
 * generated for the run and printed once. Only its hash is kept, and a presented token is compared
 * in constant time, so neither the time an answer takes nor a heap dump gives the token away.
 */
@Component
final class ApiToken {

	private static final Logger logger = LoggerFactory.getLogger(ApiToken.class);

	private static final int GENERATED_BYTES = 32;

	private final byte[] expectedHash;

	ApiToken(ApiProperties properties, SenderProperties sender) {
		String token = properties.token();
		if (token == null) {
			if (sender.type() != SenderType.SIMULATED) {
				throw new MissingApiTokenException(sender.type());
			}
			token = generate();
			logger.info("🔑 API token (generated for this run): {}", token);
		}
		this.expectedHash = sha256(token);
	}

	/**
	 * Return whether a presented token is the API token.
	 * @param presented the token from the request, possibly {@code null}
	 * @return {@code true} when it matches
	 */
	boolean matches(String presented) {
		// Hashing first gives both sides the same length, so isEqual compares in constant time.
		return presented != null && MessageDigest.isEqual(this.expectedHash, sha256(presented));
	}

	private static String generate() {
		byte[] bytes = new byte[GENERATED_BYTES];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
