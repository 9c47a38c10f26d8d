package io.emailqueue.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.emailqueue.observability.ExternalTool;
import io.emailqueue.observability.WorkerApplicationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.emailqueue.deployment.Yamls.at;
import static io.emailqueue.deployment.Yamls.list;
import static io.emailqueue.deployment.Yamls.listAt;
import static io.emailqueue.deployment.Yamls.map;
import static io.emailqueue.deployment.Yamls.mapAt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the Prometheus Operator objects and the Grafana dashboard agree with the application:
 * the rules are valid PromQL, every {@code email_*} series they and the dashboard query is in a live
 * scrape, and the ServiceMonitor scrapes the endpoint that serves it.
 */
@WorkerApplicationTest
class MonitoringManifestsTests {

	private static final Path K8S = Path.of("k8s");

	private static final Pattern EMAIL_SERIES = Pattern.compile("\\bemail_[a-z_]+");

	@Autowired
	private RestTestClient http;

	@TempDir
	private Path temp;

	@Test
	void monitoringAndDashboardAreKeptOutOfTheDefaultKustomization() throws IOException {
		assertThat(Manifests.resources(K8S)).noneMatch((resource) -> resource.contains("monitoring")
				|| resource.contains("grafana") || resource.contains("servicemonitor") || resource.contains("rule"));
		assertThat(Manifests.resources(K8S.resolve("monitoring"))).containsExactlyInAnyOrder("servicemonitor.yaml",
				"prometheusrule.yaml");
	}

	@Test
	void prometheusRulesPassPromtoolCheckRules() throws Exception {
		ExternalTool promtool = ExternalTool.require("promtool");
		Path rules = this.temp.resolve("rules.yaml");
		Files.writeString(rules, new Yaml().dump(at(prometheusRule(), "spec")), StandardCharsets.UTF_8);
		ExternalTool.Result check = promtool.run(null, "check", "rules", rules.toString());
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 6 rules found");
	}

	@Test
	void everyAlertHasASeverityAndASummary() throws IOException {
		for (Object rule : rules()) {
			Map<String, Object> alert = map(rule);
			assertThat(mapAt(alert, "labels")).as("%s", alert.get("alert")).containsKey("severity");
			assertThat(mapAt(alert, "annotations")).as("%s", alert.get("alert")).containsKeys("summary", "description");
		}
	}

	@Test
	void alertsAndDashboardQueryOnlySeriesTheApplicationPublishes() throws IOException {
		Set<String> published = publishedSeries();
		Set<String> queried = new TreeSet<>();
		for (Object rule : rules()) {
			queried.addAll(emailSeries(String.valueOf(map(rule).get("expr"))));
		}
		for (String expression : dashboardExpressions()) {
			queried.addAll(emailSeries(expression));
		}
		assertThat(queried).contains("email_queue_size", "email_sent_total", "email_dead_letters_total",
				"email_send_seconds_bucket");
		assertThat(published).containsAll(queried);
	}

	@Test
	void serviceMonitorScrapesThePrometheusEndpointThroughTheServicesPort() throws IOException {
		Map<String, Object> serviceMonitor = Manifests.ofKustomization(K8S.resolve("monitoring")).one("ServiceMonitor");
		Map<String, Object> service = Manifests.ofKustomization(K8S).one("Service");
		assertThat(mapAt(service, "metadata", "labels"))
			.containsAllEntriesOf(mapAt(serviceMonitor, "spec", "selector", "matchLabels"));
		Map<String, Object> endpoint = map(listAt(serviceMonitor, "spec", "endpoints").get(0));
		assertThat(listAt(service, "spec", "ports")).anySatisfy(
				(port) -> assertThat(map(port)).containsEntry("name", endpoint.get("port")));
		assertThat(endpoint).containsEntry("path", "/actuator/prometheus");
		assertThat(scrape().getStatus()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void dashboardHasPanelsThatEachQuerySomething() throws IOException {
		JsonNode dashboard = dashboard();
		assertThat(dashboard.path("uid").asString()).isEqualTo("email-queue-worker");
		List<JsonNode> panels = new ArrayList<>();
		dashboard.path("panels").forEach(panels::add);
		assertThat(panels).filteredOn((panel) -> !"row".equals(panel.path("type").asString()))
			.hasSizeGreaterThan(10)
			.allSatisfy((panel) -> assertThat(panel.path("targets").size()).as(panel.path("title").asString()).isPositive());
	}

	private Set<String> publishedSeries() {
		EntityExchangeResult<String> scrape = scrape();
		assertThat(scrape.getStatus()).isEqualTo(HttpStatus.OK);
		return scrape.getResponseBody()
			.lines()
			.filter((line) -> !line.startsWith("#") && !line.isBlank())
			.map((line) -> line.split("[{ ]", 2)[0])
			.collect(Collectors.toSet());
	}

	private EntityExchangeResult<String> scrape() {
		return this.http.get()
			.uri("/actuator/prometheus")
			.header(HttpHeaders.ACCEPT, "text/plain;version=0.0.4")
			.exchange()
			.returnResult(String.class);
	}

	private static Set<String> emailSeries(String expression) {
		Set<String> series = new TreeSet<>();
		Matcher matcher = EMAIL_SERIES.matcher(expression);
		while (matcher.find()) {
			series.add(matcher.group());
		}
		return series;
	}

	private static Map<String, Object> prometheusRule() throws IOException {
		return Manifests.ofKustomization(K8S.resolve("monitoring")).one("PrometheusRule");
	}

	private static List<Object> rules() throws IOException {
		List<Object> rules = new ArrayList<>();
		for (Object group : listAt(prometheusRule(), "spec", "groups")) {
			rules.addAll(list(map(group).get("rules")));
		}
		return rules;
	}

	private static JsonNode dashboard() throws IOException {
		return JsonMapper.builder().build().readTree(K8S.resolve("grafana/email-queue-worker.json").toFile());
	}

	private static List<String> dashboardExpressions() throws IOException {
		List<String> expressions = new ArrayList<>();
		for (JsonNode panel : dashboard().path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				expressions.add(target.path("expr").asString());
			}
		}
		return expressions;
	}

}
