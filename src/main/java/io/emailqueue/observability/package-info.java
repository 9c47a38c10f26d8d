/**
 * What operators and demo users see of the worker: the periodic console figures, the Micrometer
 * meters behind {@code /actuator/prometheus}, and the health of the worker.
 */
package io.emailqueue.observability;
