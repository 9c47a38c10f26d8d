package io.emailqueue.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the README's configuration table lists every {@code email.*} property the application
 * has, with the default the code really uses, so that the README stays true.
 */
class ReadmeConfigurationTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	@Test
	void everyPropertyIsInTheReadmeWithItsDefault() throws IOException {
		List<String> readme = Files.readAllLines(Path.of("README.md"));
		JsonNode metadata = JsonMapper.builder().build().readTree(METADATA.toFile());
		List<String> problems = new ArrayList<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (!name.startsWith("email.")) {
				continue;
			}
			String row = readme.stream()
				.filter((line) -> line.startsWith("| `" + name + "` |"))
				.findFirst()
				.orElse(null);
			if (row == null) {
				problems.add(name + " is missing from the README's configuration table");
				continue;
			}
			JsonNode defaultValue = property.get("defaultValue");
			String expected = (defaultValue != null) ? readable(defaultValue) : null;
			if (expected != null && !row.contains("`" + expected + "`")) {
				problems.add(name + " has the default " + defaultValue + " but the README says: " + row);
			}
		}
		assertThat(problems).isEmpty();
	}

	private static String readable(JsonNode defaultValue) {
		if (defaultValue.isArray()) {
			List<String> values = new ArrayList<>();
			defaultValue.forEach((value) -> values.add(value.asString()));
			return String.join(", ", values);
		}
		String text = defaultValue.asString();
		// The metadata renders a record's list default as one string in brackets.
		return (text.startsWith("[") && text.endsWith("]")) ? text.substring(1, text.length() - 1) : text;
	}

}
