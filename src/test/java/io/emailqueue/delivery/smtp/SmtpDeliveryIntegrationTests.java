package io.emailqueue.delivery.smtp;

import java.time.Duration;
import java.util.List;

import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.smtp.ScriptedSmtpServer.Command;
import io.emailqueue.delivery.smtp.ScriptedSmtpServer.Reply;
import io.emailqueue.intake.EmailIntake;
import io.emailqueue.queue.EmailContent;
import io.emailqueue.queue.EnqueueResult;
import io.emailqueue.queue.EnqueueSource;
import io.emailqueue.tracking.DeliveryState;
import io.emailqueue.tracking.EmailStatus;
import io.emailqueue.tracking.EmailStatusStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole worker delivering with the SMTP sender to a {@link ScriptedSmtpServer}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "email.sender.type=smtp", "email.producer.enabled=false", "email.reporter.enabled=false",
				"email.from=noreply@example.com", "spring.mail.host=127.0.0.1", "email.retry.max-retries=0",
				"email.api.token=integration-test-token-0123456789" })
@DirtiesContext
class SmtpDeliveryIntegrationTests {

	private static final Duration AWAIT = Duration.ofSeconds(20);

	private static final ScriptedSmtpServer server = ScriptedSmtpServer.start();

	@Autowired
	private EmailSender sender;

	@Autowired
	private EmailIntake intake;

	@Autowired
	private EmailStatusStore statuses;

	@Autowired
	private HealthContributorRegistry healthContributors;

	@DynamicPropertySource
	static void smtpServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.port", server::port);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void deliversWithTheSmtpSenderAndReportsItsHealthWithoutConnecting() {
		assertThat(this.sender).isInstanceOf(SmtpEmailSender.class);
		assertThat(this.healthContributors.getContributor("mail")).as("Boot's mail health indicator").isNull();
		HealthIndicator smtpHealth = (HealthIndicator) this.healthContributors.getContributor("smtp");
		assertThat(smtpHealth.health().getStatus()).isEqualTo(Status.UP);
		assertThat(server.connections()).isZero();

		String delivered = submit("alice@example.com");
		await().atMost(AWAIT).until(() -> stateOf(delivered) == DeliveryState.SENT);
		assertThat(server.messages()).singleElement().asString().contains("To: alice@example.com");

		server.on(Command.MAIL, Reply.thenHangUp("421 4.3.2 Service shutting down"));
		String refused = submit("bob@example.com");
		await().atMost(AWAIT).until(() -> stateOf(refused) == DeliveryState.DEAD);
		int connections = server.connections();
		for (int probe = 0; probe < 5; probe++) {
			Health health = smtpHealth.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("lastFailure", "421 4.3.2 Service shutting down")
				.containsEntry("lastFailureReplyCode", 421)
				.containsKeys("lastSuccessAt", "lastFailureAt");
		}
		assertThat(server.connections()).isEqualTo(connections);
	}

	private String submit(String to) {
		EnqueueResult result = this.intake.submit(
				new EmailContent(List.of(to), null, null, null, null, "Hello", "Hello there", null, 5), EnqueueSource.API);
		assertThat(result.accepted()).isTrue();
		return result.email().id();
	}

	private DeliveryState stateOf(String id) {
		return this.statuses.find(id).map(EmailStatus::state).orElse(null);
	}

}
