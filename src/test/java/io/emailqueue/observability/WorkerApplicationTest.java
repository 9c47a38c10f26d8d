package io.emailqueue.observability;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The whole application on a random port, quiet and quick: no demo producer, no console reporter,
 * and a simulated sender that never fails and takes a millisecond. Tests that use it as it is share
 * one application context, so they must leave its ledger alone: a test that sends emails or stops
 * the worker adds settings of its own, which gives it a context of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "email.producer.enabled=false", "email.reporter.enabled=false",
				"email.sender.simulated.min-latency=1ms", "email.sender.simulated.max-latency=1ms",
				"email.sender.simulated.transient-failure-rate=0", "email.sender.simulated.permanent-failure-rate=0" })
@AutoConfigureRestTestClient
public @interface WorkerApplicationTest {

}
