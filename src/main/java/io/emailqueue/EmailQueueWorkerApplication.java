package io.emailqueue;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Entry point of the email queue worker: accepts emails, queues them in memory and delivers them
 * in the background.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EmailQueueWorkerApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(EmailQueueWorkerApplication.class, args);
	}

}
