package io.emailqueue.delivery.smtp;

/**
 * Where and as whom to connect, as configured with {@code spring.mail.*}.
 *
 * @param protocol {@code smtp}, or {@code smtps} for SSL from the first byte
 * @param host the host name
 * @param port the port, or -1 for the protocol's default
 * @param username the user to authenticate as, or {@code null} for no authentication
 * @param password the password, or {@code null}
 */
record SmtpServer(String protocol, String host, int port, String username, String password) {

	/**
	 * Describe the server without its credentials, for messages and logs.
	 * @return {@code host:port (protocol)}
	 */
	@Override
	public String toString() {
		return this.host + ((this.port > 0) ? ":" + this.port : "") + " (" + this.protocol + ")";
	}

}
