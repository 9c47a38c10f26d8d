/**
 * The bounded in-memory queue every email passes through, the immutable email value, and the
 * ledger of counts that the reporter, the metrics and the health checks all read.
 */
package io.emailqueue.queue;
