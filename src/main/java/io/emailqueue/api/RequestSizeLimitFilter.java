package io.emailqueue.api;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 413 to a request whose body is larger than {@code email.api.max-request-size}, before the
 * body is read: at once from its {@code Content-Length}, or, for a chunked body, as soon as more
 * than the limit has arrived. A chunked body within the limit is handed on from memory.
 */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final int maxBytes;

	private final FilterProblems problems;

	RequestSizeLimitFilter(int maxBytes, FilterProblems problems) {
		this.maxBytes = maxBytes;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long length = request.getContentLengthLong();
		if (length > this.maxBytes) {
			this.problems.send(request, response, tooLarge());
			return;
		}
		if (length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
			byte[] body = request.getInputStream().readNBytes(this.maxBytes + 1);
			if (body.length > this.maxBytes) {
				this.problems.send(request, response, tooLarge());
				return;
			}
			chain.doFilter(new ReadBodyRequest(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private ErrorResponseException tooLarge() {
		return new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE,
				ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
						"The request body is larger than the limit of " + this.maxBytes + " bytes"),
				null);
	}

	/**
	 * A request whose body was read already, within the limit.
	 */
	private static final class ReadBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was read already; there is nothing to wait for");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			Charset charset = StandardCharsets.UTF_8;
			try {
				String encoding = getCharacterEncoding();
				charset = (encoding != null) ? Charset.forName(encoding) : charset;
			}
			catch (IllegalArgumentException ex) {
				// an unknown charset reads as UTF-8, the charset of JSON
			}
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

}
