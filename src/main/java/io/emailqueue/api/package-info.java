/**
 * The HTTP API: emails handed in as JSON, their status, and the dead letters, behind a bearer
 * token. Requests are checked strictly before anything is queued, every error is an RFC 9457
 * problem detail, and a full queue answers 503 with Retry-After instead of holding the caller.
 */
package io.emailqueue.api;
