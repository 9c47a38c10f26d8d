/**
 * The optional spool: emails still undelivered at shutdown are written to a file as JSON lines and
 * put back on the queue at the next start.
 */
package io.emailqueue.spool;
