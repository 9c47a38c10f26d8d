package io.emailqueue.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application's HTTP API and Actuator endpoints as a client sees them, over
 * {@code java.net.http}, with the bearer token on every {@code /api/**} request. Every request has a
 * timeout, so that no test waits for ever on a server that stopped answering.
 */
public final class ApiClient {

	/** The JSON reader and writer the reliability tests share. */
	public static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final URI base;

	private final String token;

	/**
	 * Create a client of an application on a loopback port.
	 * @param port the HTTP port
	 * @param token the API token
	 */
	public ApiClient(int port, String token) {
		this.base = URI.create("http://127.0.0.1:" + port);
		this.token = token;
	}

	/**
	 * Hand in one email.
	 * @param email the request body
	 * @return the answer
	 */
	public HttpResponse<String> submit(String email) {
		return send(authorized("/api/emails").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(email)));
	}

	/**
	 * Hand in a batch of emails.
	 * @param batch the request body, {@code {"emails": [...]}}
	 * @return the answer
	 */
	public HttpResponse<String> submitBatch(String batch) {
		return send(authorized("/api/emails/batch").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(batch)));
	}

	/**
	 * Ask where an email stands.
	 * @param id the email id
	 * @return the status body, empty if the answer was not 200
	 */
	public Optional<JsonNode> status(String id) {
		HttpResponse<String> response = send(authorized("/api/emails/" + id).GET());
		return (response.statusCode() == 200) ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
	}

	/**
	 * Return every dead letter, page by page.
	 * @return the dead letters, newest first
	 */
	public List<JsonNode> deadLetters() {
		List<JsonNode> letters = new ArrayList<>();
		for (int page = 0; page < 1000; page++) {
			HttpResponse<String> response = send(authorized("/api/dead-letters?page=" + page + "&size=100").GET());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("GET /api/dead-letters answered " + response.statusCode() + ": "
						+ response.body());
			}
			JsonNode items = JSON.readTree(response.body()).path("items");
			items.forEach(letters::add);
			if (items.size() < 100) {
				return letters;
			}
		}
		throw new IllegalStateException("More than 100000 dead letters");
	}

	/**
	 * Replay a dead letter.
	 * @param id the email id
	 * @return the answer
	 */
	public HttpResponse<String> replay(String id) {
		return send(authorized("/api/dead-letters/" + id + "/retry").POST(HttpRequest.BodyPublishers.noBody()));
	}

	/**
	 * GET a path without credentials, as a probe or a scraper does.
	 * @param path the path
	 * @return the answer
	 */
	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(this.base.resolve(path)).timeout(REQUEST_TIMEOUT).GET());
	}

	/**
	 * GET a path with the bearer token.
	 * @param path the path
	 * @return the answer
	 */
	public HttpResponse<String> getAuthorized(String path) {
		return send(authorized(path).GET());
	}

	/**
	 * Scrape {@code /actuator/prometheus}.
	 * @return the scrape
	 */
	public PrometheusScrape prometheus() {
		HttpResponse<String> response = get("/actuator/prometheus");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
		}
		return new PrometheusScrape(response.body());
	}

	private HttpRequest.Builder authorized(String path) {
		return HttpRequest.newBuilder(this.base.resolve(path))
			.timeout(REQUEST_TIMEOUT)
			.header("Authorization", "Bearer " + this.token);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
