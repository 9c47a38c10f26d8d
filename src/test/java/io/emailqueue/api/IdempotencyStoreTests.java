package io.emailqueue.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.emailqueue.testing.MutableClock;
import io.emailqueue.api.IdempotencyStore.Claim;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IdempotencyStore}.
 */
class IdempotencyStoreTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final IdempotencyStore store = new IdempotencyStore(properties(Duration.ofHours(24), 3), this.clock);

	@Test
	void firstClaimOwnsTheKey() {
		assertThat(this.store.claim("k", "a")).isInstanceOf(Claim.Owner.class);
	}

	@Test
	void repeatAfterAnAnswerReplaysIt() {
		Claim.Owner owner = (Claim.Owner) this.store.claim("k", "a");
		ResponseEntity<String> answer = ResponseEntity.accepted().body("first");
		this.store.complete(owner, answer);
		assertThat(this.store.claim("k", "a")).isEqualTo(new Claim.Replay(answer));
	}

	@Test
	void repeatWhileTheFirstIsHandledIsInProgress() {
		this.store.claim("k", "a");
		assertThat(this.store.claim("k", "a")).isInstanceOf(Claim.InProgress.class);
	}

	@Test
	void sameKeyForADifferentRequestIsAMismatch() {
		this.store.complete((Claim.Owner) this.store.claim("k", "a"), ResponseEntity.accepted().build());
		assertThat(this.store.claim("k", "b")).isInstanceOf(Claim.Mismatch.class);
	}

	@Test
	void releasedKeyCanBeClaimedAfresh() {
		this.store.release((Claim.Owner) this.store.claim("k", "a"));
		assertThat(this.store.claim("k", "b")).isInstanceOf(Claim.Owner.class);
	}

	@Test
	void keyIsForgottenOnceItsWindowHasPassed() {
		this.store.complete((Claim.Owner) this.store.claim("k", "a"), ResponseEntity.accepted().build());
		this.clock.advance(Duration.ofHours(24).minusSeconds(1));
		assertThat(this.store.claim("k", "a")).isInstanceOf(Claim.Replay.class);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.claim("k", "a")).isInstanceOf(Claim.Owner.class);
	}

	@Test
	void beyondTheLimitTheOldestAnsweredKeyIsForgottenButNoneInProgress() {
		Claim inProgress = this.store.claim("busy", "a");
		for (String key : List.of("k1", "k2", "k3")) {
			this.store.complete((Claim.Owner) this.store.claim(key, "a"), ResponseEntity.accepted().build());
		}
		assertThat(this.store.size()).isEqualTo(3);
		assertThat(inProgress).isInstanceOf(Claim.Owner.class);
		assertThat(this.store.claim("busy", "a")).isInstanceOf(Claim.InProgress.class);
		assertThat(this.store.claim("k1", "a")).isInstanceOf(Claim.Owner.class);
		assertThat(this.store.claim("k3", "a")).isInstanceOf(Claim.Replay.class);
	}

	@Test
	void answerOfAForgottenKeyIsNotKept() {
		Claim.Owner owner = (Claim.Owner) this.store.claim("k", "a");
		this.clock.advance(Duration.ofHours(25));
		Claim.Owner second = (Claim.Owner) this.store.claim("k", "a");
		this.store.complete(owner, ResponseEntity.accepted().body("stale"));
		assertThat(this.store.claim("k", "a")).isInstanceOf(Claim.InProgress.class);
		this.store.release(owner);
		this.store.complete(second, ResponseEntity.accepted().body("fresh"));
		assertThat(this.store.claim("k", "a")).isEqualTo(new Claim.Replay(ResponseEntity.accepted().body("fresh")));
	}

	@Test
	void concurrentClaimsOfOneKeyHaveExactlyOneOwner() throws Exception {
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Callable<Claim>> claims = new ArrayList<>();
			for (int i = 0; i < threads * 4; i++) {
				claims.add(() -> this.store.claim("k", "a"));
			}
			List<Claim> outcomes = new ArrayList<>();
			for (Future<Claim> future : executor.invokeAll(claims)) {
				outcomes.add(future.get());
			}
			assertThat(outcomes).filteredOn(Claim.Owner.class::isInstance).hasSize(1);
			assertThat(outcomes).filteredOn(Claim.InProgress.class::isInstance).hasSize(threads * 4 - 1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static ApiProperties properties(Duration window, int maxKeys) {
		return new ApiProperties(null, window, maxKeys, 100, 50, DataSize.ofMegabytes(1), DataSize.ofKilobytes(2560),
				Duration.ofSeconds(5), List.of(), List.of());
	}

}
