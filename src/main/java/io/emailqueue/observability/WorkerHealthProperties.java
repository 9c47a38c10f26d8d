package io.emailqueue.observability;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the worker's health checks, behind the liveness and readiness probes.
 *
 * @param stallTimeout how long emails may wait on the queue with no delivery attempt finishing
 * before the worker counts as stalled and liveness reports DOWN
 * @param readinessSaturation the share of the queue's capacity, above 0 and at most 1, above which
 * readiness reports OUT_OF_SERVICE so that no new work is routed here; 1 turns this off
 */
@ConfigurationProperties("email.health")
record WorkerHealthProperties(@DefaultValue("2m") Duration stallTimeout,
		@DefaultValue("0.9") double readinessSaturation) {

	public WorkerHealthProperties {
		if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
			throw new IllegalArgumentException("email.health.stall-timeout must be positive but was " + stallTimeout);
		}
		if (!(readinessSaturation > 0 && readinessSaturation <= 1)) {
			throw new IllegalArgumentException(
					"email.health.readiness-saturation must be above 0 and at most 1 but was " + readinessSaturation);
		}
	}

}
