package io.emailqueue.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.emailqueue.intake.EmailIntake;
import io.emailqueue.queue.EmailContent;
import io.emailqueue.queue.EnqueueResult;
import io.emailqueue.queue.EnqueueSource;
import io.emailqueue.queue.QueueProperties;
import io.emailqueue.tracking.EmailStatusStore;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands emails in, one or a batch, and tells where each stands.
 * <p>
 * Every email goes through {@link EmailIntake}, so a full queue makes a request wait at most the
 * offer timeout and then answers 503. A request with an {@code Idempotency-Key} is answered once:
 * a repeat within the window gets the first answer, and queues nothing.
 */
@RestController
@RequestMapping(path = "/api/emails", produces = MediaType.APPLICATION_JSON_VALUE)
final class EmailController {

	/** The header that makes a submission idempotent. */
	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/** Set on an answer that repeats the first answer to the same Idempotency-Key. */
	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private final EmailRequestReader reader;

	private final EmailIntake intake;

	private final EmailStatusStore statuses;

	private final IdempotencyStore idempotency;

	private final Duration offerTimeout;

	private final Duration retryAfter;

	EmailController(EmailRequestReader reader, EmailIntake intake, EmailStatusStore statuses,
			IdempotencyStore idempotency, QueueProperties queueProperties, ApiProperties apiProperties) {
		this.reader = reader;
		this.intake = intake;
		this.statuses = statuses;
		this.idempotency = idempotency;
		this.offerTimeout = queueProperties.offerTimeout();
		this.retryAfter = apiProperties.retryAfter();
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> submit(@RequestBody JsonNode body,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			HttpServletRequest request) {
		EmailContent content = this.reader.readEmail(body, checkKey(idempotencyKey));
		return idempotent(idempotencyKey, fingerprint("email", content), () -> {
			EnqueueResult result = this.intake.submit(content, EnqueueSource.API);
			if (!result.accepted()) {
				throw new QueueRefusedException(result.status(), this.retryAfter);
			}
			String id = result.email().id();
			return ResponseEntity.accepted()
				.location(URI.create(request.getContextPath() + "/api/emails/" + id))
				.body(new QueuedEmail(id));
		});
	}

	@PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> submitBatch(@RequestBody JsonNode body,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		List<EmailContent> contents = this.reader.readBatch(body, checkKey(idempotencyKey));
		return idempotent(idempotencyKey, fingerprint("batch", contents), () -> queueAll(contents));
	}

	@GetMapping("/{id}")
	EmailStatusView status(@PathVariable String id) {
		return this.statuses.find(id)
			.map(EmailStatusView::of)
			.orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
					ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No email with id '" + InvalidFields.quote(id)
							+ "' is known; the status of the most recent emails only is kept"),
					null));
	}

	private ResponseEntity<?> queueAll(List<EmailContent> contents) {
		long deadline = System.nanoTime() + this.offerTimeout.toNanos();
		List<BatchResult.Item> items = new ArrayList<>(contents.size());
		EnqueueResult.Status refusal = null;
		for (int i = 0; i < contents.size(); i++) {
			if (refusal != null) {
				items.add(BatchResult.Item.notQueued(i, NotQueuedReason.of(refusal)));
				continue;
			}
			// The emails of a batch share one offer timeout, so no batch holds its caller longer than one email.
			Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
			EnqueueResult result = this.intake.submit(contents.get(i), EnqueueSource.API, remaining);
			if (result.accepted()) {
				items.add(BatchResult.Item.queued(i, result.email().id()));
			}
			else {
				refusal = result.status();
				items.add(BatchResult.Item.notQueued(i, NotQueuedReason.of(refusal)));
			}
		}
		BatchResult batch = new BatchResult(items);
		if (batch.accepted() == 0) {
			throw new QueueRefusedException(refusal, this.retryAfter);
		}
		ResponseEntity.BodyBuilder answer = ResponseEntity.accepted();
		if (batch.rejected() > 0) {
			answer.header(HttpHeaders.RETRY_AFTER, QueueRefusedException.retryAfterSeconds(this.retryAfter));
		}
		return answer.body(batch);
	}

	private ResponseEntity<?> idempotent(String key, String fingerprint, Supplier<ResponseEntity<?>> action) {
		if (key == null) {
			return action.get();
		}
		return switch (this.idempotency.claim(key, fingerprint)) {
			case IdempotencyStore.Claim.Replay replay -> ResponseEntity.status(replay.response().getStatusCode())
				.headers(replay.response().getHeaders())
				.header(IDEMPOTENT_REPLAYED, "true")
				.body(replay.response().getBody());
			case IdempotencyStore.Claim.InProgress inProgress -> throw conflict(HttpStatus.CONFLICT,
					"A request with this Idempotency-Key is still being handled; repeat it once that one is answered");
			case IdempotencyStore.Claim.Mismatch mismatch -> throw conflict(HttpStatus.UNPROCESSABLE_CONTENT,
					"This Idempotency-Key was used for a different request within the idempotency window; "
							+ "a new request needs a new key");
			case IdempotencyStore.Claim.Owner owner -> runAsOwner(owner, action);
		};
	}

	private static InvalidFields checkKey(String key) {
		InvalidFields errors = new InvalidFields();
		if (key != null && !VALID_KEY.matcher(key).matches()) {
			errors.add(IDEMPOTENCY_KEY, "must be 1 to 255 printable ASCII characters without spaces");
		}
		return errors;
	}

	private ResponseEntity<?> runAsOwner(IdempotencyStore.Claim.Owner owner, Supplier<ResponseEntity<?>> action) {
		boolean answered = false;
		try {
			ResponseEntity<?> response = action.get();
			this.idempotency.complete(owner, response);
			answered = true;
			return response;
		}
		finally {
			if (!answered) {
				this.idempotency.release(owner);
			}
		}
	}

	private ErrorResponseException conflict(HttpStatus status, String detail) {
		ErrorResponseException exception = new ErrorResponseException(status,
				ProblemDetail.forStatusAndDetail(status, detail), null);
		if (status == HttpStatus.CONFLICT) {
			exception.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
		}
		return exception;
	}

	private static String fingerprint(String kind, Object request) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(kind.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			// Records print every component, so equal requests print alike whatever their JSON field order.
			digest.update(request.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
