#!/usr/bin/env bash
# Restis against webdis + redis-server and redis-benchmark, side by side, in one run on this machine.
# Writes its figures, ratios, the machine and the exact commands into BENCHMARKS.md (between the
# "BEGIN benchmarks/run.sh" / "END benchmarks/run.sh" markers; the rest of the file is left alone).
#
#   benchmarks/run.sh                 build, run everything (about 13 minutes), update BENCHMARKS.md
#   SKIP_BUILD=1 benchmarks/run.sh    reuse target/restis-0.1.0-SNAPSHOT-exec.jar and
#                                     benchmarks/target/benchmarks.jar (the JMH jar)
#   QUICK=1 benchmarks/run.sh         smoke run of the script (1 s runs, small datasets); its figures
#                                     are meaningless, so it does not touch BENCHMARKS.md
#   DURATION=10 WARMUP=3 ...          seconds of each measured / warm-up wrk run (default 8 / 2)
#
# Needs (Debian): redis-server redis-tools webdis wrk python3 curl util-linux (taskset), and a JDK 17+
# under /usr/lib/jvm (the newest is used; jcmd and jfr come with it). Everything listens on free loopback ports;
# every process started here is stopped on exit, by its PID. Raw outputs: benchmarks/target/load-run/.
# What each phase does is described in benchmarks/README.md.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
LOAD="$ROOT/benchmarks/load"
OUT="$ROOT/benchmarks/target/load-run"
JAR="$ROOT/target/restis-0.1.0-SNAPSHOT-exec.jar"
JMH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
T_START=$(date +%s)

# The durations keep the whole run under 15 minutes on a 2-core machine (the budget is in
# benchmarks/README.md): about 60 s of build, 350 s of phase A, 190 s of tuning, 95 s of memory and
# snapshots, 60 s of JMH, 10 s of reading the profiles.
QUICK="${QUICK:-0}"
DURATION="${DURATION:-8}"    # seconds of each measured wrk run
WARMUP="${WARMUP:-2}"        # seconds of the warm-up run before it (same workload, not recorded)
CONNS=50                     # wrk connections and redis-benchmark clients
LOW_CONNS=10                 # the latency targets again at a lighter load (contact search, page views)
THREADS=2                    # wrk threads
KEYS=100000                  # keyspace of the GET/SET and pipeline workloads
MEM_N=1000000                # string keys, list elements, sorted-set members of the memory dataset
CONTACTS=60000
RB_PLAIN_N=300000            # redis-benchmark requests without pipelining
RB_PIPE_N=3000000            # ... with -P 100
RB_SORT_N=100000             # most SORT requests of one redis-benchmark run
PROFILE_SECS=5               # the warm-up of each Restis workload of phase A runs this long, under JFR
RB_TIMEOUT=90                # longest any one redis-benchmark run may take
JIT_WARMUP=4                 # seconds of each workload run once on a fresh Restis before any figure
TUNE_WARMUP=5                # JIT warm-up of each workload on each tuning variant
TUNE_ROUNDS=3                # tuning: rounds of measurement, every variant in turn in each
TUNE_SECS=4                  # tuning: seconds of one measured run
ENGINE_JMH="-f 1 -wi 2 -w 1s -i 3 -r 1s"  # phase D: JMH options (engine.sh alone: 3 x 2 s warm-up, 5 x 2 s)
ENGINE_REQUESTS=1000000      # phase D: redis-benchmark -P 100 requests per test
if [ "$QUICK" = 1 ]; then
  DURATION=1 WARMUP=1 MEM_N=20000 CONTACTS=6000 RB_PLAIN_N=20000 RB_PIPE_N=200000 RB_SORT_N=5000 PROFILE_SECS=2
  JIT_WARMUP=1 TUNE_WARMUP=1 TUNE_ROUNDS=2 TUNE_SECS=1
  ENGINE_JMH="-f 1 -wi 1 -w 1s -i 1 -r 1s" ENGINE_REQUESTS=100000
fi

# --- JDK: the newest under /usr/lib/jvm (Temurin preferred at equal majors), as .ci/run ---------
best_home="" best_major=0
for dir in /usr/lib/jvm/*/; do
  dir="${dir%/}"
  [ -x "$dir/bin/java" ] && [ -x "$dir/bin/jcmd" ] && [ -f "$dir/release" ] || continue
  major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$dir/release")"
  [ -n "$major" ] || continue
  if [ "$major" -gt "$best_major" ] || { [ "$major" -eq "$best_major" ] && [[ "$dir" == *temurin* ]]; }; then
    best_major="$major" best_home="$dir"
  fi
done
[ -n "$best_home" ] || { echo "run.sh: no JDK under /usr/lib/jvm" >&2; exit 1; }
export JAVA_HOME="$best_home"
export PATH="$JAVA_HOME/bin:$PATH"
JAVA="$JAVA_HOME/bin/java"

for tool in wrk webdis redis-server redis-cli redis-benchmark python3 curl jcmd jfr taskset; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required (apt-get install redis-server redis-tools webdis wrk python3 curl util-linux)" >&2; exit 1; }
done

rm -rf "$OUT"
mkdir -p "$OUT"
TMP="$(mktemp -d /tmp/restis-bench.XXXXXX)"

# --- Processes: every one we start is in PIDS; stopped by PID on any exit ----------------------
PIDS=()
stop_pid() { # pid: TERM, up to 20 s for a graceful stop, then KILL
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "== [$(( $(date +%s) - T_START ))s] $*" >&2; }
T_MARK=$T_START
mark() { # step: its wall time, for the report's time budget
  local now; now=$(date +%s)
  echo "time.$1=$(( now - T_MARK ))" >> "$OUT/times.txt"
  T_MARK=$now
}
fact() { echo "$1=$2" >> "$OUT/facts.txt"; }
cmd_record() { echo "$*" >> "$OUT/commands.txt"; }
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }

# --- Build ------------------------------------------------------------------------------------
# The app's jar, then the JMH jar of benchmarks/ against the engine just built (engine.sh builds
# the same way): the plain jar goes into a local repository under target/, chained in front of
# ~/.m2, so nothing is installed into ~/.m2.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "build: ./mvnw -q -B -DskipTests package, then the JMH jar (JAVA_HOME=$JAVA_HOME)"
  { ./mvnw -q -B -DskipTests package \
      && ./mvnw -q -B install:install-file -Dfile=target/restis-0.1.0-SNAPSHOT.jar -DpomFile=pom.xml \
           -DlocalRepositoryPath="$ROOT/target/bench-m2" \
      && ./mvnw -q -B -f benchmarks/pom.xml -Dmaven.repo.local="$ROOT/target/bench-m2" \
           -Dmaven.repo.local.tail="$HOME/.m2/repository" package; } > "$OUT/build.log" 2>&1 \
    || { cat "$OUT/build.log" >&2; exit 1; }
fi
[ -f "$JAR" ] || { echo "run.sh: $JAR is missing (run without SKIP_BUILD)" >&2; exit 1; }
[ -f "$JMH_JAR" ] || { echo "run.sh: $JMH_JAR is missing (run without SKIP_BUILD)" >&2; exit 1; }
mark build

# --- Machine ----------------------------------------------------------------------------------
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "mem=$(free -m | awk '/^Mem:/ {print $2}') MiB"
  echo "kernel=$(uname -r)"
  echo "jdk=$("$JAVA" -version 2>&1 | sed -n '2p')"
  echo "redis=$(redis-server --version)"
  echo "webdis=$(dpkg-query -W -f '${Version}' webdis 2>/dev/null || echo unknown)"
  echo "wrk=$(wrk -v 2>&1 | head -1)"
  echo "load_before=$(uptime | sed 's/.*load average: //')"
  echo "quick=$QUICK"
  echo "duration=$DURATION"
  echo "warmup=$WARMUP"
  echo "conns=$CONNS"
  echo "low_conns=$LOW_CONNS"
  echo "threads=$THREADS"
  echo "mem_n=$MEM_N"
  echo "contacts=$CONTACTS"
  echo "keys=$KEYS"
  echo "tune_secs=$TUNE_SECS"
  echo "tune_rounds=$TUNE_ROUNDS"
  echo "profile_secs=$PROFILE_SECS"
  echo "engine_jmh=$ENGINE_JMH"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

# --- Servers ----------------------------------------------------------------------------------
# Restis as shipped (virtual threads on, the JVM's default GC) unless a variant says otherwise.
# The JFR stack depth only matters while a recording runs (the profiles below); a request's stack
# under Tomcat, the filters and Spring MVC is about 150 frames deep, and the profile's stages are
# read from its outer frames.
RESTIS_JVM_BASE=(-XX:FlightRecorderOptions:stackdepth=256)
RESTIS_PID="" RESTIS_PORT="" RESTIS_URL=""
start_restis() { # name data-dir "jvm flags" "spring args"; sets RESTIS_PID/PORT/URL, no waiting
  local name="$1" dir="$2" jvm="$3" spring="$4"
  RESTIS_PORT="$(free_port)"
  RESTIS_URL="http://127.0.0.1:$RESTIS_PORT"
  mkdir -p "$dir"
  # shellcheck disable=SC2206
  local cmd=("$JAVA" "${RESTIS_JVM_BASE[@]}" $jvm -jar "$JAR" --server.port="$RESTIS_PORT" --server.address=127.0.0.1
             --restis.bench.noop-endpoint=true --restis.persistence.dir="$dir" --restis.persistence.save= $spring)
  cmd_record "# restis $name: ${cmd[*]}"
  "${cmd[@]}" > "$OUT/restis-$name.log" 2>&1 &
  RESTIS_PID=$!
  PIDS+=("$RESTIS_PID")
}
wait_restis_ready() { # name: until readiness is up; checks the port is served by our process
  local name="$1" t0="$2"
  for _ in $(seq 1800); do
    kill -0 "$RESTIS_PID" 2>/dev/null || { tail -30 "$OUT/restis-$name.log" >&2; echo "run.sh: restis $name died" >&2; exit 1; }
    if curl -sf -o /dev/null "$RESTIS_URL/actuator/health/readiness"; then
      grep -q "PID $RESTIS_PID" "$OUT/restis-$name.log" && grep -q "port $RESTIS_PORT" "$OUT/restis-$name.log" \
        || { echo "run.sh: $RESTIS_URL is not served by our restis $RESTIS_PID" >&2; exit 1; }
      fact "restis.$name.startup_ms" "$(( $(now_ms) - t0 ))"
      return 0
    fi
    sleep 0.1
  done
  echo "run.sh: restis $name not ready after 180 s" >&2; exit 1
}

REDIS_PID="" REDIS_PORT=""
start_redis() { # name dir: not daemonized, so $! is redis-server itself
  local name="$1" dir="$2"
  REDIS_PORT="$(free_port)"
  mkdir -p "$dir"
  local cmd=(redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no
             --dir "$dir" --dbfilename dump.rdb --logfile "$OUT/redis-$name.log")
  cmd_record "# redis $name: ${cmd[*]}"
  "${cmd[@]}" &
  REDIS_PID=$!
  PIDS+=("$REDIS_PID")
}
wait_redis_ready() { # until it answers, then checks that it is our process
  for _ in $(seq 600); do
    kill -0 "$REDIS_PID" 2>/dev/null || { echo "run.sh: redis-server died" >&2; exit 1; }
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break
    sleep 0.05
  done
  local served_by
  served_by="$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" info server | tr -d '\r' | sed -n 's/^process_id://p')"
  [ "$served_by" = "$REDIS_PID" ] || { echo "run.sh: port $REDIS_PORT is served by '$served_by', not our $REDIS_PID" >&2; exit 1; }
}
rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

WEBDIS_PID="" WEBDIS_PORT="" WEBDIS_URL=""
start_webdis() { # name: in front of REDIS_PORT, 2 threads (as many as cores here), config in TMP
  local name="$1"
  WEBDIS_PORT="$(free_port)"
  WEBDIS_URL="http://127.0.0.1:$WEBDIS_PORT"
  cat > "$TMP/webdis-$name.json" <<EOF
{"redis_host": "127.0.0.1", "redis_port": $REDIS_PORT, "redis_auth": null,
 "http_host": "127.0.0.1", "http_port": $WEBDIS_PORT, "threads": 2, "pool_size": 20,
 "daemonize": false, "database": 0, "acl": [{"disabled": ["DEBUG"]}],
 "verbosity": 1, "logfile": "$OUT/webdis-$name.log"}
EOF
  cp "$TMP/webdis-$name.json" "$OUT/webdis-$name.json"
  cmd_record "# webdis $name: webdis webdis-$name.json  ($(tr -d '\n' < "$TMP/webdis-$name.json"))"
  webdis "$TMP/webdis-$name.json" >> "$OUT/webdis-$name.log" 2>&1 &
  WEBDIS_PID=$!
  PIDS+=("$WEBDIS_PID")
  for _ in $(seq 100); do
    curl -sf -o /dev/null "$WEBDIS_URL/PING" && return 0
    kill -0 "$WEBDIS_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "run.sh: webdis $name did not start" >&2; exit 1
}

# --- Load generators --------------------------------------------------------------------------
# A workload on a Restis (profile=profile): its warm-up runs PROFILE_SECS under a JFR recording
# (profile settings, thread CPU every second), summarized by profile.py once every server is gone.
# The measured run that follows is not recorded.
run_wrk() { # name url workload keys prefix [connections] [profile]
  local name="$1" url="$2" workload="$3" keys="$4" prefix="$5" conns="${6:-$CONNS}" prof="${7:-}"
  local threads=$THREADS
  [ "$conns" -lt "$threads" ] && threads="$conns"
  local args=(-t"$threads" -c"$conns" -s "$LOAD/http.lua" "$url" -- "$workload" "$keys" "$prefix")
  if [ "$prof" = profile ]; then
    local jfr="$OUT/profile-$name.jfr"
    jfr_start "$name" "$jfr"
    cmd_record "wrk -d${PROFILE_SECS}s ${args[*]}  # warm-up, under the JFR recording"
    wrk -d"${PROFILE_SECS}s" "${args[@]}" > "$OUT/wrk-$name.warmup.txt" 2>&1
    for _ in $(seq 50); do [ -s "$jfr" ] && break; sleep 0.1; done
  else
    wrk -d"${WARMUP}s" "${args[@]}" > "$OUT/wrk-$name.warmup.txt" 2>&1
  fi
  local cmd=(wrk -d"${DURATION}s" --latency "${args[@]}")
  cmd_record "${cmd[*]}"
  "${cmd[@]}" > "$OUT/wrk-$name.txt" 2>&1
  log "$name: $(grep -E '^Requests/sec' "$OUT/wrk-$name.txt") $(sed -n 's/^RESULT //p' "$OUT/wrk-$name.txt" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("p50 %.2f ms p99 %.2f ms errors %d" % (r["p50_us"]/1000, r["p99_us"]/1000, r["errors_status"]+r["bad_answers"]))')"
}
run_rb() { # name redis-benchmark-args...: bounded in time; a run cut short leaves its row empty
  local name="$1"; shift
  local cmd=(redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" --csv "$@")
  cmd_record "${cmd[*]}"
  timeout "$RB_TIMEOUT" "${cmd[@]}" > "$OUT/rb-$name.csv" 2>&1 \
    || echo "redis-benchmark $name: stopped after ${RB_TIMEOUT}s (exit $?)" | tee -a "$OUT/rb-$name.csv" >&2
  log "$name: $(tail -n +2 "$OUT/rb-$name.csv" | tr '\n' ' ')"
}
# redis-benchmark runs a request count, not a duration: size it from a wrk run of the same
# workload so that it lasts about DURATION seconds (at least 500 requests, at most the cap).
rb_count() { # wrk-result-name factor cap
  sed -n 's/^RESULT //p' "$OUT/wrk-$1.txt" | python3 -c "import json,sys; r=json.load(sys.stdin); print(max(500, min($3, int(r['rps'] * $DURATION * $2))))"
}
load_restis() { # dataset [n]
  local cmd=(python3 "$LOAD/data.py" restis "$RESTIS_URL" "$@")
  cmd_record "${cmd[*]}"
  local t0; t0=$(now_ms)
  "${cmd[@]}" 2>> "$OUT/load.log"
  fact "load.restis.$1_ms" "$(( $(now_ms) - t0 ))"
}
load_redis() { # dataset [n]
  cmd_record "python3 $LOAD/data.py resp $* | redis-cli -h 127.0.0.1 -p $REDIS_PORT --pipe"
  local t0; t0=$(now_ms)
  python3 "$LOAD/data.py" resp "$@" | rcli --pipe >> "$OUT/load.log" 2>&1
  grep -q 'errors: 0' <(tail -1 "$OUT/load.log") || { tail -3 "$OUT/load.log" >&2; echo "run.sh: redis-cli --pipe reported errors" >&2; exit 1; }
  fact "load.redis.$1_ms" "$(( $(now_ms) - t0 ))"
}

# A JFR recording of RESTIS_PID for PROFILE_SECS (the profile settings, and each thread's CPU every
# second for profile.py's CPU split; a JDK that does not take that option records without it).
jfr_start() { # name file
  local cmd=(jcmd "$RESTIS_PID" JFR.start name="$1" settings=profile duration="${PROFILE_SECS}s" filename="$2")
  if "${cmd[@]}" 'jdk.ThreadCPULoad#period=1s' > "$TMP/jfr-start.txt" 2>&1 && grep -q 'Started recording' "$TMP/jfr-start.txt"; then
    cmd_record "${cmd[*]} jdk.ThreadCPULoad#period=1s"
  elif "${cmd[@]}" > "$TMP/jfr-start.txt" 2>&1 && grep -q 'Started recording' "$TMP/jfr-start.txt"; then
    cmd_record "${cmd[*]}"
  else
    log "JFR.start failed for $1 (no profile): $(tr '\n' ' ' < "$TMP/jfr-start.txt")"
  fi
}

restis_heap() { # name: used heap (bytes) after a full GC, and RSS
  jcmd "$RESTIS_PID" GC.run > /dev/null
  sleep 1
  jcmd "$RESTIS_PID" GC.heap_info > "$OUT/heap-$1.txt"
  fact "mem.restis.$1.heap" "$(python3 "$LOAD/heap.py" "$OUT/heap-$1.txt")"
  fact "mem.restis.$1.rss" "$(( $(rss_kb "$RESTIS_PID") * 1024 ))"
}
redis_mem() { # name
  rcli info memory | tr -d '\r' > "$OUT/redis-info-memory-$1.txt"
  fact "mem.redis.$1.used" "$(sed -n 's/^used_memory://p' "$OUT/redis-info-memory-$1.txt")"
  fact "mem.redis.$1.rss" "$(( $(rss_kb "$REDIS_PID") * 1024 ))"
}

key_of() { printf 'key:%012d' "$1"; }
restis_dbsize() { curl -s "$RESTIS_URL/redis/dbsize" | sed -n 's/^{"result":\([0-9]*\)}$/\1/p'; }

# Before the first measured run on a fresh Restis: the JIT compiles the HTTP stack and the store
# on the workloads that follow, so the first table row is not the one that pays for it.
jit_warmup() {
  local w
  for w in noop strings-get json-get json-set pipeline-set; do
    wrk -t"$THREADS" -c"$CONNS" -d"${JIT_WARMUP}s" -s "$LOAD/http.lua" "$RESTIS_URL" -- "$w" "$KEYS" key: \
      > "$OUT/wrk-jit-warmup-$w.txt" 2>&1
  done
}

########################################################################################################
# Phase A: HTTP GET/SET, pipelines, contact search, page views; a JFR profile of each Restis workload.
########################################################################################################
log "phase A: servers"
t0=$(now_ms); start_redis a "$TMP/redis-a"; wait_redis_ready
start_webdis a
t0=$(now_ms); start_restis a "$TMP/restis-a" "" ""; wait_restis_ready a "$t0"
RESTIS_A_PID=$RESTIS_PID
fact restis.a.gc "$(jcmd "$RESTIS_PID" VM.flags 2>/dev/null | grep -o -- '-XX:+Use[A-Za-z0-9]*GC' | head -1)"

log "phase A: $KEYS keys in each store"
load_restis keys "$KEYS"
load_redis keys "$KEYS"
[ "$(restis_dbsize)" = "$KEYS" ] || { echo "run.sh: restis dbsize is not $KEYS" >&2; exit 1; }
log "phase A: JIT warm-up (${JIT_WARMUP}s each of noop, strings-get, json-get, json-set, pipeline-set)"
jit_warmup
[ "$(rcli dbsize)" = "$KEYS" ] || { echo "run.sh: redis dbsize is not $KEYS" >&2; exit 1; }

log "phase A: HTTP GET and SET, wrk ${THREADS} threads, $CONNS connections, ${DURATION}s after a warm-up" \
  "(${PROFILE_SECS}s under JFR for Restis, ${WARMUP}s for webdis)"
run_wrk restis-noop "$RESTIS_URL" noop "$KEYS" key: "$CONNS" profile
for w in strings-get path-get json-get strings-put path-set json-set; do
  run_wrk "restis-$w" "$RESTIS_URL" "$w" "$KEYS" key: "$CONNS" profile
done
run_wrk webdis-get "$WEBDIS_URL" webdis-get "$KEYS" key:
run_wrk webdis-set "$WEBDIS_URL" webdis-set "$KEYS" key:
run_rb plain -c "$CONNS" -n "$RB_PLAIN_N" -r "$KEYS" -t set,get

log "phase A: pipelines of 100 commands"
run_wrk restis-pipeline-set "$RESTIS_URL" pipeline-set "$KEYS" key: "$CONNS" profile
run_wrk restis-pipeline-get "$RESTIS_URL" pipeline-get "$KEYS" key: "$CONNS" profile
run_rb pipeline -c "$CONNS" -P 100 -n "$RB_PIPE_N" -r "$KEYS" -t set,get

log "phase A: contact search ($CONTACTS contacts)"
load_restis contacts "$CONTACTS"
load_redis contacts "$CONTACTS"
# Both stores must give the same pages before their speed is compared: every city, both forms.
cmd_record "python3 $LOAD/pages.py $RESTIS_URL $REDIS_PORT 50"
python3 "$LOAD/pages.py" "$RESTIS_URL" "$REDIS_PORT" 50 >> "$OUT/facts.txt"
log "contact pages: $(grep '^contacts\.' "$OUT/facts.txt" | tr '\n' ' ')"
SORT_TAIL=(LIMIT 0 20 GET '#' GET 'contact:*->name' GET 'contact:*->email')
# The form of the seed: sort the city's index set by the contacts' names.
run_wrk restis-sort "$RESTIS_URL" sort 50 city: "$CONNS" profile
run_wrk restis-sort-c1 "$RESTIS_URL" sort 50 city: 1 profile
run_wrk webdis-sort "$WEBDIS_URL" webdis-sort 50 city:
run_wrk webdis-sort-c1 "$WEBDIS_URL" webdis-sort 50 city: 1
run_rb sort -c "$CONNS" -n "$(rb_count webdis-sort 1 "$RB_SORT_N")" -r 50 \
  SORT city:__rand_int__ BY 'contact:*->name' ALPHA "${SORT_TAIL[@]}"
run_rb sort-c1 -c 1 -n "$(rb_count webdis-sort-c1 1 "$RB_SORT_N")" -r 50 \
  SORT city:__rand_int__ BY 'contact:*->name' ALPHA "${SORT_TAIL[@]}"
# With the loader's sort key: the city's sorted set is already in name order, so SORT ... BY nosort
# takes the page straight from it (LIMIT applied to the range) and only the GETs remain.
run_wrk restis-sort-key "$RESTIS_URL" sort-key 50 city: "$CONNS" profile
run_wrk restis-sort-key-c1 "$RESTIS_URL" sort-key 50 city: 1 profile
run_wrk restis-sort-key-low "$RESTIS_URL" sort-key 50 city: "$LOW_CONNS"
run_wrk webdis-sort-key "$WEBDIS_URL" webdis-sort-key 50 city:
run_wrk webdis-sort-key-low "$WEBDIS_URL" webdis-sort-key 50 city: "$LOW_CONNS"
run_wrk webdis-sort-key-c1 "$WEBDIS_URL" webdis-sort-key 50 city: 1
run_rb sort-key -c "$CONNS" -n "$(rb_count webdis-sort-key 1 "$RB_SORT_N")" -r 50 \
  SORT city:__rand_int__:byname BY nosort "${SORT_TAIL[@]}"
run_rb sort-key-c1 -c 1 -n "$(rb_count webdis-sort-key-c1 1 "$RB_SORT_N")" -r 50 \
  SORT city:__rand_int__:byname BY nosort "${SORT_TAIL[@]}"

# The seed's page-view ingest: tracker.js's request (POST /track/bench, JSON in a text/plain body,
# an Origin header); no tokens are configured, so the loopback client may send views. Then the
# store is asked whether they all landed.
log "phase A: page-view ingest (POST /track/bench)"
run_wrk restis-track "$RESTIS_URL" track 0 - "$CONNS" profile
run_wrk restis-track-low "$RESTIS_URL" track 0 - "$LOW_CONNS"
cmd_record "python3 $LOAD/tracker_check.py $RESTIS_URL bench wrk-restis-track.warmup.txt wrk-restis-track.txt wrk-restis-track-low.warmup.txt wrk-restis-track-low.txt"
python3 "$LOAD/tracker_check.py" "$RESTIS_URL" bench "$OUT/wrk-restis-track.warmup.txt" "$OUT/wrk-restis-track.txt" \
  "$OUT/wrk-restis-track-low.warmup.txt" "$OUT/wrk-restis-track-low.txt" \
  >> "$OUT/facts.txt"
log "tracker: $(grep '^tracker\.' "$OUT/facts.txt" | tr '\n' ' ')"

stop_pid "$RESTIS_PID"; stop_pid "$WEBDIS_PID"; stop_pid "$REDIS_PID"
mark phase_a

########################################################################################################
# Phase B: tuning. The variants run side by side (each idle while another is measured) and are
# measured in turns, round after round: a change in the machine's load then hits every variant
# alike instead of whichever happened to run at that moment. The report gives the median round.
########################################################################################################
VARIANTS=(
  "default||"
  "platform-threads||--spring.threads.virtual.enabled=false"
  "parallel-gc|-XX:+UseParallelGC|"
  "serial-gc|-XX:+UseSerialGC|"
)
declare -A V_PID V_PORT
log "phase B: starting ${#VARIANTS[@]} variants side by side"
t0=$(now_ms)
for v in "${VARIANTS[@]}"; do
  IFS='|' read -r vname vjvm vspring <<< "$v"
  echo "$vname|$vjvm|$vspring" >> "$OUT/variants.txt"
  start_restis "tune-$vname" "$TMP/restis-tune-$vname" "$vjvm" "$vspring"
  V_PID[$vname]=$RESTIS_PID V_PORT[$vname]=$RESTIS_PORT
done
use_variant() { RESTIS_PID=${V_PID[$1]} RESTIS_PORT=${V_PORT[$1]} RESTIS_URL="http://127.0.0.1:${V_PORT[$1]}"; }
for v in "${VARIANTS[@]}"; do
  vname="${v%%|*}"; use_variant "$vname"
  wait_restis_ready "tune-$vname" "$t0"
  load_restis keys "$KEYS"
done
log "phase B: JIT warm-up of each variant (${TUNE_WARMUP}s per workload)"
for v in "${VARIANTS[@]}"; do
  vname="${v%%|*}"; use_variant "$vname"
  for w in strings-get pipeline-set; do
    wrk -t"$THREADS" -c"$CONNS" -d"${TUNE_WARMUP}s" -s "$LOAD/http.lua" "$RESTIS_URL" -- "$w" "$KEYS" key: \
      > "$OUT/wrk-tune-$vname-$w.warmup.txt" 2>&1
  done
done
WARMUP_SAVED=$WARMUP DURATION_SAVED=$DURATION
WARMUP=1 DURATION=$TUNE_SECS
for round in $(seq "$TUNE_ROUNDS"); do
  log "phase B: round $round of $TUNE_ROUNDS"
  for v in "${VARIANTS[@]}"; do
    vname="${v%%|*}"; use_variant "$vname"
    run_wrk "tune-$vname-strings-get-r$round" "$RESTIS_URL" strings-get "$KEYS" key:
    run_wrk "tune-$vname-pipeline-set-r$round" "$RESTIS_URL" pipeline-set "$KEYS" key:
  done
done
WARMUP=$WARMUP_SAVED DURATION=$DURATION_SAVED
for v in "${VARIANTS[@]}"; do stop_pid "${V_PID[${v%%|*}]}"; done
mark phase_b

########################################################################################################
# Phase C: memory, snapshot, restart, on fresh processes.
########################################################################################################
log "phase C: memory ($MEM_N string keys, a list of $MEM_N, a sorted set of $MEM_N)"
start_redis c "$TMP/redis-c"; wait_redis_ready
start_webdis c
t0=$(now_ms); start_restis c "$TMP/restis-c" "" ""; wait_restis_ready c "$t0"
restis_heap empty; redis_mem empty
for ds in strings list zset; do
  load_restis "$ds" "$MEM_N"; load_redis "$ds" "$MEM_N"
  restis_heap "$ds"; redis_mem "$ds"
done
fact restis.c.dbsize "$(restis_dbsize)"
fact redis.c.dbsize "$(rcli dbsize)"

log "phase C: SAVE"
cmd_record "curl -X POST $RESTIS_URL/admin/persistence/save"
t0=$(now_ms); curl -sf -X POST "$RESTIS_URL/admin/persistence/save" > "$OUT/restis-save.json"
fact save.restis.ms "$(( $(now_ms) - t0 ))"
fact save.restis.bytes "$(stat -c %s "$TMP/restis-c/dump.rdb")"
cmd_record "redis-cli -p $REDIS_PORT SAVE"
t0=$(now_ms); rcli save > /dev/null
fact save.redis.ms "$(( $(now_ms) - t0 ))"
fact save.redis.bytes "$(stat -c %s "$TMP/redis-c/dump.rdb")"

log "phase C: write latency idle and during back-to-back background saves"
# A fresh Restis: a longer warm-up before the first of these runs, so "idle" is not "cold".
WARMUP_SAVED=$WARMUP; WARMUP=$TUNE_WARMUP
run_wrk restis-set-idle "$RESTIS_URL" json-set "$MEM_N" key:
WARMUP=$WARMUP_SAVED
run_wrk webdis-set-idle "$WEBDIS_URL" webdis-set "$MEM_N" key:
bgsave_loop() { # store stopfile record: BGSAVE, wait for its end, again, until the stop file appears
  local store="$1" stop="$2" rec="$3" s
  while [ ! -e "$stop" ]; do
    s=$(now_ms)
    if [ "$store" = restis ]; then
      curl -s -o /dev/null -X POST "$RESTIS_URL/admin/persistence/bgsave"
      while curl -s "$RESTIS_URL/admin/persistence" | grep -q '"inProgress":"'; do sleep 0.05; done
    else
      rcli bgsave > /dev/null
      while rcli info persistence | grep -q 'rdb_bgsave_in_progress:1'; do sleep 0.05; done
    fi
    echo "$s $(now_ms)" >> "$rec"
  done
}
for store in restis redis; do
  rm -f "$TMP/stop"
  bgsave_loop "$store" "$TMP/stop" "$OUT/bgsaves-$store.txt" &
  loop_pid=$!; PIDS+=("$loop_pid")
  sleep 0.5
  if [ "$store" = restis ]; then
    run_wrk restis-set-bgsave "$RESTIS_URL" json-set "$MEM_N" key:
  else
    run_wrk webdis-set-bgsave "$WEBDIS_URL" webdis-set "$MEM_N" key:
  fi
  touch "$TMP/stop"; wait "$loop_pid" || true
done

log "phase C: restart (time from process start until the data answers)"
last_key="$(key_of $(( MEM_N - 1 )))"
stop_pid "$RESTIS_PID"
t0=$(now_ms); start_restis d "$TMP/restis-c" "" ""
for _ in $(seq 3000); do
  kill -0 "$RESTIS_PID" 2>/dev/null || { tail -30 "$OUT/restis-d.log" >&2; exit 1; }
  curl -s "$RESTIS_URL/redis/get/$last_key" 2>/dev/null | grep -q '"result":"value' && break
  sleep 0.05
done
fact restart.restis.ms "$(( $(now_ms) - t0 ))"
wait_restis_ready d "$t0"
fact restart.restis.log "$(grep -o 'DB loaded from disk.*' "$OUT/restis-d.log" | head -1)"
fact restart.restis.dbsize "$(restis_dbsize)"
stop_pid "$WEBDIS_PID"
rcli shutdown nosave > /dev/null 2>&1 || true; stop_pid "$REDIS_PID"
REDIS_PORT_OLD=$REDIS_PORT
t0=$(now_ms); start_redis d "$TMP/redis-c"
for _ in $(seq 3000); do
  kill -0 "$REDIS_PID" 2>/dev/null || { echo "run.sh: redis-server d died" >&2; exit 1; }
  [ "$(rcli get "$last_key" 2>/dev/null)" = value-0123456789 ] && break
  sleep 0.05
done
fact restart.redis.ms "$(( $(now_ms) - t0 ))"
wait_redis_ready
fact restart.redis.log "$(grep -o 'DB loaded from disk.*' "$OUT/redis-d.log" | head -1)"
fact restart.redis.dbsize "$(rcli dbsize)"
: "$REDIS_PORT_OLD"
stop_pid "$RESTIS_PID"; rcli shutdown nosave > /dev/null 2>&1 || true; stop_pid "$REDIS_PID"
mark phase_c

########################################################################################################
# Phase D: the engine alone (JMH, in-process, one thread on CPU 0) against redis-benchmark -P 100
# with redis-server on CPU 0: benchmarks/engine.sh, with shorter JMH iterations than on its own
# and without its two-thread variant.
########################################################################################################
log "phase D: the engine alone (JMH $ENGINE_JMH) against redis-benchmark -P 100, one core each"
cmd_record "SKIP_BUILD=1 ENGINE_THREADS=1 JMH_OPTS='$ENGINE_JMH' REQUESTS=$ENGINE_REQUESTS benchmarks/engine.sh"
SKIP_BUILD=1 ENGINE_THREADS=1 JMH_OPTS="$ENGINE_JMH" REQUESTS="$ENGINE_REQUESTS" QUICK=0 \
  "$ROOT/benchmarks/engine.sh" > "$OUT/engine.md" 2> "$OUT/engine.log" &
engine_pid=$!; PIDS+=("$engine_pid")
if wait "$engine_pid"; then fact engine.status ok; else fact engine.status "failed (exit $?, see engine.log)"; fi
for f in "$ROOT"/benchmarks/target/engine-run/*.cmd; do [ -f "$f" ] && cmd_record "$(cat "$f")"; done
log "engine: $(grep -c '^| [A-Z]' "$OUT/engine.md" || true) table rows"
mark phase_d

echo "load_after=$(uptime | sed 's/.*load average: //')" >> "$OUT/machine.txt"

########################################################################################################
# Report: the JFR recordings are read now, with no server running.
########################################################################################################
log "report: summarizing $(ls "$OUT"/profile-*.jfr 2>/dev/null | wc -l) JFR recordings"
# Two at a time (each is mostly a `jfr print`, one JVM start).
find "$OUT" -maxdepth 1 -name 'profile-*.jfr' -print0 | xargs -0 -r -P 2 -I{} sh -c \
  'python3 "$0" "$1" --json "${1%.jfr}.json" > "${1%.jfr}.md" 2> "${1%.jfr}.err" \
     || echo "profile.py failed on $1 (see ${1%.jfr}.err)" > "${1%.jfr}.md"' "$LOAD/profile.py" {}
mark profiles
echo "total_s=$(( $(date +%s) - T_START ))" >> "$OUT/machine.txt"
python3 "$LOAD/report.py" "$OUT" > "$OUT/report.md"
if [ "$QUICK" = 1 ]; then
  log "QUICK run: report in $OUT/report.md (BENCHMARKS.md untouched)"
else
  python3 "$LOAD/report.py" --update "$ROOT/BENCHMARKS.md" "$OUT/report.md"
  log "BENCHMARKS.md updated"
fi
log "done in $(( $(date +%s) - T_START )) s"
