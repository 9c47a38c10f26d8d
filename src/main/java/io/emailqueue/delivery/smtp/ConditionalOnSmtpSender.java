package io.emailqueue.delivery.smtp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Creates the annotated component only when {@code email.sender.type=smtp}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
@ConditionalOnProperty(name = "email.sender.type", havingValue = "smtp")
@interface ConditionalOnSmtpSender {

}
