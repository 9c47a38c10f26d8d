package io.emailqueue.spool;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import io.emailqueue.queue.Email;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Writes emails still undelivered at shutdown to the spool file as JSON lines, and reads them back
 * at the next start. The file holds message content, so it is created readable by its owner only.
 */
@Component
public final class EmailSpool {

	private static final Logger logger = LoggerFactory.getLogger(EmailSpool.class);

	private final Path path;

	private final JsonMapper jsonMapper;

	public EmailSpool(SpoolProperties properties) {
		this.path = properties.path();
		this.jsonMapper = JsonMapper.builder().build();
	}

	/**
	 * Return whether a spool file is configured.
	 * @return {@code true} when configured
	 */
	public boolean enabled() {
		return this.path != null;
	}

	/**
	 * Return where the spool is.
	 * @return the path, or {@code null} when there is no spool
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Add emails to the spool file, keeping any it already holds. The file is replaced in one
	 * move, so a crash while writing leaves the previous file intact.
	 * @param emails the emails
	 * @throws UncheckedIOException if the file cannot be written
	 */
	public void write(List<Email> emails) {
		requireEnabled();
		try {
			Path parent = this.path.toAbsolutePath().getParent();
			Files.createDirectories(parent);
			Path temporary = Files.createTempFile(parent, this.path.getFileName().toString(), ".tmp");
			restrictToOwner(temporary);
			try (BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
				if (Files.exists(this.path)) {
					for (String line : Files.readAllLines(this.path, StandardCharsets.UTF_8)) {
						writer.write(line);
						writer.newLine();
					}
				}
				for (Email email : emails) {
					writer.write(this.jsonMapper.writeValueAsString(email));
					writer.newLine();
				}
			}
			Files.move(temporary, this.path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the spool file " + this.path, ex);
		}
	}

	/**
	 * Read every email from the spool file and remove the file. Lines that cannot be read are moved
	 * to a {@code .rejected} file beside it and logged, never dropped.
	 * @return the emails, in the order they were written
	 * @throws UncheckedIOException if the file cannot be read or removed
	 */
	public List<Email> takeAll() {
		requireEnabled();
		if (!Files.exists(this.path)) {
			return List.of();
		}
		try {
			List<Email> emails = new ArrayList<>();
			List<String> unreadable = new ArrayList<>();
			for (String line : Files.readAllLines(this.path, StandardCharsets.UTF_8)) {
				if (line.isBlank()) {
					continue;
				}
				try {
					emails.add(this.jsonMapper.readValue(line, Email.class));
				}
				catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
					unreadable.add(line);
				}
			}
			if (!unreadable.isEmpty()) {
				Path rejected = this.path.resolveSibling(this.path.getFileName() + ".rejected");
				Files.write(rejected, unreadable, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
				logger.error("{} unreadable line(s) of the spool file {} were moved to {}", unreadable.size(), this.path,
						rejected);
			}
			Files.delete(this.path);
			return emails;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the spool file " + this.path, ex);
		}
	}

	private void requireEnabled() {
		if (this.path == null) {
			throw new IllegalStateException("No spool is configured (email.spool.path)");
		}
	}

	private static void restrictToOwner(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
	}

}
