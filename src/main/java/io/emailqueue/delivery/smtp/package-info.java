/**
 * Delivery over SMTP ({@code email.sender.type=smtp}): one reused connection per consumer, every
 * failure classified from the server's reply as transient, permanent or uncertain, one stable
 * Message-ID per email across attempts, and a health indicator fed by the deliveries themselves
 * rather than by probing the server.
 */
package io.emailqueue.delivery.smtp;
