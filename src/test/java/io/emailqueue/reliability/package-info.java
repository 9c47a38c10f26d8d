/**
 * The reliability and security proof: the packaged application runs as a real process against a
 * real SMTP server ({@code smtp-sink}) with faults, under load, through shutdowns and kills and
 * against hostile input; a ledger accounts for every email the API accepted, and the results end
 * up in {@code target/reliability/results.md} and, with the full profile, {@code RELIABILITY.md}.
 */
package io.emailqueue.reliability;
