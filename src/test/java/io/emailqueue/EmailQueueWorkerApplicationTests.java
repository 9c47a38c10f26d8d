package io.emailqueue;

import java.time.Duration;

import io.emailqueue.delivery.EmailSender;
import io.emailqueue.delivery.SimulatedEmailSender;
import io.emailqueue.queue.EmailQueue;
import io.emailqueue.queue.EnqueueSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the application as the console demo runs it: producer on, simulated sender.
 */
@DirtiesContext
@SpringBootTest(properties = { "email.producer.min-interval=20ms", "email.producer.max-interval=40ms",
		"email.sender.simulated.min-latency=1ms", "email.sender.simulated.max-latency=5ms",
		"email.sender.simulated.transient-failure-rate=0.3", "email.retry.initial-backoff=10ms" })
class EmailQueueWorkerApplicationTests {

	@Autowired
	private EmailQueue queue;

	@Autowired
	private EmailSender sender;

	@Test
	void demoProducerEmailsAreSentThroughTheQueueWithRetries() {
		assertThat(this.sender).isInstanceOf(SimulatedEmailSender.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.queue.counts().sent() >= 10 && this.queue.counts().retried() >= 1);
		assertThat(this.queue.enqueuedFrom(EnqueueSource.PRODUCER)).isGreaterThanOrEqualTo(10);
		assertThat(this.queue.enqueuedFrom(EnqueueSource.RETRY)).isGreaterThanOrEqualTo(1);
	}

}
