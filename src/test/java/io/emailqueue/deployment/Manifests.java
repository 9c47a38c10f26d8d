package io.emailqueue.deployment;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes objects of a kustomization directory, read with SnakeYAML, with the few lookups the
 * deployment tests need.
 */
final class Manifests {

	private final List<Map<String, Object>> objects;

	private Manifests(List<Map<String, Object>> objects) {
		this.objects = objects;
	}

	/**
	 * Read the objects of the resources a {@code kustomization.yaml} lists.
	 * @param directory the directory holding the kustomization
	 * @return the objects
	 */
	static Manifests ofKustomization(Path directory) throws IOException {
		List<Map<String, Object>> objects = new ArrayList<>();
		for (String resource : resources(directory)) {
			objects.addAll(read(directory.resolve(resource)));
		}
		return new Manifests(objects);
	}

	/**
	 * Read the objects of one file.
	 * @param file the file
	 * @return the objects
	 */
	static Manifests ofFile(Path file) throws IOException {
		return new Manifests(read(file));
	}

	/**
	 * Return the resources a {@code kustomization.yaml} lists.
	 * @param directory the directory holding the kustomization
	 * @return the resources, as written
	 */
	static List<String> resources(Path directory) throws IOException {
		Map<String, Object> kustomization = read(directory.resolve("kustomization.yaml")).get(0);
		return Yamls.list(kustomization.get("resources")).stream().map(String::valueOf).toList();
	}

	/**
	 * Return the one object of a kind.
	 * @param kind the kind
	 * @return the object
	 */
	Map<String, Object> one(String kind) {
		List<Map<String, Object>> found = this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
		assertThat(found).as("objects of kind %s", kind).hasSize(1);
		return found.get(0);
	}

	private static List<Map<String, Object>> read(Path file) throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			for (Object document : new Yaml().loadAll(reader)) {
				if (document != null) {
					documents.add(Yamls.map(document));
				}
			}
		}
		return documents;
	}

}
