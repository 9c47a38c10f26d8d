package io.emailqueue.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

/**
 * Every property the application can bind, from the {@code META-INF/spring-configuration-metadata.json}
 * files on the class path: the one the configuration processor writes for the {@code email.*}
 * properties, and those of Spring Boot's jars for {@code spring.*}, {@code server.*} and the rest.
 */
final class ConfigurationMetadata {

	private static final String LOCATION = "META-INF/spring-configuration-metadata.json";

	private final Map<String, Map<String, Object>> properties;

	private ConfigurationMetadata(Map<String, Map<String, Object>> properties) {
		this.properties = properties;
	}

	@SuppressWarnings("unchecked")
	static ConfigurationMetadata load() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		Map<String, Map<String, Object>> properties = new HashMap<>();
		for (URL url : Collections.list(ConfigurationMetadata.class.getClassLoader().getResources(LOCATION))) {
			try (InputStream in = url.openStream()) {
				Map<String, Object> metadata = json.readValue(in, Map.class);
				for (Object property : (List<Object>) metadata.getOrDefault("properties", List.of())) {
					Map<String, Object> description = (Map<String, Object>) property;
					properties.putIfAbsent((String) description.get("name"), description);
				}
			}
		}
		return new ConfigurationMetadata(properties);
	}

	/**
	 * Return whether a property of this name is known.
	 * @param name the property name
	 * @return whether it is
	 */
	boolean contains(String name) {
		return this.properties.containsKey(name);
	}

	/**
	 * Return the default value the metadata gives a property.
	 * @param name the property name
	 * @return the default, if there is one
	 */
	Optional<Object> defaultValue(String name) {
		return Optional.ofNullable(this.properties.get(name)).map((property) -> property.get("defaultValue"));
	}

	/**
	 * Return the property an environment variable binds to by relaxed binding: upper case,
	 * underscores for dots, dashes left out ({@code EMAIL_SHUTDOWN_DRAINTIMEOUT} is
	 * {@code email.shutdown.drain-timeout}); for a map property, anything below its name.
	 * @param variable the environment variable
	 * @return the property it binds to, if any
	 */
	Optional<String> propertyBoundBy(String variable) {
		for (Map.Entry<String, Map<String, Object>> property : this.properties.entrySet()) {
			String form = environmentForm(property.getKey());
			if (variable.equals(form)) {
				return Optional.of(property.getKey());
			}
			Object type = property.getValue().get("type");
			if (type instanceof String typeName && typeName.startsWith("java.util.Map<")
					&& variable.startsWith(form + "_")) {
				return Optional.of(property.getKey());
			}
		}
		return Optional.empty();
	}

	private static String environmentForm(String property) {
		return property.replace(".", "_").replace("-", "").toUpperCase(Locale.ROOT);
	}

}
