package io.emailqueue.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hostile input part of the reliability proof: every request of the corpus in
 * {@code src/test/resources/hostile/corpus.json} is sent byte for byte to the running application.
 * Each is answered as the corpus expects, a 4xx always with an {@code application/problem+json}
 * body; nothing is queued ({@code email_enqueued_total{source="api"}} counts only the harmless
 * spellings the corpus marks 202) and the SMTP server sees nothing else; what is queued arrives
 * without any header or recipient of its own; the service is healthy after the whole corpus.
 */
class ReliabilityHostileInputIT {

	private static final Path SINKS = ReliabilityResults.DIRECTORY.resolve("sinks");

	/** Every header a message may arrive with: the sink's own and those the sender writes. */
	private static final Set<String> EXPECTED_HEADERS = Set.of("x-client-addr", "x-client-proto", "x-helo-args",
			"x-mail-args", "x-rcpt-args", "received", "date", "from", "to", "cc", "reply-to", "message-id", "subject",
			"mime-version", "content-type", "content-transfer-encoding");

	private static final String CORPUS = "/hostile/corpus.json";

	@Test
	void everyHostileRequestIsRefusedWithAProblemAndNothingInjectedReachesTheSmtpServer() throws Exception {
		long start = System.nanoTime();
		List<HostileCase> cases = corpus();
		List<String> mismatches = new ArrayList<>();
		Ledger ledger = new Ledger();
		Tally tally;
		try (SmtpSink sink = SmtpSink.start(SINKS);
				WorkerProcess worker = WorkerProcess.start("reliability-hostile", sink.port(), Map.of())) {
			for (HostileCase hostile : cases) {
				RawHttp.Response response;
				try {
					response = RawHttp.exchange(worker.port(), hostile.request(worker.port(), WorkerProcess.TOKEN),
							Duration.ofSeconds(30));
				}
				catch (IOException ex) {
					mismatches.add(hostile + ": no answer (" + ex + ")");
					continue;
				}
				mismatches.addAll(check(hostile, response));
				if (hostile.expectsAccepted() && response.status() == 202) {
					ledger.accepted(ApiClient.JSON.readTree(response.body()).path("id").asString(), hostile.id());
				}
			}
			int accepted = ledger.acceptedIds().size();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> sink.deliveriesByEmailId().keySet().containsAll(ledger.acceptedIds()));
			for (SinkMessage message : sink.messages()) {
				mismatches.addAll(injected(message));
			}
			double enqueued = worker.api().prometheus().value("email_enqueued_total", "source=\"api\"");
			if (enqueued != accepted) {
				mismatches.add("email_enqueued_total{source=\"api\"} is " + enqueued + " but " + accepted
						+ " harmless requests were accepted");
			}
			// Healthy after it all: probes up, and an ordinary email still goes through.
			assertThat(worker.api().get("/actuator/health").statusCode()).isEqualTo(200);
			assertThat(worker.api().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(worker.api().get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			assertThat(worker.submit(ledger, "after-corpus@example.org").statusCode()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> sink.deliveriesByEmailId().keySet().containsAll(ledger.acceptedIds()));
			tally = ledger.tally(sink.deliveriesByEmailId());
			ReliabilityResults.record(new ScenarioResult("Hostile input corpus",
					cases.size() + " requests (" + (cases.size() - accepted) + " to refuse, " + accepted
							+ " harmless spellings), then 1 ordinary email",
					"malformed JSON, wrong types, huge bodies and headers, CR/LF and line-breaking characters in every "
							+ "header field, tokens, methods, content types",
					tally, ScenarioResult.verdict(mismatches.isEmpty() && tally.nothingLost()),
					ReliabilityResults.since(start), mismatches.isEmpty() ? "every answer as the corpus expects"
							: mismatches.size() + " mismatches: " + String.join("; ", mismatches)));
		}
		assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
		assertThat(mismatches).as("answers that break the corpus' expectations").isEmpty();
		assertThat(tally.phantom()).as("emails at the SMTP server that the API never accepted").isZero();
		assertThat(tally.delivered()).isEqualTo(tally.accepted());
	}

	private static List<String> check(HostileCase hostile, RawHttp.Response response) {
		List<String> mismatches = new ArrayList<>();
		String type = response.header("Content-Type").orElse("(none)");
		if (!hostile.expects(response.status())) {
			mismatches.add(hostile + ": " + response.status() + " (" + type + ") instead of " + hostile.expected() + ": "
					+ abbreviate(response.body()));
		}
		if (hostile.expectsProblem() && response.status() >= 400) {
			if (!type.startsWith("application/problem+json")) {
				mismatches.add(hostile + ": " + response.status() + " answered as " + type + ", not a problem: "
						+ abbreviate(response.body()));
			}
			else if (ApiClient.JSON.readTree(response.body()).path("status").asInt() != response.status()) {
				mismatches.add(hostile + ": problem body with another status: " + abbreviate(response.body()));
			}
		}
		if (response.body().contains(WorkerProcess.TOKEN)) {
			mismatches.add(hostile + ": the answer repeats the API token");
		}
		return mismatches;
	}

	private static List<String> injected(SinkMessage message) {
		List<String> problems = new ArrayList<>();
		String id = message.emailId().orElse("(no Message-ID)");
		for (String name : message.headerNames()) {
			if (!EXPECTED_HEADERS.contains(name)) {
				problems.add("message " + id + " arrived with a header of its own: " + name);
			}
		}
		for (String line : message.headerLines()) {
			if (line.indexOf('\r') >= 0 || line.indexOf('\u0085') >= 0 || line.indexOf('\u000b') >= 0
					|| line.indexOf('\u000c') >= 0) {
				problems.add("message " + id + " has a header line with a line-breaking character: " + line);
			}
		}
		for (String recipient : message.envelopeRecipients()) {
			if (recipient.contains("evil.example")) {
				problems.add("message " + id + " went to an injected recipient: " + recipient);
			}
		}
		return problems;
	}

	private static List<HostileCase> corpus() throws IOException {
		try (InputStream in = ReliabilityHostileInputIT.class.getResourceAsStream(CORPUS)) {
			assertThat(in).as(CORPUS).isNotNull();
			JsonNode corpus = ApiClient.JSON.readTree(in);
			return HostileCase.all(corpus);
		}
	}

	private static String abbreviate(String text) {
		String line = text.replace('\n', ' ').replace('\r', ' ');
		return (line.length() > 160) ? line.substring(0, 160) + "..." : line;
	}

}
