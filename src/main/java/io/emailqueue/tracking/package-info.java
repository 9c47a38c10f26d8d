/**
 * Where each recent email stands, from acceptance to its end, so that the client that handed it in
 * can ask; bounded in memory.
 */
package io.emailqueue.tracking;
