package io.emailqueue.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * The HTTP baseline for the intake benchmark: the JDK's own HTTP server on loopback, which reads
 * the request body, throws it away and answers 202 with a small JSON body, as the API does, but
 * without parsing, validating or queueing anything. What a load generator reaches against it is
 * the ceiling of HTTP on this machine with that generator.
 * <p>
 * Usage: {@code NullHttpServer PORT THREADS}. Runs until killed.
 */
public final class NullHttpServer {

	private static final byte[] ANSWER = "{\"id\":\"00000000-0000-0000-0000-000000000000\"}"
		.getBytes(StandardCharsets.US_ASCII);

	private NullHttpServer() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 2) {
			System.err.println("Usage: NullHttpServer PORT THREADS");
			System.exit(2);
		}
		HttpServer server = HttpServer.create(
				new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 512);
		server.setExecutor(Executors.newFixedThreadPool(Integer.parseInt(args[1])));
		server.createContext("/", (exchange) -> {
			try (InputStream body = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
				body.transferTo(OutputStream.nullOutputStream());
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(202, ANSWER.length);
				out.write(ANSWER);
			}
		});
		server.start();
		System.out.println("listening=" + server.getAddress().getPort());
	}

}
