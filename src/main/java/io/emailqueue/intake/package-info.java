/**
 * The one path by which new emails enter the queue, whoever hands them in: the HTTP API and the
 * demo producer alike.
 */
package io.emailqueue.intake;
