package io.emailqueue.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The whole application on a random port, with the API token {@link ApiClient#TOKEN}, a simulated
 * sender that never fails and hardly waits, small request limits, and no demo traffic. Test
 * classes with this annotation share one application.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "email.api.token=" + ApiClient.TOKEN, "email.producer.enabled=false",
				"email.reporter.enabled=false", "email.sender.simulated.min-latency=0ms",
				"email.sender.simulated.max-latency=5ms", "email.sender.simulated.transient-failure-rate=0",
				"email.sender.simulated.permanent-failure-rate=0", "email.api.max-body-size=16KB",
				"email.api.max-request-size=64KB", "email.api.max-batch-size=5", "email.shutdown.drain-timeout=1s",
				"email.shutdown.consumer-stop-timeout=1s", "spring.lifecycle.timeout-per-shutdown-phase=10s" })
@interface ApiIntegrationTest {

}
