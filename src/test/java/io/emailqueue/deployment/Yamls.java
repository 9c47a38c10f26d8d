package io.emailqueue.deployment;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typed steps through the maps and lists SnakeYAML reads, failing the test with the path when the
 * document has another shape.
 */
final class Yamls {

	private Yamls() {
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

	/**
	 * Follow a path of keys through nested maps.
	 * @param root where to start
	 * @param keys the keys, outermost first
	 * @return the value at the end of the path
	 */
	static Object at(Map<String, Object> root, String... keys) {
		Object current = root;
		StringBuilder path = new StringBuilder();
		for (String key : keys) {
			path.append('.').append(key);
			Map<String, Object> map = map(current);
			assertThat(map).as(path.toString()).containsKey(key);
			current = map.get(key);
		}
		return current;
	}

	static Map<String, Object> mapAt(Map<String, Object> root, String... keys) {
		return map(at(root, keys));
	}

	static List<Object> listAt(Map<String, Object> root, String... keys) {
		return list(at(root, keys));
	}

}
