package io.emailqueue.api;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.emailqueue.deadletter.DeadLetter;
import io.emailqueue.deadletter.DeadLetterStore;
import io.emailqueue.intake.EmailIntake;
import io.emailqueue.queue.EnqueueResult;
import io.emailqueue.queue.EnqueueSource;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets an operator page through the dead letters, replay one with fresh attempts, or discard one.
 * A replayed dead letter keeps its id and leaves the dead letters only once the queue has taken it.
 */
@RestController
@RequestMapping("/api/dead-letters")
final class DeadLetterController {

	/** The page size when none is asked for. */
	static final int DEFAULT_PAGE_SIZE = 20;

	/** The largest page size. */
	static final int MAX_PAGE_SIZE = 100;

	private final DeadLetterStore deadLetters;

	private final EmailIntake intake;

	private final Clock clock;

	private final Duration retryAfter;

	private final Set<String> replaying = ConcurrentHashMap.newKeySet();

	DeadLetterController(DeadLetterStore deadLetters, EmailIntake intake, Clock clock, ApiProperties properties) {
		this.deadLetters = deadLetters;
		this.intake = intake;
		this.clock = clock;
		this.retryAfter = properties.retryAfter();
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	DeadLetterPage list(@RequestParam(name = "page", required = false) String page,
			@RequestParam(name = "size", required = false) String size) {
		InvalidFields errors = new InvalidFields();
		int pageNumber = parse(page, "page", 0, 0, Integer.MAX_VALUE, errors);
		int pageSize = parse(size, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, errors);
		if (errors.any()) {
			throw errors.toException("The query has invalid parameters, listed in errors");
		}
		return new DeadLetterPage(pageNumber, pageSize, this.deadLetters.size(), this.deadLetters.evicted(),
				this.deadLetters.page(pageNumber, pageSize).stream().map(DeadLetterPage.Item::of).toList());
	}

	@PostMapping(path = "/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<QueuedEmail> retry(@PathVariable String id, HttpServletRequest request) {
		DeadLetter letter = this.deadLetters.find(id).orElseThrow(() -> notFound(id));
		if (!this.replaying.add(id)) {
			ErrorResponseException conflict = new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail
				.forStatusAndDetail(HttpStatus.CONFLICT, "A retry of this dead letter is already being handled"), null);
			conflict.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
			throw conflict;
		}
		try {
			EnqueueResult result = this.intake.submit(letter.email().restarted(this.clock.instant()),
					EnqueueSource.REPLAY);
			if (!result.accepted()) {
				throw new QueueRefusedException(result.status(), this.retryAfter);
			}
			// The replay may already have failed again and been dead-lettered anew: that letter stays.
			this.deadLetters.remove(id).filter((removed) -> removed != letter).ifPresent(this.deadLetters::add);
			return ResponseEntity.accepted()
				.location(URI.create(request.getContextPath() + "/api/emails/" + id))
				.body(new QueuedEmail(id));
		}
		finally {
			this.replaying.remove(id);
		}
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.deadLetters.remove(id).orElseThrow(() -> notFound(id));
		return ResponseEntity.noContent().build();
	}

	private static int parse(String value, String name, int defaultValue, int min, int max, InvalidFields errors) {
		if (value == null) {
			return defaultValue;
		}
		try {
			int number = Integer.parseInt(value.strip());
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below, like a number out of range
		}
		errors.add(name, (max == Integer.MAX_VALUE) ? "must be a whole number of at least " + min
				: "must be a whole number from " + min + " to " + max);
		return defaultValue;
	}

	private static ErrorResponseException notFound(String id) {
		return new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No dead letter with id '" + InvalidFields.quote(id) + "'"), null);
	}

}
