#!/usr/bin/env bash
# Runs every benchmark of email-queue-worker on this machine and writes BENCHMARKS.md at the root of
# the repository: the queue (JMH), SMTP delivery, HTTP intake, memory and start-up, each figure beside
# a baseline or a physical limit measured in the same run.
#
# Usage: benchmarks/run-all.sh [--quick] [--only queue,smtp,http,memory,startup] [--report]
#   --quick  tiny settings, to check that everything runs (a minute or two); figures are not worth keeping
#   --only   run some sections; the others keep their last results in BENCHMARKS.md (each states its load)
#   --report rewrite BENCHMARKS.md from the last results in target/benchmarks, running nothing
#
# Needs a JDK 21 or newer (25 or newer for the AOT cache; otherwise start-up uses a CDS archive), and
# installs what is missing with apt-get, as .ci/run does: postfix (smtp-sink, smtp-source), wrk, jq, curl.
# Every server it starts listens on 127.0.0.1 only and is stopped at the end; every load is bounded in
# count and time. Not part of .ci/run: benchmarks are not tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/benchmarks
REPORT=$ROOT/BENCHMARKS.md

QUICK=false
REPORT_ONLY=false
ONLY="queue,smtp,http,memory,startup"
while [ $# -gt 0 ]; do
	case "$1" in
		--quick) QUICK=true ;;
		--only) ONLY=$2; shift ;;
		--report) REPORT_ONLY=true ;;
		*) echo "Unknown argument: $1 (see the header of $0)" >&2; exit 2 ;;
	esac
	shift
done

APP_PORT=18080
SINK_PORT=12525
NULL_PORT=18081
TOKEN=benchmark-token-0123456789abcdef
BODY_BYTES=2048
# The container's limit, emulated with -XX:MaxRAM (the JVM sizes itself from it as from a cgroup limit).
CONTAINER_MEMORY=256m
# The Dockerfile's JVM options before the memory fix of issue 6, measured beside the current ones.
BEFORE_JVM=(-XX:MaxRAM=$CONTAINER_MEMORY -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError)

if $QUICK; then
	JMH_OPTS=(-f 1 -wi 1 -i 2 -w 1s -r 1s)
	SMTP_COUNT=2000 SMTP_WARMUP=1000 NAIVE_COUNT=500 SMTP_CONCURRENCY="2"
	WRK_SECONDS=3 RATE_WARMUP=2 RATE_SECONDS=3
	MEMORY_EMAILS=1000 STARTUP_RUNS=2
else
	JMH_OPTS=(-f 3 -wi 5 -i 5 -w 1s -r 1s)
	SMTP_COUNT=20000 SMTP_WARMUP=10000 NAIVE_COUNT=4000 SMTP_CONCURRENCY="2 8"
	WRK_SECONDS=15 RATE_WARMUP=10 RATE_SECONDS=30
	MEMORY_EMAILS=10000 STARTUP_RUNS=7
fi
FIXED_RATE=1000
RATE_CONNECTIONS=16
WRK_THREADS=1
WRK_CONNECTIONS=16
MEMORY_BODY_BYTES=10240

log() { printf '\n=== %s\n' "$*" >&2; }
fail() { echo "run-all.sh: $*" >&2; exit 1; }
runs() { [[ ",$ONLY," == *",$1,"* ]]; }

# ---------------------------------------------------------------------------------------------------
# Tools, JDK and machine
# ---------------------------------------------------------------------------------------------------

java_major() {
	"$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2; exit }'
}

select_jdk() {
	local candidate best="" best_major=0 major
	for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
		[ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
		major=$(java_major "$candidate/bin/java")
		if [ "$major" -gt "$best_major" ]; then
			best=$candidate best_major=$major
		fi
	done
	[ "$best_major" -ge 21 ] || fail "no JDK 21 or newer under JAVA_HOME or /usr/lib/jvm"
	export JAVA_HOME=$best
	JAVA=$JAVA_HOME/bin/java
	JCMD=$JAVA_HOME/bin/jcmd
	JDK_MAJOR=$best_major
}

install_tools() {
	local missing=()
	[ -x /usr/sbin/smtp-sink ] && [ -x /usr/sbin/smtp-source ] || missing+=(postfix)
	command -v wrk >/dev/null || missing+=(wrk)
	command -v jq >/dev/null || missing+=(jq)
	command -v curl >/dev/null || missing+=(curl)
	if [ ${#missing[@]} -gt 0 ]; then
		log "Installing ${missing[*]}"
		local sudo=""
		[ "$(id -u)" -eq 0 ] || sudo="sudo"
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

load1() { cut -d' ' -f1 /proc/loadavg; }

record_machine() {
	{
		echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
		echo "nproc=$(nproc)"
		echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
		echo "memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
		echo "kernel=$(uname -sr)"
		echo "jdk=$("$JAVA" -version 2>&1 | head -2 | tail -1)"
		echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
		echo "load_start=$(cat /proc/loadavg | cut -d' ' -f1-3)"
		echo "quick=$QUICK"
	} >"$OUT/machine.env"
}

# ---------------------------------------------------------------------------------------------------
# Processes: everything started here is stopped here, by its own pid
# ---------------------------------------------------------------------------------------------------

APP_PID="" SINK_PID="" NULL_PID=""

cleanup() {
	local pid
	for pid in $APP_PID $NULL_PID; do
		kill -KILL "$pid" 2>/dev/null || true
	done
	if [ -n "$SINK_PID" ]; then
		kill -CONT "$SINK_PID" 2>/dev/null || true
		kill -TERM "$SINK_PID" 2>/dev/null || true
	fi
}
trap cleanup EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_app NAME JVM_OPTION... -- APP_ARGUMENT...: starts the packaged application on APP_PORT with the
# API token, no demo producer and no console reporter, and waits until it is ready.
start_app() {
	local name=$1 jvm=() app=()
	shift
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do jvm+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	app=("$@")
	port_free "$APP_PORT" || fail "port $APP_PORT is taken"
	"$JAVA" "${jvm[@]}" -jar "${APP_JAR_OVERRIDE:-$APP_JAR}" --server.address=127.0.0.1 --server.port="$APP_PORT" \
		--email.api.token="$TOKEN" --email.producer.enabled=false --email.reporter.enabled=false \
		--management.endpoint.health.probes.enabled=true \
		--email.shutdown.drain-timeout=2s --email.shutdown.consumer-stop-timeout=2s \
		"${app[@]}" >"$OUT/$name.log" 2>&1 &
	APP_PID=$!
	local deadline=$((SECONDS + 90))
	until curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT/actuator/health/liveness"; do
		kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$OUT/$name.log" >&2; fail "$name: the application exited"; }
		[ $SECONDS -lt $deadline ] || { tail -30 "$OUT/$name.log" >&2; fail "$name: not ready within 90 s"; }
		sleep 0.1
	done
}

stop_app() {
	[ -n "$APP_PID" ] || return 0
	kill -TERM "$APP_PID" 2>/dev/null || true
	local deadline=$((SECONDS + 20))
	while kill -0 "$APP_PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
	kill -KILL "$APP_PID" 2>/dev/null || true
	wait "$APP_PID" 2>/dev/null || true
	APP_PID=""
}

start_sink() {
	port_free "$SINK_PORT" || fail "port $SINK_PORT is taken"
	# 256: the listen backlog; smtp-sink answers every command at once and keeps nothing.
	/usr/sbin/smtp-sink -u nobody "127.0.0.1:$SINK_PORT" 256 &
	SINK_PID=$!
	local deadline=$((SECONDS + 10))
	while port_free "$SINK_PORT"; do
		[ $SECONDS -lt $deadline ] || fail "smtp-sink did not start"
		sleep 0.05
	done
}

stop_sink() {
	[ -n "$SINK_PID" ] || return 0
	kill -CONT "$SINK_PID" 2>/dev/null || true
	kill -TERM "$SINK_PID" 2>/dev/null || true
	wait "$SINK_PID" 2>/dev/null || true
	SINK_PID=""
}

bench_java() { "$JAVA" -cp "$BENCH_CP" "$@"; }

wait_sent() { # COUNT SECONDS: until the application's email.sent counter reaches COUNT
	local deadline=$((SECONDS + $2)) sent
	while :; do
		sent=$(curl -fs "http://127.0.0.1:$APP_PORT/actuator/metrics/email.sent" | jq '.measurements[0].value | floor')
		[ "${sent:-0}" -ge "$1" ] && return 0
		[ $SECONDS -lt $deadline ] || fail "only ${sent:-0} of $1 emails sent within $2 s"
		sleep 0.2
	done
}

# train_aot FILE JVM_OPTION...: an AOT cache (JDK 25+) of the extracted layout, trained as the Dockerfile
# does, with the options it will run with (the cache is refused under other GC or heap options)
train_aot() {
	local file=$1
	shift
	rm -f "$file"
	"$JAVA" "$@" -XX:AOTCacheOutput="$file" -Dspring.context.exit=onRefresh -jar "$EXTRACTED_JAR" \
		--email.api.token="$TOKEN" --email.producer.enabled=false >"$file.log" 2>&1 || true
	[ -f "$file" ] || fail "the AOT training run wrote no cache (see $file.log)"
}

# proc_kib PID FIELD: a field of /proc/PID/status in KiB (VmRSS, VmHWM, RssAnon, RssFile)
proc_kib() { awk -v field="$2:" '$1 == field { print $2 }' "/proc/$1/status"; }
mib() { awk -v kib="$1" 'BEGIN { printf "%.0f", kib / 1024 }'; }

# heap_info PID PREFIX: heap used and committed in MiB, from jcmd GC.heap_info
heap_info() {
	"$JCMD" "$1" GC.heap_info | awk -v prefix="$2" '
		/ total [0-9]+K, used [0-9]+K/ && !/Metaspace|class space/ {
			for (i = 1; i <= NF; i++) {
				if ($i == "total") { committed += $(i + 1) + 0 }
				if ($i == "used") { used += $(i + 1) + 0 }
			}
		}
		END {
			printf "%s_heap_used_mib=%.0f\n%s_heap_committed_mib=%.0f\n", prefix, used / 1024, prefix, committed / 1024
		}'
}

val() { awk -F= -v key="$2" '$1 == key { sub(/^[^=]*=/, ""); print; exit }' "$OUT/$1.env" 2>/dev/null || true; }

# The JVM options of the container, read from the Dockerfile so that the two cannot drift apart.
container_jvm_options() {
	local options=""
	if [ -f Dockerfile ]; then
		options=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"$/\1/p' Dockerfile | head -1)
	fi
	echo "-XX:MaxRAM=$CONTAINER_MEMORY ${options:--XX:MaxRAMPercentage=75 -XX:+UseSerialGC}"
}

# ---------------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------------

build() {
	log "Build (./mvnw -Pbenchmarks package, tests skipped: ./mvnw verify is the test command)"
	./mvnw -B -q -Pbenchmarks package -DskipTests
	./mvnw -B -q -Pbenchmarks dependency:build-classpath -Dmdep.includeScope=test \
		-Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
	APP_JAR=$ROOT/target/email-queue-worker.jar
	BENCH_CP=$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$OUT/classpath.txt")
	rm -rf "$OUT/extracted"
	"$JAVA" -Djarmode=tools -jar "$APP_JAR" extract --destination "$OUT/extracted" >/dev/null
	EXTRACTED_JAR=$OUT/extracted/email-queue-worker.jar
	read -r -a CONTAINER_JVM <<<"$(container_jvm_options)"
	echo "container_jvm=${CONTAINER_JVM[*]}" >"$OUT/build.env"
}

# ---------------------------------------------------------------------------------------------------
# 1. EmailQueue against a bare ArrayBlockingQueue (JMH)
# ---------------------------------------------------------------------------------------------------

bench_queue() {
	log "1. EmailQueue (JMH ${JMH_OPTS[*]})"
	rm -f "$OUT"/queue.env "$OUT"/jmh.json
	local load_before
	load_before=$(load1)
	bench_java org.openjdk.jmh.Main EmailQueueBenchmark "${JMH_OPTS[@]}" -rf json -rff "$OUT/jmh.json" \
		>"$OUT/jmh.log" 2>&1 || { tail -30 "$OUT/jmh.log" >&2; fail "JMH failed"; }
	{
		echo "load=$load_before"
		jq -r '.[] | .benchmark as $b | .secondaryMetrics | to_entries[]
			| select(.key | test("Take|Poll"))
			| "\($b | sub(".*\\."; ""))=\(.value.score)|\(.value.scoreError)"' "$OUT/jmh.json"
	} >"$OUT/queue.env"
}

# ---------------------------------------------------------------------------------------------------
# 2. SMTP delivery, with memory under that load
# ---------------------------------------------------------------------------------------------------

bench_smtp() {
	log "2. SMTP delivery (${SMTP_COUNT} emails of ${BODY_BYTES} bytes, concurrency ${SMTP_CONCURRENCY})"
	rm -f "$OUT"/smtp*.env
	echo "load=$(load1)" >>"$OUT/smtp.env"
	local n result
	for n in $SMTP_CONCURRENCY; do
		start_sink
		# Postfix's own load generator: same sessions, size and connection reuse (-d), no pipelining either.
		local start end
		start=$(date +%s%N)
		/usr/sbin/smtp-source -d -s "$n" -m "$SMTP_COUNT" -l "$BODY_BYTES" -f bench@example.com \
			-t rcpt@example.com "127.0.0.1:$SINK_PORT"
		end=$(date +%s%N)
		echo "source_$n=$(awk -v c="$SMTP_COUNT" -v ns=$((end - start)) 'BEGIN { printf "%.1f", c / (ns / 1e9) }')" \
			>>"$OUT/smtp.env"

		# The naive Spring way: one JavaMailSenderImpl.send per email (a connection each), n threads.
		result=$(bench_java io.emailqueue.bench.NaiveMailBaseline 127.0.0.1 "$SINK_PORT" "$n" "$NAIVE_COUNT" \
			"$BODY_BYTES")
		echo "naive_$n=$(sed -n 's/^rate=//p' <<<"$result")" >>"$OUT/smtp.env"
		echo "naive_failures_$n=$(sed -n 's/^failures=//p' <<<"$result")" >>"$OUT/smtp.env"

		# The application: a warm-up of SMTP_WARMUP emails delivered first (the JIT compiles the path),
		# then the sink is stopped (it keeps its connections and answers nothing) while the batch API fills
		# the queue; the clock starts when the sink is let go and stops when every email is sent.
		start_app "smtp-$n" "${CONTAINER_JVM[@]}" -- --email.sender.type=smtp --spring.mail.host=127.0.0.1 \
			--spring.mail.port="$SINK_PORT" --email.from=bench@example.com --email.worker.concurrency="$n" \
			--email.queue.capacity="$((SMTP_COUNT + SMTP_WARMUP))" --spring.mail.properties.mail.smtp.timeout=120000
		bench_java io.emailqueue.bench.BatchFill "http://127.0.0.1:$APP_PORT/api/emails/batch" "$TOKEN" \
			"$SMTP_WARMUP" 100 "$BODY_BYTES" >/dev/null || fail "the warm-up emails were refused"
		wait_sent "$SMTP_WARMUP" 120
		kill -STOP "$SINK_PID"
		bench_java io.emailqueue.bench.BatchFill "http://127.0.0.1:$APP_PORT/api/emails/batch" "$TOKEN" \
			"$SMTP_COUNT" 100 "$BODY_BYTES" >"$OUT/smtp-fill-$n.env" || fail "the queue could not be filled"
		result=$(bench_java io.emailqueue.bench.DeliveryClock "http://127.0.0.1:$APP_PORT" "$SINK_PID" \
			"$SMTP_COUNT" 300) || fail "the emails were not all delivered within 300 s"
		echo "app_$n=$(sed -n 's/^rate=//p' <<<"$result")" >>"$OUT/smtp.env"
		echo "app_hwm_mib_$n=$(mib "$(proc_kib "$APP_PID" VmHWM)")" >>"$OUT/smtp.env"
		echo "fill_seconds_$n=$(sed -n 's/^fill_seconds=//p' "$OUT/smtp-fill-$n.env")" >>"$OUT/smtp.env"
		echo "failed_$n=$(curl -fs "http://127.0.0.1:$APP_PORT/actuator/metrics/email.retries" | jq '.measurements[0].value')" \
			>>"$OUT/smtp.env"
		stop_app
		stop_sink
	done
}

# ---------------------------------------------------------------------------------------------------
# 3. HTTP intake
# ---------------------------------------------------------------------------------------------------

wrk_run() { # NAME URL: wrk with the POST script, key=value lines into NAME.env
	BENCH_TOKEN=$TOKEN BENCH_BODY_BYTES=$BODY_BYTES wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" \
		-d"${WRK_SECONDS}s" -s benchmarks/post-email.lua "$2" | grep '=' >"$OUT/$1.env"
}

bench_http() {
	log "3. HTTP intake"
	local url="http://127.0.0.1:$APP_PORT/api/emails" null_url="http://127.0.0.1:$NULL_PORT/api/emails"
	rm -f "$OUT"/http*.env
	echo "load=$(load1)" >"$OUT/http.env"

	port_free "$NULL_PORT" || fail "port $NULL_PORT is taken"
	# java itself in the background, not a function: $! must be its pid
	"$JAVA" -cp "$BENCH_CP" io.emailqueue.bench.NullHttpServer "$NULL_PORT" 8 >/dev/null &
	NULL_PID=$!
	until ! port_free "$NULL_PORT"; do sleep 0.1; done
	BENCH_TOKEN=$TOKEN BENCH_BODY_BYTES=$BODY_BYTES wrk -t1 -c4 -d2s -s benchmarks/post-email.lua "$null_url" >/dev/null
	wrk_run http-null-max "$null_url"
	bench_java io.emailqueue.bench.FixedRateLoad "$null_url" "$TOKEN" "$BODY_BYTES" "$FIXED_RATE" "$RATE_WARMUP" \
		"$RATE_SECONDS" "$RATE_CONNECTIONS" >"$OUT/http-null-rate.env"
	kill -TERM "$NULL_PID"; wait "$NULL_PID" 2>/dev/null || true; NULL_PID=""

	# The worker delivers meanwhile through the simulated sender with no latency and no failures, so
	# the queue stays short; it is large anyway, so that a 503 would mean a real refusal.
	start_app http "${CONTAINER_JVM[@]}" -- --email.queue.capacity=10000 \
		--email.sender.simulated.min-latency=0ms --email.sender.simulated.max-latency=0ms \
		--email.sender.simulated.transient-failure-rate=0 --email.sender.simulated.permanent-failure-rate=0
	# Warm-up: the JIT compiles the request path before anything is measured.
	BENCH_TOKEN=$TOKEN BENCH_BODY_BYTES=$BODY_BYTES wrk -t1 -c4 -d"$((RATE_WARMUP))s" -s benchmarks/post-email.lua \
		"$url" >/dev/null
	wrk_run http-app-max "$url"
	sleep 2
	bench_java io.emailqueue.bench.FixedRateLoad "$url" "$TOKEN" "$BODY_BYTES" "$FIXED_RATE" "$RATE_WARMUP" \
		"$RATE_SECONDS" "$RATE_CONNECTIONS" >"$OUT/http-app-rate.env"
	echo "hwm_mib=$(mib "$(proc_kib "$APP_PID" VmHWM)")" >>"$OUT/http.env"
	stop_app
}

# ---------------------------------------------------------------------------------------------------
# 4. Memory
# ---------------------------------------------------------------------------------------------------

# memory_run NAME JVM_OPTION...: resident set and heap idle, then with MEMORY_EMAILS emails of
# MEMORY_BODY_BYTES queued while the SMTP sink is stopped (so they stay queued).
memory_run() {
	local name=$1
	shift
	start_sink
	kill -STOP "$SINK_PID"
	start_app "memory-$name" "$@" -- --email.sender.type=smtp --spring.mail.host=127.0.0.1 \
		--spring.mail.port="$SINK_PORT" --email.from=bench@example.com \
		--email.queue.capacity="$MEMORY_EMAILS" --spring.mail.properties.mail.smtp.timeout=120000
	sleep 2
	echo "${name}_idle_rss_mib=$(mib "$(proc_kib "$APP_PID" VmRSS)")" >>"$OUT/memory.env"
	bench_java io.emailqueue.bench.BatchFill "http://127.0.0.1:$APP_PORT/api/emails/batch" "$TOKEN" \
		"$MEMORY_EMAILS" 100 "$MEMORY_BODY_BYTES" 2>/dev/null | sed "s/^/${name}_fill_/" >>"$OUT/memory.env" || true
	sleep 2
	if ! kill -0 "$APP_PID" 2>/dev/null; then
		echo "${name}_died=yes" >>"$OUT/memory.env"
	else
		{
			echo "${name}_full_rss_mib=$(mib "$(proc_kib "$APP_PID" VmRSS)")"
			echo "${name}_full_hwm_mib=$(mib "$(proc_kib "$APP_PID" VmHWM)")"
			heap_info "$APP_PID" "${name}_full"
			"$JCMD" "$APP_PID" GC.run >/dev/null
			heap_info "$APP_PID" "${name}_live"
			echo "${name}_live_rss_mib=$(mib "$(proc_kib "$APP_PID" VmRSS)")"
			echo "${name}_threads=$(awk '/^Threads:/ { print $2 }' "/proc/$APP_PID/status")"
		} >>"$OUT/memory.env"
	fi
	kill -KILL "$APP_PID" 2>/dev/null || true
	wait "$APP_PID" 2>/dev/null || true
	APP_PID=""
	stop_sink
}

bench_memory() {
	log "4. Memory (${MEMORY_EMAILS} emails of ${MEMORY_BODY_BYTES} bytes queued)"
	rm -f "$OUT"/memory*.env
	echo "load=$(load1)" >"$OUT/memory.env"
	local cache=()
	if [ "$JDK_MAJOR" -ge 25 ]; then
		# As the container runs: the extracted layout with an AOT cache trained under the same options.
		train_aot "$OUT/memory-before.aot" "${BEFORE_JVM[@]}"
		train_aot "$OUT/memory-container.aot" "${CONTAINER_JVM[@]}"
		echo "aot=yes" >>"$OUT/memory.env"
	fi
	[ "$JDK_MAJOR" -ge 25 ] && cache=(-XX:AOTCache="$OUT/memory-before.aot")
	APP_JAR_OVERRIDE=$EXTRACTED_JAR memory_run before "${BEFORE_JVM[@]}" "${cache[@]}"
	[ "$JDK_MAJOR" -ge 25 ] && cache=(-XX:AOTCache="$OUT/memory-container.aot")
	APP_JAR_OVERRIDE=$EXTRACTED_JAR memory_run container "${CONTAINER_JVM[@]}" "${cache[@]}"
}

# ---------------------------------------------------------------------------------------------------
# 5. Start-up
# ---------------------------------------------------------------------------------------------------

# ready_now: one GET of the readiness probe through bash's /dev/tcp, no process started
ready_now() {
	local status
	# In braces, so that 2>/dev/null holds for this exec only and not for the rest of the script.
	{ exec 8<>"/dev/tcp/127.0.0.1/$APP_PORT"; } 2>/dev/null || return 1
	printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&8
	IFS= read -r -t 2 status <&8 || status=""
	exec 8<&- 8>&-
	[[ $status == "HTTP/1."?" 200"* ]]
}

# time_to_ready NAME JAR JVM_OPTION...: milliseconds from the java command to readiness UP, polled every 5 ms
time_to_ready() {
	local name=$1 jar=$2 start end pause
	shift 2
	port_free "$APP_PORT" || fail "port $APP_PORT is taken"
	exec {pause}<> <(:)
	start=$(date +%s%N)
	"$JAVA" "$@" -jar "$jar" --server.address=127.0.0.1 --server.port="$APP_PORT" --email.api.token="$TOKEN" \
		--email.producer.enabled=false --email.reporter.enabled=false \
		--management.endpoint.health.probes.enabled=true >"$OUT/startup-$name.log" 2>&1 &
	APP_PID=$!
	until ready_now; do
		kill -0 "$APP_PID" 2>/dev/null || fail "startup $name: the application exited"
		[ $(($(date +%s%N) - start)) -lt 90000000000 ] || fail "startup $name: not ready within 90 s"
		read -r -t 0.005 -u "$pause" || true
	done
	end=$(date +%s%N)
	exec {pause}<&-
	stop_app
	echo $(((end - start) / 1000000))
}

startup_series() { # NAME JAR JVM_OPTION...: STARTUP_RUNS runs, the median and the range into startup.env
	local name=$1 times=() i
	for ((i = 0; i < STARTUP_RUNS; i++)); do
		times+=("$(time_to_ready "$@")")
	done
	printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '
		{ t[NR] = $1 }
		END { printf "%s_median=%d\n%s_min=%d\n%s_max=%d\n", name, t[int((NR + 1) / 2)], name, t[1], name, t[NR] }' \
		>>"$OUT/startup.env"
}

bench_startup() {
	log "5. Start-up (${STARTUP_RUNS} runs each)"
	rm -f "$OUT"/startup*.env
	echo "load=$(load1)" >"$OUT/startup.env"
	startup_series plain "$APP_JAR" "${CONTAINER_JVM[@]}"
	startup_series extracted "$EXTRACTED_JAR" "${CONTAINER_JVM[@]}"
	if [ "$JDK_MAJOR" -ge 25 ]; then
		# Training as the Dockerfile does: the context is refreshed, then the JVM exits and writes the cache.
		train_aot "$OUT/app.aot" "${CONTAINER_JVM[@]}"
		echo "cache=AOT cache (JDK $JDK_MAJOR, -XX:AOTCache)" >>"$OUT/startup.env"
		echo "cache_mib=$(du -m "$OUT/app.aot" | cut -f1)" >>"$OUT/startup.env"
		startup_series cached "$EXTRACTED_JAR" "${CONTAINER_JVM[@]}" -XX:AOTCache="$OUT/app.aot"
	else
		rm -f "$OUT/app.jsa"
		"$JAVA" "${CONTAINER_JVM[@]}" -XX:ArchiveClassesAtExit="$OUT/app.jsa" -Dspring.context.exit=onRefresh \
			-jar "$EXTRACTED_JAR" --email.api.token="$TOKEN" --email.producer.enabled=false \
			>"$OUT/startup-cds-training.log" 2>&1 || true
		echo "cache=CDS archive (JDK $JDK_MAJOR, -XX:SharedArchiveFile)" >>"$OUT/startup.env"
		echo "cache_mib=$(du -m "$OUT/app.jsa" | cut -f1)" >>"$OUT/startup.env"
		startup_series cached "$EXTRACTED_JAR" "${CONTAINER_JVM[@]}" -XX:SharedArchiveFile="$OUT/app.jsa"
	fi
}

# ---------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------

source "$ROOT/benchmarks/report.sh"

if $REPORT_ONLY; then
	[ -f "$OUT/machine.env" ] || fail "no results in $OUT to report"
	write_report >"$REPORT"
	log "Wrote $REPORT from the results in $OUT"
	exit 0
fi
select_jdk
install_tools
mkdir -p "$OUT"
record_machine
log "JDK $JDK_MAJOR at $JAVA_HOME; load average $(load1) on $(nproc) cores (quiet is below 0.5)"
build
runs queue && bench_queue
runs smtp && bench_smtp
runs http && bench_http
runs memory && bench_memory
runs startup && bench_startup
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.env"
write_report >"$REPORT"
log "Wrote $REPORT"
