package io.emailqueue.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emailqueue.observability.WorkerApplicationTest;
import io.emailqueue.worker.ShutdownProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.emailqueue.deployment.Yamls.at;
import static io.emailqueue.deployment.Yamls.listAt;
import static io.emailqueue.deployment.Yamls.map;
import static io.emailqueue.deployment.Yamls.mapAt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the files in {@code k8s/} and the {@code Dockerfile} agree with the application: the
 * probes answer, the ports match, the grace period outlasts the shutdown, every environment variable
 * binds to a property, and the container runs locked down as a non-root user.
 */
@WorkerApplicationTest
class DeploymentManifestsTests {

	private static final Path K8S = Path.of("k8s");

	/** Set in k8s/ but not properties of the application: read by the JVM, or naming a profile. */
	private static final Set<String> NOT_PROPERTIES = Set.of("JAVA_TOOL_OPTIONS", "SPRING_PROFILES_ACTIVE");

	/**
	 * Properties of work in progress on other branches (the SMTP sender, the HTTP API) that the
	 * manifests already set. Each is to be removed from here once its branch is merged.
	 */
	private static Manifests manifests;

	private static Map<String, Object> container;

	private static ConfigurationMetadata metadata;

	@Autowired
	private RestTestClient http;

	@Autowired
	private ShutdownProperties shutdown;

	@Value("${spring.lifecycle.timeout-per-shutdown-phase}")
	private Duration shutdownPhaseTimeout;

	@BeforeAll
	static void readManifests() throws IOException {
		manifests = Manifests.ofKustomization(K8S);
		List<Object> containers = listAt(manifests.one("Deployment"), "spec", "template", "spec", "containers");
		assertThat(containers).hasSize(1);
		container = map(containers.get(0));
		metadata = ConfigurationMetadata.load();
	}

	@Test
	void probesUseTheActuatorGroupsAndAnswer200OnTheRunningApplication() {
		assertThat(probePath("startupProbe")).isEqualTo("/actuator/health/liveness");
		assertThat(probePath("livenessProbe")).isEqualTo("/actuator/health/liveness");
		assertThat(probePath("readinessProbe")).isEqualTo("/actuator/health/readiness");
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			assertThat(at(container, probe, "httpGet", "port")).as(probe).isEqualTo("http");
			EntityExchangeResult<String> response = this.http.get().uri(probePath(probe)).exchange().returnResult(String.class);
			assertThat(response.getStatus()).as("%s: %s", probe, response.getResponseBody()).isEqualTo(HttpStatus.OK);
		}
	}

	@Test
	void containerServiceAndScrapePortsAreTheServerPort() throws IOException {
		int serverPort = serverPort();
		assertThat(serverPort).isEqualTo(8080);
		Map<String, Object> port = map(listAt(container, "ports").get(0));
		assertThat(port).containsEntry("name", "http").containsEntry("containerPort", serverPort);
		Map<String, Object> servicePort = map(listAt(manifests.one("Service"), "spec", "ports").get(0));
		assertThat(servicePort).containsEntry("targetPort", "http").containsEntry("port", serverPort);
		assertThat(mapAt(manifests.one("Deployment"), "spec", "template", "metadata", "annotations"))
			.containsEntry("prometheus.io/port", String.valueOf(serverPort))
			.containsEntry("prometheus.io/path", "/actuator/prometheus");
		assertThat(dockerfileFinalStage()).anySatisfy((line) -> assertThat(line).isEqualTo("EXPOSE " + serverPort));
	}

	@Test
	void terminationGracePeriodOutlastsTheDrainAndEveryShutdownPhase() {
		Map<String, String> environment = podEnvironment();
		Duration drain = durationFrom(environment, "EMAIL_SHUTDOWN_DRAINTIMEOUT", this.shutdown.drainTimeout());
		Duration consumerStop = durationFrom(environment, "EMAIL_SHUTDOWN_CONSUMERSTOPTIMEOUT",
				this.shutdown.consumerStopTimeout());
		Duration phase = durationFrom(environment, "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", this.shutdownPhaseTimeout);
		Duration preStop = preStopSleep();
		Duration gracePeriod = Duration.ofSeconds(((Number) at(manifests.one("Deployment"), "spec", "template", "spec",
				"terminationGracePeriodSeconds")).longValue());
		assertThat(gracePeriod).as("grace period against preStop + drain + consumer stop")
			.isGreaterThan(preStop.plus(drain).plus(consumerStop));
		assertThat(gracePeriod).as("grace period against preStop + shutdown phase timeout")
			.isGreaterThan(preStop.plus(phase));
	}

	@Test
	void everyEnvironmentVariableBindsToAPropertyOfTheApplication() {
		Map<String, String> environment = podEnvironment();
		assertThat(environment).isNotEmpty();
		List<String> unbound = new ArrayList<>();
		for (String variable : environment.keySet()) {
			if (!NOT_PROPERTIES.contains(variable)
					&& metadata.propertyBoundBy(variable).isEmpty()) {
				unbound.add(variable);
			}
		}
		assertThat(unbound).as("environment variables that bind to no property").isEmpty();
		assertThat(metadata.propertyBoundBy("EMAIL_QUEUE_CAPACITY")).contains("email.queue.capacity");
		assertThat(metadata.propertyBoundBy("SPRING_MAIL_PASSWORD")).contains("spring.mail.password");
	}

	@Test
	void kubernetesProfileIsActiveWithJsonLogsMaskedAddressesAndNoDemoTraffic() throws IOException {
		Map<String, String> environment = podEnvironment();
		assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "kubernetes")
			.containsEntry("EMAIL_PRODUCER_ENABLED", "false");
		Properties profile = new Properties();
		try (InputStream in = new ClassPathResource("application-kubernetes.properties").getInputStream()) {
			profile.load(in);
		}
		assertThat(profile).containsEntry("logging.structured.format.console", "ecs")
			.containsEntry("email.producer.enabled", "false")
			.containsEntry("email.logging.mask-addresses", "true");
	}

	@Test
	void secretsComeFromTheSecretAndTheExampleSecretIsNotDeployed() throws IOException {
		List<Object> envFrom = listAt(container, "envFrom");
		assertThat(envFrom).map((source) -> map(source).keySet()).containsExactlyInAnyOrder(Set.of("configMapRef"),
				Set.of("secretRef"));
		assertThat(Manifests.resources(K8S)).doesNotContain("secret.example.yaml");
		Map<String, Object> secret = Manifests.ofFile(K8S.resolve("secret.example.yaml")).one("Secret");
		assertThat(mapAt(secret, "stringData")).containsOnlyKeys("SPRING_MAIL_USERNAME", "SPRING_MAIL_PASSWORD",
				"EMAIL_API_TOKEN");
		assertThat(mapAt(manifests.one("ConfigMap"), "data")).doesNotContainKeys("SPRING_MAIL_PASSWORD",
				"EMAIL_API_TOKEN");
	}

	@Test
	void podRunsLockedDownAsTheDockerfilesNonRootUser() throws IOException {
		Map<String, Object> podSpec = mapAt(manifests.one("Deployment"), "spec", "template", "spec");
		Map<String, Object> podSecurity = mapAt(podSpec, "securityContext");
		assertThat(podSecurity).containsEntry("runAsNonRoot", true);
		assertThat(at(podSecurity, "seccompProfile", "type")).isEqualTo("RuntimeDefault");
		Map<String, Object> containerSecurity = mapAt(container, "securityContext");
		assertThat(containerSecurity).containsEntry("allowPrivilegeEscalation", false)
			.containsEntry("readOnlyRootFilesystem", true);
		assertThat(listAt(containerSecurity, "capabilities", "drop")).containsExactly("ALL");
		assertThat(listAt(container, "volumeMounts")).anySatisfy(
				(mount) -> assertThat(map(mount)).containsEntry("mountPath", "/tmp").containsEntry("name", "tmp"));
		assertThat(listAt(podSpec, "volumes"))
			.anySatisfy((volume) -> assertThat(map(volume)).containsEntry("name", "tmp").containsKey("emptyDir"));
		String user = dockerfileFinalStage().stream()
			.filter((line) -> line.startsWith("USER "))
			.reduce((first, second) -> second)
			.orElseThrow();
		Matcher numeric = Pattern.compile("USER (\\d+)(?::(\\d+))?").matcher(user);
		assertThat(numeric.matches()).as("numeric USER in the Dockerfile: %s", user).isTrue();
		int uid = Integer.parseInt(numeric.group(1));
		assertThat(uid).as("the image's UID").isPositive();
		assertThat(podSecurity).containsEntry("runAsUser", uid);
	}

	@Test
	void dockerfileRunsOnAJre21OrNewer() throws IOException {
		String from = dockerfileFinalStage().get(0);
		Matcher image = Pattern.compile("FROM eclipse-temurin:(\\d+)-jre.*").matcher(from);
		assertThat(image.matches()).as(from).isTrue();
		assertThat(Integer.parseInt(image.group(1))).isGreaterThanOrEqualTo(21);
	}

	@Test
	void twoReplicasWithADisruptionBudgetAndAMemoryLimitAboveTheRequest() {
		Map<String, Object> deployment = manifests.one("Deployment");
		assertThat(at(deployment, "spec", "replicas")).isEqualTo(2);
		Map<String, Object> labels = mapAt(deployment, "spec", "template", "metadata", "labels");
		assertThat(labels).containsAllEntriesOf(mapAt(manifests.one("PodDisruptionBudget"), "spec", "selector",
				"matchLabels"));
		assertThat(labels).containsAllEntriesOf(mapAt(manifests.one("Service"), "spec", "selector"));
		assertThat(at(manifests.one("PodDisruptionBudget"), "spec", "minAvailable")).isEqualTo(1);
		assertThat(at(container, "resources", "limits", "memory")).isEqualTo("256Mi");
		assertThat(mebibytes(at(container, "resources", "requests", "memory")))
			.isLessThanOrEqualTo(mebibytes(at(container, "resources", "limits", "memory")));
	}

	private static String probePath(String probe) {
		return (String) at(container, probe, "httpGet", "path");
	}

	/**
	 * The environment of the pod: the ConfigMap and Secret keys it takes with envFrom and its env
	 * entries, with their values where the manifests give them.
	 */
	private static Map<String, String> podEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		for (Object source : listAt(container, "envFrom")) {
			Map<String, Object> from = map(source);
			if (from.containsKey("configMapRef")) {
				assertThat(at(from, "configMapRef", "name")).isEqualTo(at(manifests.one("ConfigMap"), "metadata", "name"));
				mapAt(manifests.one("ConfigMap"), "data").forEach((key, value) -> environment.put(key, String.valueOf(value)));
			}
			if (from.containsKey("secretRef")) {
				try {
					Map<String, Object> secret = Manifests.ofFile(K8S.resolve("secret.example.yaml")).one("Secret");
					assertThat(at(from, "secretRef", "name")).isEqualTo(at(secret, "metadata", "name"));
					mapAt(secret, "stringData").keySet().forEach((key) -> environment.put(key, null));
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		for (Object entry : listAt(container, "env")) {
			Map<String, Object> variable = map(entry);
			environment.put((String) variable.get("name"), (String) variable.get("value"));
		}
		return environment;
	}

	private static Duration durationFrom(Map<String, String> environment, String variable, Duration otherwise) {
		String value = environment.get(variable);
		return (value != null) ? DurationStyle.detectAndParse(value) : otherwise;
	}

	private static Duration preStopSleep() {
		Object preStop = map(container.getOrDefault("lifecycle", Map.of())).get("preStop");
		if (preStop == null) {
			return Duration.ZERO;
		}
		List<Object> command = listAt(map(preStop), "exec", "command");
		assertThat(command).hasSize(2).first().isEqualTo("sleep");
		return Duration.ofSeconds(Long.parseLong(String.valueOf(command.get(1))));
	}

	private static int serverPort() throws IOException {
		Properties application = new Properties();
		try (InputStream in = new ClassPathResource("application.properties").getInputStream()) {
			application.load(in);
		}
		String configured = application.getProperty("server.port");
		return (configured != null) ? Integer.parseInt(configured)
				: ((Number) metadata.defaultValue("server.port").orElseThrow()).intValue();
	}

	/** The Dockerfile's final stage, one instruction a line, continuation lines joined. */
	private static List<String> dockerfileFinalStage() throws IOException {
		String joined = Files.readString(Path.of("Dockerfile"), StandardCharsets.UTF_8).replaceAll("\\\\\\R", " ");
		List<String> instructions = joined.lines()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		int lastFrom = 0;
		for (int i = 0; i < instructions.size(); i++) {
			if (instructions.get(i).startsWith("FROM ")) {
				lastFrom = i;
			}
		}
		return instructions.subList(lastFrom, instructions.size());
	}

	private static long mebibytes(Object quantity) {
		String value = String.valueOf(quantity);
		assertThat(value).endsWith("Mi");
		return Long.parseLong(value.substring(0, value.length() - 2));
	}

}
