# Sourced by run-all.sh: write_report prints BENCHMARKS.md from the key=value files in $OUT.

fmt() { # number with thousands separators, or "n/a"
	[ -n "${1:-}" ] || { echo "n/a"; return; }
	LC_ALL=C awk -v n="$1" 'BEGIN {
		s = sprintf("%.0f", n); out = ""
		while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
		print s out }'
}
ratio() { # a/b as a percentage, or n/a
	[ -n "${1:-}" ] && [ -n "${2:-}" ] || { echo "n/a"; return; }
	awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.0f%%", 100 * a / b }'
}
times() { # a/b as a factor, or n/a
	[ -n "${1:-}" ] && [ -n "${2:-}" ] || { echo "n/a"; return; }
	awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.1fx", a / b }'
}
met() { # CONDITION on numbers with awk syntax, e.g. met "$a >= 0.9 * $b"
	awk "BEGIN { exit !($1) }" 2>/dev/null && echo "yes" || echo "**no**"
}
score() { val queue "$1" | cut -d'|' -f1; }
error() { val queue "$1" | cut -d'|' -f2; }
pm() { # score ± error, in pairs/s
	local s e
	s=$(score "$1") e=$(error "$1")
	[ -n "$s" ] || { echo "not run"; return; }
	echo "$(fmt "$s") ± $(fmt "$e")"
}

queue_rows() {
	local p name bare eq two
	for p in 1p1c 2p1c; do
		case $p in 1p1c) name="1 producer, 1 consumer" ;; 2p1c) name="2 producers, 1 consumer" ;; esac
		bare=$(score "bare_$p") eq=$(score "emailQueue_$p") two=$(score "twoLock_$p")
		if [ -z "$eq" ]; then
			echo "| 1 | EmailQueue, $name | not run | | | ≥ 90% | |"
			continue
		fi
		echo "| 1 | EmailQueue, $name (pairs/s) | $(pm "emailQueue_$p") | bare \`ArrayBlockingQueue\`: $(pm "bare_$p") | $(ratio "$eq" "$bare") | ≥ 90% | $(met "$eq >= 0.9 * $bare") |"
	done
}

smtp_rows() {
	local n app source naive
	for n in $SMTP_CONCURRENCY; do
		app=$(val smtp "app_$n") source=$(val smtp "source_$n") naive=$(val smtp "naive_$n")
		if [ -z "$app" ]; then
			echo "| 2 | SMTP delivery, $n connections | not run | | | | |"
			continue
		fi
		echo "| 2 | SMTP delivery, concurrency $n (emails/s) | $(fmt "$app") | \`smtp-source -d -s $n\`: $(fmt "$source") | $(ratio "$app" "$source") | ≥ 50% | $(met "$app >= 0.5 * $source") |"
		echo "| 2 | … against the naive Spring sender, $n threads | $(fmt "$app") | one \`JavaMailSenderImpl.send\` per email: $(fmt "$naive") | $(times "$app" "$naive") | ≥ 3x | $(met "$app >= 3 * $naive") |"
	done
}

http_rows() {
	local app null p99
	app=$(val http-app-max accepted_rate) null=$(val http-null-max rate)
	if [ -z "$app" ]; then
		echo "| 3 | HTTP intake | not run | | | | |"
		return
	fi
	echo "| 3 | HTTP intake, most accepted/s (wrk, $WRK_THREADS thread, $WRK_CONNECTIONS connections) | $(fmt "$app") (non-2xx: $(val http-app-max non_2xx)) | JDK \`HttpServer\` that discards the body: $(fmt "$null") | $(ratio "$app" "$null") | | |"
	p99=$(val http-app-rate p99_ms)
	echo "| 3 | HTTP latency at $(fmt "$FIXED_RATE") requests/s, p50 / p99 / p99.9 (ms) | $(val http-app-rate p50_ms) / $p99 / $(val http-app-rate p99.9_ms) (202: $(fmt "$(val http-app-rate status_202)"), 503: $(fmt "$(val http-app-rate status_503)")) | same load on the JDK \`HttpServer\`: $(val http-null-rate p50_ms) / $(val http-null-rate p99_ms) / $(val http-null-rate p99.9_ms) | | p99 < 10 ms | $(met "$p99 < 10") |"
}

memory_row() { # NAME LABEL
	local rss
	rss=$(val memory "$1_full_rss_mib")
	if [ "$(val memory "$1_died")" = "yes" ]; then
		echo "| 4 | Resident set, $(fmt "$MEMORY_EMAILS") emails of $((MEMORY_BODY_BYTES / 1024)) KB queued, $2 | **the JVM died** (heap exhausted, \`ExitOnOutOfMemoryError\`) after $(fmt "$(val memory "$1_fill_accepted")") emails | idle: $(val memory "$1_idle_rss_mib") MiB | | < 200 MiB | **no** |"
	elif [ -n "$rss" ]; then
		echo "| 4 | Resident set, $(fmt "$MEMORY_EMAILS") emails of $((MEMORY_BODY_BYTES / 1024)) KB queued, $2 (MiB) | $rss | idle: $(val memory "$1_idle_rss_mib"); heap $(val memory "$1_full_heap_used_mib") used of $(val memory "$1_full_heap_committed_mib") committed, $(val memory "$1_live_heap_used_mib") live; the bodies alone: $((MEMORY_EMAILS * MEMORY_BODY_BYTES / 1048576)) | | < 200 MiB | $(met "$rss < 200") |"
	fi
}

memory_rows() {
	local hwm n
	if [ -z "$(val memory container_idle_rss_mib)" ]; then
		echo "| 4 | Resident set with a full queue | not run | | | < 200 MiB | |"
	fi
	memory_row before "the Dockerfile's options before this issue"
	memory_row container "the Dockerfile's options now"
	hwm=$(val http hwm_mib)
	if [ -n "$hwm" ]; then
		echo "| 4 | Peak resident set under the HTTP load of 3, options now (MiB) | $hwm | wrk at full speed, then $(fmt "$FIXED_RATE") requests/s; capacity 10,000, the queue short | | < 200 MiB | $(met "$hwm < 200") |"
	fi
	for n in $SMTP_CONCURRENCY; do
		hwm=$(val smtp "app_hwm_mib_$n")
		[ -n "$hwm" ] || continue
		echo "| 4 | Peak resident set under the SMTP load of 2, concurrency $n, options now (MiB) | $hwm | $(fmt "$((SMTP_COUNT + SMTP_WARMUP))") emails of $((BODY_BYTES / 1024)) KB through the queue, $(fmt "$SMTP_COUNT") at once | | < 200 MiB | $(met "$hwm < 200") |"
	done
}

startup_rows() {
	local plain cached
	plain=$(val startup plain_median) cached=$(val startup cached_median)
	if [ -z "$plain" ]; then
		echo "| 5 | Start-up | not run | | | | |"
		return
	fi
	echo "| 5 | Start-up to readiness, $(val startup cache) (ms, median of $STARTUP_RUNS) | $(fmt "$cached") ($(fmt "$(val startup cached_min)")–$(fmt "$(val startup cached_max)")) | plain \`java -jar\`: $(fmt "$plain") ($(fmt "$(val startup plain_min)")–$(fmt "$(val startup plain_max)")) | $(ratio "$cached" "$plain") | ≤ 50% | $(met "$cached <= 0.5 * $plain") |"
	echo "| 5 | … extracted layout without a cache (ms) | $(fmt "$(val startup extracted_median)") | plain \`java -jar\`: $(fmt "$plain") | $(ratio "$(val startup extracted_median)" "$plain") | | |"
}

before_after_rows() {
	local p name
	for p in 1p1c 2p1c; do
		case $p in 1p1c) name="1 producer, 1 consumer" ;; 2p1c) name="2 producers, 1 consumer" ;; esac
		[ -n "$(score "emailQueue_$p")" ] || continue
		echo "| EmailQueue, $name (pairs/s) | ledger beside an \`ArrayBlockingQueue\` (\`TwoLockEmailQueue\`): $(pm "twoLock_$p") | one critical section: $(pm "emailQueue_$p") | $(times "$(score "emailQueue_$p")" "$(score "twoLock_$p")") |"
	done
	if [ -n "$(val memory container_idle_rss_mib)" ]; then
		echo "| Resident set idle (MiB) | $(val memory before_idle_rss_mib) | $(val memory container_idle_rss_mib) | |"
		echo "| Resident set, $(fmt "$MEMORY_EMAILS") emails of $((MEMORY_BODY_BYTES / 1024)) KB queued (MiB) | $(val memory before_full_rss_mib)$([ "$(val memory before_died)" = yes ] && echo "JVM died") (heap $(val memory before_full_heap_used_mib) used of $(val memory before_full_heap_committed_mib)) | $(val memory container_full_rss_mib) (heap $(val memory container_full_heap_used_mib) used of $(val memory container_full_heap_committed_mib)) | |"
	fi
	if [ -n "$(val startup plain_median)" ]; then
		echo "| Start-up to readiness (ms, median) | plain \`java -jar\`: $(fmt "$(val startup plain_median)") | $(val startup cache): $(fmt "$(val startup cached_median)") | $(ratio "$(val startup cached_median)" "$(val startup plain_median)") |"
	fi
}

write_report() {
	cat <<EOF
# Benchmarks

Written by \`benchmarks/run-all.sh\` on $(val machine date) (sections re-run alone keep the others' last results)$($QUICK && echo ", **in --quick mode: tiny settings, figures not worth keeping**"). Every figure
stands beside a baseline or a physical limit measured in the same run on the same machine.

## Machine

| | |
|---|---|
| CPU | $(val machine cpu), $(val machine nproc) cores (\`nproc\`) |
| Memory | $(val machine memory) |
| Kernel | $(val machine kernel) |
| JDK | $(val machine jdk) |
| Commit | $(val machine commit) |
| Load average (1, 5, 15 min) | $(val machine load_start) at the start, $(val machine load_end) at the end; per section below |
| JVM options of the application | \`$(val build container_jvm)\`: the Dockerfile's \`JAVA_TOOL_OPTIONS\`, under a $CONTAINER_MEMORY limit emulated with \`-XX:MaxRAM\` |

Load generators, sinks and the application share the $(val machine nproc) cores: every figure below includes that
competition, as the limits beside them do.

## Results

| # | What | Figure | Baseline or limit, same run | Ratio | Target | Met |
|---|---|---|---|---|---|---|
$(queue_rows)
$(smtp_rows)
$(http_rows)
$(memory_rows)
$(startup_rows)

### Before and after, same run

| What | Before | After | After / before |
|---|---|---|---|
$(before_after_rows)

The memory rows compare the Dockerfile's JVM options before this issue (\`${BEFORE_JVM[*]}\`) with
today's, both with an AOT cache trained under the same options, as the container runs. The SMTP
changes cannot be switched off at run time; their before and after are development measurements,
under "Where the time goes" below.

EOF
	cat "$ROOT/benchmarks/findings.md"
	cat <<EOF

## Conditions

1. **Queue** (load average $(val queue load) when it began): JMH 1.37, \`${JMH_OPTS[*]}\`, capacity 100 (the
   default), \`@Group\`s of producers and one consumer on one queue; the consumer's rate is the pair rate.
   Producers call \`enqueue(email, API)\`, the consumer \`take(Duration)\` then \`recordSent()\`; the bare queue
   \`offer\`/\`poll\` with the same timeouts. Raw results: \`target/benchmarks/jmh.json\`.
2. **SMTP delivery** (load $(val smtp load)): emails with a text body of $BODY_BYTES bytes to
   \`smtp-sink -u nobody 127.0.0.1:$SINK_PORT 256\` on loopback. The application starts with
   \`email.sender.type=smtp\`, \`email.worker.concurrency=N\` and the container's JVM options, delivers a
   warm-up of $(fmt "$SMTP_WARMUP") emails (the JIT compiles the path), then the sink is stopped with SIGSTOP (it
   keeps its connections and answers nothing) while the batch API (100 per request) fills the queue
   with $(fmt "$SMTP_COUNT") emails (in about $(val smtp "fill_seconds_${SMTP_CONCURRENCY%% *}") s); the clock starts with SIGCONT and stops when
   \`/actuator/metrics/email.sent\` (read every 50 ms) shows them all. Connections are reused up to
   \`email.sender.smtp.max-messages-per-connection\` (100, the default). \`smtp-source -d -s N -m $(fmt "$SMTP_COUNT") -l $BODY_BYTES\`
   reuses its connections for every message (\`-d\`) and, like Angus Mail, has no pipelining. The naive
   baseline sends $(fmt "$NAIVE_COUNT") emails with one \`JavaMailSenderImpl.send\` each (connection, EHLO, MAIL,
   RCPT, DATA, QUIT) on N threads (\`NaiveMailBaseline\`, a flat class path, after $(fmt "$((NAIVE_COUNT / 10))") warm-up sends).
3. **HTTP intake** (load $(val http load)): \`POST /api/emails\` with one recipient and a $BODY_BYTES-byte body,
   bearer token, no idempotency key; the worker delivers meanwhile with the simulated sender at zero latency
   (\`email.queue.capacity=10000\`, so a 503 would be a real refusal). Most accepted per second: \`wrk -t$WRK_THREADS
   -c$WRK_CONNECTIONS -d${WRK_SECONDS}s\` with \`benchmarks/post-email.lua\`, after a ${RATE_WARMUP} s warm-up. Latency:
   wrk has no fixed-rate mode and wrk2 is not packaged, so \`FixedRateLoad\` (in \`src/jmh/java\`) sends one
   request every 1/$FIXED_RATE s on $RATE_CONNECTIONS keep-alive connections for ${RATE_SECONDS} s after ${RATE_WARMUP} s
   of warm-up, and records each latency from the moment the request was due (no coordinated omission) in an
   HdrHistogram. The same two loads against a JDK \`HttpServer\` that discards the body give the ceiling of
   HTTP with these generators on this machine.
4. **Memory** (load $(val memory load)): $(fmt "$MEMORY_EMAILS") emails of $MEMORY_BODY_BYTES-byte bodies queued
   through the batch API while the SMTP sink is stopped, so they stay queued (the consumers each hold
   one), in the extracted layout with an AOT cache trained under the same options, as the container
   runs; once with the Dockerfile's options before this issue, once with today's. Resident set is
   \`VmRSS\` from \`/proc/PID/status\`, heap from \`jcmd PID GC.heap_info\` before and after
   \`jcmd PID GC.run\` (live). The peak under the load of 2 is \`VmHWM\` at the end of that run.
5. **Start-up** (load $(val startup load)): from the \`java\` command to the first 200 from
   \`/actuator/health/readiness\`, polled every 5 ms through bash's \`/dev/tcp\` (no process per poll),
   $STARTUP_RUNS runs each, median and range. Plain is \`java -jar target/email-queue-worker.jar\`; extracted is
   the layout of \`java -Djarmode=tools -jar app.jar extract\`; the cache ($(val startup cache_mib) MiB) comes from
   a training run of the extracted layout with \`-Dspring.context.exit=onRefresh\`, as in the Dockerfile.

## Reproduce

\`\`\`
benchmarks/run-all.sh            # everything, about 15 minutes; writes BENCHMARKS.md
benchmarks/run-all.sh --quick    # tiny settings, to check that it all runs
benchmarks/run-all.sh --only queue,startup
./mvnw -B -Pbenchmarks test-compile exec:exec@jmh -Djmh.args="EmailQueueBenchmark -prof gc"   # JMH alone
\`\`\`

Raw outputs, logs and the JMH JSON stay in \`target/benchmarks/\`. Take figures on a quiet machine (load
average under 0.5): the script records the load but does not wait for it.
EOF
}
