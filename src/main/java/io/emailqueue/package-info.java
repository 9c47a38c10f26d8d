/**
 * The email queue worker application: its entry point and the lifecycle order its background
 * components share.
 */
package io.emailqueue;
