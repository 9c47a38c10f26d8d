package io.emailqueue.delivery.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An SMTP server for tests, on 127.0.0.1 and a free port, that answers every command as the test
 * scripts it: with a reply, with a reply and then hanging up, by hanging up, or not at all. It
 * speaks just enough SMTP for Angus Mail (greeting, EHLO, HELO, AUTH, MAIL, RCPT, DATA, the final
 * ".", RSET, NOOP, QUIT), counts connections and keeps every command and message it received.
 */
final class ScriptedSmtpServer implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final Thread acceptor;

	private final Map<Command, Function<Request, Reply>> script = new EnumMap<>(Command.class);

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final List<Thread> handlers = new CopyOnWriteArrayList<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger closedConnections = new AtomicInteger();

	private ScriptedSmtpServer() throws IOException {
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		on(Command.GREETING, Reply.of("220 scripted ESMTP ready"));
		on(Command.EHLO, Reply.of("250-scripted\r\n250 AUTH PLAIN LOGIN"));
		on(Command.HELO, Reply.of("250 scripted"));
		on(Command.AUTH, Reply.of("235 2.7.0 Authentication successful"));
		on(Command.MAIL, Reply.of("250 2.1.0 Ok"));
		on(Command.RCPT, Reply.of("250 2.1.5 Ok"));
		on(Command.DATA, Reply.of("354 End data with <CR><LF>.<CR><LF>"));
		on(Command.END_OF_DATA, (request) -> Reply.of("250 2.0.0 Ok: queued as " + this.messages.size()));
		on(Command.RSET, Reply.of("250 2.0.0 Ok"));
		on(Command.NOOP, Reply.of("250 2.0.0 Ok"));
		on(Command.QUIT, Reply.thenHangUp("221 2.0.0 Bye"));
		on(Command.UNKNOWN, Reply.of("502 5.5.2 Error: command not recognized"));
		this.acceptor = Thread.ofPlatform().name("scripted-smtp-acceptor").daemon().start(this::accept);
	}

	/**
	 * Start a server that answers like a healthy one until scripted otherwise.
	 * @return the running server
	 */
	static ScriptedSmtpServer start() {
		try {
			return new ScriptedSmtpServer();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Answer every request with this command the same way.
	 * @param command the command
	 * @param reply the answer
	 * @return this server
	 */
	ScriptedSmtpServer on(Command command, Reply reply) {
		return on(command, (request) -> reply);
	}

	/**
	 * Answer requests with this command as the function says.
	 * @param command the command
	 * @param replies the answer to each request
	 * @return this server
	 */
	synchronized ScriptedSmtpServer on(Command command, Function<Request, Reply> replies) {
		this.script.put(command, replies);
		return this;
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Return how many connections were accepted.
	 * @return the count
	 */
	int connections() {
		return this.connections.get();
	}

	/**
	 * Return how many connections have ended, whoever ended them.
	 * @return the count
	 */
	int closedConnections() {
		return this.closedConnections.get();
	}

	/**
	 * Return every message received whole (the data between DATA and the final "."), whatever
	 * the reply to it was.
	 * @return the messages, in order
	 */
	List<String> messages() {
		return List.copyOf(this.messages);
	}

	/**
	 * Return every request received, the greetings included.
	 * @return the requests, in order
	 */
	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Return how many requests with this command were received.
	 * @param command the command
	 * @return the count
	 */
	long count(Command command) {
		return this.requests.stream().filter((request) -> request.command() == command).count();
	}

	@Override
	public void close() {
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		for (Socket socket : this.sockets) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Closing anyway.
			}
		}
		try {
			this.acceptor.join(5000);
			for (Thread handler : this.handlers) {
				handler.join(5000);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket socket = this.serverSocket.accept();
				int connection = this.connections.incrementAndGet();
				this.sockets.add(socket);
				this.handlers.add(Thread.ofPlatform()
					.name("scripted-smtp-" + connection)
					.daemon()
					.start(() -> serve(socket, connection)));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket, int connection) {
		try (socket) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			OutputStream out = socket.getOutputStream();
			int messagesOnConnection = 0;
			if (!answer(out, new Request(Command.GREETING, "", connection, messagesOnConnection))) {
				return;
			}
			String line;
			while ((line = in.readLine()) != null) {
				Request request = parse(line, connection, messagesOnConnection);
				Reply reply = replyTo(request);
				if (!send(out, reply)) {
					return;
				}
				if (request.command() == Command.DATA && reply.text() != null && reply.text().startsWith("354")) {
					String data = readData(in);
					if (data == null) {
						return;
					}
					this.messages.add(data);
					messagesOnConnection++;
					if (!answer(out, new Request(Command.END_OF_DATA, data, connection, messagesOnConnection))) {
						return;
					}
				}
			}
		}
		catch (IOException ex) {
			// The client went away, or the test closed the server.
		}
		finally {
			this.closedConnections.incrementAndGet();
		}
	}

	private Request parse(String line, int connection, int messagesOnConnection) {
		int space = line.indexOf(' ');
		String verb = ((space < 0) ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
		String argument = (space < 0) ? "" : line.substring(space + 1);
		Command command = switch (verb) {
			case "EHLO" -> Command.EHLO;
			case "HELO" -> Command.HELO;
			case "AUTH" -> Command.AUTH;
			case "MAIL" -> Command.MAIL;
			case "RCPT" -> Command.RCPT;
			case "DATA" -> Command.DATA;
			case "RSET" -> Command.RSET;
			case "NOOP" -> Command.NOOP;
			case "QUIT" -> Command.QUIT;
			default -> Command.UNKNOWN;
		};
		return new Request(command, argument, connection, messagesOnConnection);
	}

	private boolean answer(OutputStream out, Request request) throws IOException {
		return send(out, replyTo(request));
	}

	private Reply replyTo(Request request) {
		this.requests.add(request);
		Function<Request, Reply> replies;
		synchronized (this) {
			replies = this.script.get(request.command());
		}
		return replies.apply(request);
	}

	/**
	 * Send a reply.
	 * @return {@code false} if the connection is to end
	 */
	private static boolean send(OutputStream out, Reply reply) throws IOException {
		if (reply.text() != null) {
			out.write((reply.text() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
		}
		return !reply.closeAfter();
	}

	private static String readData(BufferedReader in) throws IOException {
		List<String> lines = new ArrayList<>();
		String line;
		while ((line = in.readLine()) != null) {
			if (line.equals(".")) {
				return String.join("\r\n", lines);
			}
			lines.add(line.startsWith("..") ? line.substring(1) : line);
		}
		return null;
	}

	/**
	 * What the server can be asked; the greeting and the final "." of the data count as
	 * commands, so that they can be scripted too.
	 */
	enum Command {

		GREETING, EHLO, HELO, AUTH, MAIL, RCPT, DATA, END_OF_DATA, RSET, NOOP, QUIT, UNKNOWN

	}

	/**
	 * A command received.
	 *
	 * @param command the command
	 * @param argument what followed it on the line, or the message data for {@link Command#END_OF_DATA}
	 * @param connection which connection it came on, from 1
	 * @param messagesOnConnection how many messages that connection had carried before it (the
	 * message itself included, for {@link Command#END_OF_DATA})
	 */
	record Request(Command command, String argument, int connection, int messagesOnConnection) {
	}

	/**
	 * How the server answers.
	 *
	 * @param text the reply, lines separated by CRLF, or {@code null} for none
	 * @param closeAfter whether the server closes the connection after it
	 */
	record Reply(String text, boolean closeAfter) {

		/**
		 * Reply and go on.
		 * @param text the reply
		 * @return the answer
		 */
		static Reply of(String text) {
			return new Reply(text, false);
		}

		/**
		 * Reply, then close the connection, as a server does with 421.
		 * @param text the reply
		 * @return the answer
		 */
		static Reply thenHangUp(String text) {
			return new Reply(text, true);
		}

		/**
		 * Close the connection without a word, as a server that dropped an idle connection.
		 * @return the answer
		 */
		static Reply hangUp() {
			return new Reply(null, true);
		}

		/**
		 * Never answer, keeping the connection open, as a server that hangs.
		 * @return the answer
		 */
		static Reply silence() {
			return new Reply(null, false);
		}

	}

}
