/**
 * Emails that could not be delivered, kept in a bounded store with the reason, for operators to
 * inspect, replay or discard.
 */
package io.emailqueue.deadletter;
