package io.emailqueue.spool;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the spool.
 *
 * @param path the JSON-lines file where emails still undelivered at shutdown are written and from
 * which they are read back at the next start; unset (the default) means no spool
 */
@ConfigurationProperties("email.spool")
public record SpoolProperties(Path path) {

	/**
	 * Return whether a spool is configured.
	 * @return {@code true} when a path is set
	 */
	public boolean enabled() {
		return this.path != null;
	}

}
