package io.emailqueue.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sends an HTTP/1.1 request byte for byte over a plain socket and reads the answer, for the
 * requests {@code java.net.http} refuses to send: any method, header names and values with control
 * characters, oversized headers, a body that disagrees with its headers. The request is written
 * on its own thread while the answer is read, so that a server that answers before it has read a
 * huge body (413) is still heard.
 */
final class RawHttp {

	private static final int MAX_RESPONSE_BYTES = 1 << 20;

	private RawHttp() {
	}

	/**
	 * Send a request and read the answer; the connection is closed after it.
	 * @param port the loopback port
	 * @param request the whole request: request line, headers, empty line and body
	 * @param timeout how long the exchange may take
	 * @return the answer
	 * @throws IOException if no answer could be read
	 */
	static Response exchange(int port, byte[] request, Duration timeout) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout((int) timeout.toMillis());
			OutputStream out = socket.getOutputStream();
			Thread writer = Thread.ofVirtual().start(() -> {
				try {
					out.write(request);
					out.flush();
				}
				catch (IOException ex) {
					// The server answered and closed before it read everything: the answer tells.
				}
			});
			byte[] raw = readAll(socket.getInputStream());
			writer.interrupt();
			return Response.parse(raw);
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int read;
			while ((read = in.read(buffer)) >= 0 && raw.size() < MAX_RESPONSE_BYTES) {
				raw.write(buffer, 0, read);
				if (Response.isComplete(raw.toByteArray())) {
					break;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			if (raw.size() == 0) {
				throw ex;
			}
		}
		catch (IOException ex) {
			// A reset after the answer arrived: keep what was read.
			if (raw.size() == 0) {
				throw ex;
			}
		}
		return raw.toByteArray();
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status code
	 * @param headers the headers, names lower case, the last value of each
	 * @param body the body, de-chunked, as UTF-8 text
	 */
	record Response(int status, Map<String, String> headers, String body) {

		/**
		 * Return a header value.
		 * @param name the name, any case
		 * @return its value, if present
		 */
		Optional<String> header(String name) {
			return Optional.ofNullable(this.headers.get(name.toLowerCase(Locale.ROOT)));
		}

		static boolean isComplete(byte[] raw) {
			String text = new String(raw, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				return false;
			}
			String head = text.substring(0, end).toLowerCase(Locale.ROOT);
			String body = text.substring(end + 4);
			if (head.contains("transfer-encoding: chunked")) {
				return body.endsWith("0\r\n\r\n");
			}
			int at = head.indexOf("content-length:");
			if (at >= 0) {
				int lineEnd = head.indexOf("\r\n", at);
				String value = head.substring(at + "content-length:".length(), (lineEnd < 0) ? head.length() : lineEnd);
				return body.getBytes(StandardCharsets.ISO_8859_1).length >= Long.parseLong(value.strip());
			}
			return false;
		}

		static Response parse(byte[] raw) throws IOException {
			String text = new String(raw, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (!text.startsWith("HTTP/1.1 ") || end < 0) {
				throw new IOException("Not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
			}
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].substring(9, 12));
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
							lines[i].substring(colon + 1).strip());
				}
			}
			byte[] body = text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = dechunk(body);
			}
			return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
		}

		private static byte[] dechunk(byte[] chunked) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			String text = new String(chunked, StandardCharsets.ISO_8859_1);
			int at = 0;
			while (at < text.length()) {
				int lineEnd = text.indexOf("\r\n", at);
				if (lineEnd < 0) {
					break;
				}
				String sizeField = text.substring(at, lineEnd);
				int size = Integer.parseInt(sizeField.contains(";") ? sizeField.substring(0, sizeField.indexOf(';'))
						: sizeField.strip(), 16);
				if (size == 0) {
					break;
				}
				body.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
				at = lineEnd + 2 + size + 2;
			}
			return body.toByteArray();
		}

	}

}
