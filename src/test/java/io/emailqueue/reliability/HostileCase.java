package io.emailqueue.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * One request of the hostile corpus ({@code src/test/resources/hostile/corpus.json}), turned into
 * the exact bytes that go over the wire, and what its answer must be.
 *
 * @param id the case id, e.g. {@code H042}
 * @param name what the case tries
 * @param category the kind of hostility
 * @param spec the case as the corpus holds it
 */
record HostileCase(String id, String name, String category, JsonNode spec) {

	private static final String VALID_EMAIL = "{\"to\":[\"hostile@example.org\"],\"subject\":\"Hostile corpus\",\"text\":\"Body.\"}";

	/**
	 * Read every case of the corpus.
	 * @param corpus the corpus document
	 * @return the cases, in corpus order
	 */
	static List<HostileCase> all(JsonNode corpus) {
		List<HostileCase> cases = new ArrayList<>();
		corpus.path("cases").forEach((spec) -> cases.add(new HostileCase(spec.path("id").asString(),
				spec.path("name").asString(), spec.path("category").asString(), spec)));
		return cases;
	}

	/**
	 * Return whether the case is a harmless spelling that must be queued.
	 * @return {@code true} when it expects 202
	 */
	boolean expectsAccepted() {
		return this.spec.path("expect").asString().equals("202");
	}

	/**
	 * Return whether an answer status is the one the case expects.
	 * @param status the status
	 * @return {@code true} if it is
	 */
	boolean expects(int status) {
		String expect = this.spec.path("expect").asString();
		return expect.equals("4xx") ? status >= 400 && status < 500 : expect.equals(Integer.toString(status));
	}

	/**
	 * Return the expected status as the corpus writes it.
	 * @return e.g. {@code 400} or {@code 4xx}
	 */
	String expected() {
		return this.spec.path("expect").asString();
	}

	/**
	 * Return whether the answer must carry a problem body.
	 * @return {@code true} unless the corpus says otherwise
	 */
	boolean expectsProblem() {
		return !this.expectsAccepted() && this.spec.path("problem").asBoolean(true);
	}

	/**
	 * Build the request.
	 * @param port the application's port
	 * @param token the API token
	 * @return the bytes of the whole request
	 */
	byte[] request(int port, String token) {
		JsonNode generate = this.spec.path("generate");
		String kind = generate.path("kind").asString("");
		String method = this.spec.path("method").asString();
		String path = substitute(this.spec.path("path").asString(), token);
		if (kind.equals("longPath")) {
			path = "/api/emails/" + "a".repeat(generate.path("length").asInt());
		}
		List<String> headers = new ArrayList<>();
		headers.add("Host: 127.0.0.1:" + port);
		String auth = this.spec.path("auth").asString("valid");
		if (auth.equals("valid")) {
			headers.add("Authorization: Bearer " + token);
		}
		else if (auth.equals("raw")) {
			String authorization = kind.equals("longToken") ? "Bearer " + "t".repeat(generate.path("length").asInt())
					: substitute(this.spec.path("authorization").asString(), token);
			headers.add("Authorization: " + authorization);
		}
		JsonNode contentType = this.spec.get("contentType");
		if (contentType == null) {
			if (hasBody()) {
				headers.add("Content-Type: application/json");
			}
		}
		else if (!contentType.isNull()) {
			headers.add("Content-Type: " + contentType.asString());
		}
		this.spec.path("headers").forEach((header) -> headers.add(header.get(0).asString() + ": " + header.get(1).asString()));
		if (kind.equals("bigHeader")) {
			headers.add("X-Padding: " + "p".repeat(generate.path("bytes").asInt()));
		}
		if (kind.equals("manyHeaders")) {
			for (int i = 0; i < generate.path("count").asInt(); i++) {
				headers.add("X-Header-" + i + ": " + i);
			}
		}
		byte[] body = body(generate, kind);
		boolean chunked = generate.path("chunked").asBoolean(false);
		if (chunked) {
			headers.add("Transfer-Encoding: chunked");
		}
		else if (body.length > 0 || !method.equals("GET") && !method.equals("DELETE") && !method.equals("TRACE")) {
			headers.add("Content-Length: " + body.length);
		}
		headers.add("Connection: close");
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		// Header bytes are sent as the corpus spells them, control characters included.
		request.writeBytes((method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
		headers.forEach((header) -> request.writeBytes((header + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
		request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
		if (chunked) {
			for (int at = 0; at < body.length; at += 8192) {
				int size = Math.min(8192, body.length - at);
				request.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
				request.write(body, at, size);
				request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
			request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		else {
			request.writeBytes(body);
		}
		return request.toByteArray();
	}

	private boolean hasBody() {
		return this.spec.has("body") || this.spec.has("json") || this.spec.has("bodyBase64")
				|| this.spec.has("generate")
						&& !List.of("longPath", "longToken").contains(this.spec.path("generate").path("kind").asString());
	}

	private byte[] body(JsonNode generate, String kind) {
		if (this.spec.has("body")) {
			return this.spec.path("body").asString().getBytes(StandardCharsets.UTF_8);
		}
		if (this.spec.has("bodyBase64")) {
			return Base64.getDecoder().decode(this.spec.path("bodyBase64").asString());
		}
		if (this.spec.has("json")) {
			return ApiClient.JSON.writeValueAsBytes(this.spec.path("json"));
		}
		return switch (kind) {
			case "deepNesting" -> {
				int depth = generate.path("depth").asInt();
				yield ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
			}
			case "batch" -> {
				int count = generate.path("count").asInt();
				yield ("{\"emails\":[" + String.join(",", java.util.Collections.nCopies(count, VALID_EMAIL)) + "]}")
					.getBytes(StandardCharsets.UTF_8);
			}
			case "bigText" -> ApiClient.JSON.writeValueAsBytes(Map.of("to", List.of("hostile@example.org"), "subject",
					"Big", "text", "x".repeat(generate.path("bytes").asInt())));
			case "longSubject" -> ApiClient.JSON.writeValueAsBytes(Map.of("to", List.of("hostile@example.org"),
					"subject", "s".repeat(generate.path("length").asInt()), "text", "Body."));
			case "recipients" -> {
				List<String> recipients = new ArrayList<>();
				for (int i = 0; i < generate.path("count").asInt(); i++) {
					recipients.add("r" + i + "@example.org");
				}
				String field = generate.path("field").asString();
				yield ApiClient.JSON.writeValueAsBytes(field.equals("to")
						? Map.of("to", recipients, "subject", "Many", "text", "Body.")
						: Map.of("to", List.of("hostile@example.org"), field, recipients, "subject", "Many", "text", "Body."));
			}
			default -> new byte[0];
		};
	}

	private static String substitute(String value, String token) {
		return value.replace("@TOKEN_UPPER@", token.toUpperCase(Locale.ROOT))
			.replace("@TOKEN_PREFIX@", token.substring(0, 10))
			.replace("@TOKEN@", token);
	}

	@Override
	public String toString() {
		return this.id + " " + this.name;
	}

}
