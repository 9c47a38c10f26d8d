/**
 * Benchmarks and the load generators and baselines they are measured against; compiled only in the
 * {@code benchmarks} Maven profile and run by {@code benchmarks/run-all.sh}, never by the test suite.
 */
package io.emailqueue.bench;
