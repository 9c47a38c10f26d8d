/**
 * Delivery of one email: the {@link io.emailqueue.delivery.EmailSender} abstraction, its result
 * (sent, transient failure or permanent failure, with the SMTP reply where there is one), and the
 * simulated sender the console demo uses.
 */
package io.emailqueue.delivery;
