package io.emailqueue.observability;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a live scrape of {@code /actuator/prometheus} passes {@code promtool check metrics}:
 * names, units, {@code _total} suffixes and help texts as Prometheus expects them, for our meters
 * and for everything Spring Boot registers besides.
 */
@WorkerApplicationTest
class PrometheusScrapeTests {

	@Autowired
	private RestTestClient http;

	@Test
	void scrapePassesPromtoolCheckMetricsWithoutComplaint() throws Exception {
		ExternalTool promtool = ExternalTool.require("promtool");
		String scrape = scrape();
		assertThat(scrape).contains("# TYPE email_sent_total counter");
		ExternalTool.Result check = promtool.run(scrape, "check", "metrics");
		assertThat(check.output()).as("promtool check metrics").isEmpty();
		assertThat(check.exitCode()).as("promtool's exit code").isZero();
	}

	private String scrape() {
		EntityExchangeResult<String> response = this.http.get()
			.uri("/actuator/prometheus")
			.header(HttpHeaders.ACCEPT, "text/plain;version=0.0.4")
			.exchange()
			.returnResult(String.class);
		assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
		return response.getResponseBody();
	}

}
