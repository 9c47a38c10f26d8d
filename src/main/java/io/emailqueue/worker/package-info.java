/**
 * The consumers that deliver queued emails, the retry schedule with exponential backoff, and the
 * graceful shutdown that drains the queue and reports what could not be delivered.
 */
package io.emailqueue.worker;
