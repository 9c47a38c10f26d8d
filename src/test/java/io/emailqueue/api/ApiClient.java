package io.emailqueue.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the API under test, over real HTTP.
 */
final class ApiClient {

	/** The token the tests configure. */
	static final String TOKEN = "test-token-0123456789abcdef";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String base;

	ApiClient(int port) {
		this.base = "http://localhost:" + port;
	}

	/**
	 * Return a request to a path, with the token.
	 * @param path the path
	 * @return the request builder
	 */
	HttpRequest.Builder request(String path) {
		return unauthenticated(path).header("Authorization", "Bearer " + TOKEN);
	}

	/**
	 * Return a request to a path, without any Authorization header.
	 * @param path the path
	 * @return the request builder
	 */
	HttpRequest.Builder unauthenticated(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30));
	}

	/**
	 * POST JSON with the token.
	 * @param path the path
	 * @param body the JSON
	 * @param headers more header names and values
	 * @return the response
	 */
	Response postJson(String path, String body, String... headers) {
		HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	/**
	 * GET with the token.
	 * @param path the path
	 * @return the response
	 */
	Response get(String path) {
		return send(request(path).GET());
	}

	/**
	 * Send a request.
	 * @param request the request
	 * @return the response
	 */
	Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return a minimal valid email as JSON.
	 * @param subject its subject
	 * @return the JSON
	 */
	static String email(String subject) {
		return "{\"to\": [\"jane@example.org\"], \"subject\": \"" + subject + "\", \"text\": \"Hello Jane\"}";
	}

	/**
	 * A response.
	 *
	 * @param status the status code
	 * @param headers the headers
	 * @param body the body
	 */
	record Response(int status, HttpHeaders headers, String body) {

		JsonNode json() {
			return ApiClient.json.readTree(this.body);
		}

		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		String contentType() {
			return header("Content-Type");
		}

	}

}
