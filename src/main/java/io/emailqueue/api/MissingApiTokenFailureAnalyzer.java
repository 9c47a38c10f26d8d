package io.emailqueue.api;

import java.util.Locale;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a missing API token into the clear "APPLICATION FAILED TO START" report, with what to do,
 * rather than a stack trace.
 */
final class MissingApiTokenFailureAnalyzer extends AbstractFailureAnalyzer<MissingApiTokenException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingApiTokenException cause) {
		return new FailureAnalysis(
				"The HTTP API has no token, and email.sender.type is "
						+ cause.senderType().name().toLowerCase(Locale.ROOT)
						+ ": anyone who can reach the HTTP port could send mail through this worker.",
				"Set the environment variable EMAIL_API_TOKEN (or the property email.api.token) to a random secret of at least "
						+ ApiProperties.MIN_TOKEN_LENGTH + " characters, for example the output of: openssl rand -base64 32",
				cause);
	}

}
