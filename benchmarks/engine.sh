#!/usr/bin/env bash
# The engine alone (JMH, in-process) next to Redis (redis-benchmark -P 100, server on one core).
#
#   benchmarks/engine.sh            build, run everything, print a markdown report
#   SKIP_BUILD=1 benchmarks/engine.sh   reuse benchmarks/target/benchmarks.jar
#   QUICK=1 benchmarks/engine.sh        a smoke run of the script itself (figures meaningless)
#   JMH_OPTS="-f 1 -wi 2 -w 1s -i 3 -r 1s" REQUESTS=1000000 ENGINE_THREADS=1 benchmarks/engine.sh
#                                       other JMH iterations, redis-benchmark requests per test, and
#                                       the one-thread variant only (benchmarks/run.sh runs it so)
#
# What runs, in order:
#   1. ./mvnw package -DskipTests (the engine jar), which goes into a local repository under target/
#      chained in front of ~/.m2 (nothing is installed into ~/.m2), then the JMH uber jar
#      benchmarks/target/benchmarks.jar against it;
#   2. JMH EngineBenchmark (GET SET LPUSH LPOP ZADD ZRANGE; 1 fork, 3 warmup x 2 s,
#      5 measurement x 2 s), one thread pinned to CPU 0 (taskset -c 0);
#   3. the same with two threads, unpinned (unless ENGINE_THREADS=1);
#   4. redis-server on a free loopback port pinned to CPU 0, redis-benchmark pinned to CPU 1:
#      redis-benchmark -P 100 -t get,set,lpush,lpop,zadd -n 1000000 -q, and ZRANGE zrange:1000 0 9
#      as a custom command on the same 1000-member sorted set the JMH ZRANGE uses;
#   5. a markdown table of both, with ratios. Raw results stay in benchmarks/target/engine-run/.
set -euo pipefail
trap 'exit 130' INT TERM

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
OUT="$ROOT/benchmarks/target/engine-run"
JAR="$ROOT/benchmarks/target/benchmarks.jar"

# --- JDK: the newest under /usr/lib/jvm (Temurin preferred at equal majors), as .ci/run ---------
best_home="" best_major=0
for dir in /usr/lib/jvm/*/; do
  dir="${dir%/}"
  [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] && [ -f "$dir/release" ] || continue
  major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$dir/release")"
  [ -n "$major" ] || continue
  if [ "$major" -gt "$best_major" ] || { [ "$major" -eq "$best_major" ] && [[ "$dir" == *temurin* ]]; }; then
    best_major="$major" best_home="$dir"
  fi
done
if [ -n "$best_home" ]; then
  export JAVA_HOME="$best_home"
  export PATH="$JAVA_HOME/bin:$PATH"
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

for tool in taskset redis-server redis-cli redis-benchmark python3; do
  command -v "$tool" >/dev/null || { echo "engine.sh: $tool is required" >&2; exit 1; }
done

# --- Build ----------------------------------------------------------------------------------------
BUILD_LOG="$(mktemp)"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== build (JAVA_HOME=${JAVA_HOME:-default})" >&2
  { ./mvnw -q -B -DskipTests package \
      && ./mvnw -q -B install:install-file -Dfile=target/restis-0.1.0-SNAPSHOT.jar -DpomFile=pom.xml \
           -DlocalRepositoryPath="$ROOT/target/bench-m2" \
      && ./mvnw -q -B -f benchmarks/pom.xml -Dmaven.repo.local="$ROOT/target/bench-m2" \
           -Dmaven.repo.local.tail="$HOME/.m2/repository" package; } > "$BUILD_LOG" 2>&1 \
    || { cat "$BUILD_LOG" >&2; exit 1; }
fi
if [ ! -f "$JAR" ]; then
  echo "engine.sh: $JAR is missing (run without SKIP_BUILD)" >&2
  exit 1
fi
rm -rf "$OUT"
mkdir -p "$OUT"
mv "$BUILD_LOG" "$OUT/build.log"

# --- Machine --------------------------------------------------------------------------------------
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "jdk=$("$JAVA" -version 2>&1 | sed -n '2p')"
  echo "redis=$(redis-server --version)"
  echo "load_before=$(uptime | sed 's/.*load average: //')"
} > "$OUT/machine.txt"

# --- JMH ------------------------------------------------------------------------------------------
# One thread pinned to CPU 0 (the JVM then sees one CPU and picks SerialGC; JIT and GC threads
# share that core, as redis-server gets one core), two threads unpinned.
if [ -n "${JMH_OPTS:-}" ]; then
  read -r -a JMH_OPTS <<< "$JMH_OPTS"
elif [ "${QUICK:-0}" = 1 ]; then
  JMH_OPTS=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
else
  JMH_OPTS=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
fi
REQUESTS="${REQUESTS:-$([ "${QUICK:-0}" = 1 ] && echo 100000 || echo 1000000)}"
ENGINE_THREADS="${ENGINE_THREADS:-1 2}"
jmh() { # name pin|nopin regex
  local name="$1" pin="$2" regex="$3"
  echo "== JMH $name" >&2
  local cmd=("$JAVA" -jar "$JAR" "$regex" "${JMH_OPTS[@]}" -rf json -rff "$OUT/$name.json")
  if [ "$pin" = pin ]; then
    cmd=(taskset -c 0 "${cmd[@]}")
  fi
  echo "${cmd[*]}" > "$OUT/$name.cmd"
  # A failing benchmark (e.g. a command not in the table yet) leaves its row out; the report says so.
  "${cmd[@]}" > "$OUT/$name.log" 2>&1 || echo "JMH $name exited $? (see $OUT/$name.log)" >&2
  grep -E '^(Benchmark|EngineBenchmark)' "$OUT/$name.log" >&2 || true
}
jmh jmh-1t pin 'EngineBenchmark.oneThread'
if [[ " $ENGINE_THREADS " == *" 2 "* ]]; then
  jmh jmh-2t nopin 'EngineBenchmark.twoThreads'
fi

# --- Redis ----------------------------------------------------------------------------------------
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
taskset -c 0 redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --logfile "$OUT/redis-server.log" &
REDIS_PID=$!
stop_redis() {
  if kill -0 "$REDIS_PID" 2>/dev/null; then
    redis-cli -h 127.0.0.1 -p "$PORT" shutdown nosave >/dev/null 2>&1 || kill "$REDIS_PID"
    wait "$REDIS_PID" 2>/dev/null || true
  fi
}
trap stop_redis EXIT
for _ in $(seq 50); do
  redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
# Make sure the server on that port is the one started here, not someone else's.
served_by="$(redis-cli -h 127.0.0.1 -p "$PORT" info server | tr -d '\r' | sed -n 's/^process_id://p')"
if [ "$served_by" != "$REDIS_PID" ]; then
  echo "engine.sh: port $PORT is served by pid '$served_by', not by our redis-server $REDIS_PID" >&2
  exit 1
fi

CLIENT_PIN=()
if [ "$(nproc)" -ge 2 ]; then
  CLIENT_PIN=(taskset -c 1)
fi
RB=(redis-benchmark -h 127.0.0.1 -p "$PORT" -P 100 -t get,set,lpush,lpop,zadd -n "$REQUESTS" -q)
echo "== ${RB[*]}" >&2
echo "${CLIENT_PIN[*]} ${RB[*]}" > "$OUT/redis.cmd"
"${CLIENT_PIN[@]}" "${RB[@]}" > "$OUT/redis.txt" 2>&1
# The ZRANGE workload of the JMH benchmark: members member:0000..0999, scores 0..999.
python3 -c 'print(" ".join(f"{i} member:{i:04d}" for i in range(1000)))' \
  | xargs redis-cli -h 127.0.0.1 -p "$PORT" ZADD zrange:1000 > "$OUT/redis-zadd.txt"
RBZ=(redis-benchmark -h 127.0.0.1 -p "$PORT" -P 100 -n "$REQUESTS" -q ZRANGE zrange:1000 0 9)
echo "== ${RBZ[*]}" >&2
echo "${CLIENT_PIN[*]} ${RBZ[*]}" >> "$OUT/redis.cmd"
"${CLIENT_PIN[@]}" "${RBZ[@]}" >> "$OUT/redis.txt" 2>&1
stop_redis
trap - EXIT

echo "load_after=$(uptime | sed 's/.*load average: //')" >> "$OUT/machine.txt"
echo "jmh=${JMH_OPTS[*]}" >> "$OUT/machine.txt"
echo "threads=$ENGINE_THREADS" >> "$OUT/machine.txt"

# --- Report ---------------------------------------------------------------------------------------
python3 - "$OUT" <<'EOF'
import json, math, os, re, sys

out = sys.argv[1]
machine = dict(l.rstrip("\n").split("=", 1) for l in open(os.path.join(out, "machine.txt")))

def jmh(name):
    """{command: (ops/s, error)} from one JMH JSON result file."""
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return {}
    rows = {}
    for r in json.load(open(path)):
        m = r["primaryMetric"]
        assert m["scoreUnit"] == "ops/s", m["scoreUnit"]
        # JSON holds "NaN" as a string when there is a single sample.
        rows[r["params"]["command"]] = (float(m["score"]), float(m["scoreError"]))
    return rows

one = jmh("jmh-1t")
two = jmh("jmh-2t")
with_two = "2" in machine.get("threads", "1 2").split()

redis = {}
for line in re.split(r"[\r\n]+", open(os.path.join(out, "redis.txt")).read()):
    # "SET: 123.45 requests per second, ..." or, for a custom command, "ZRANGE key 0 9: ...".
    m = re.search(r"([0-9.]+) requests per second", line)
    if m:
        redis[line.split()[0].rstrip(":").upper()] = float(m.group(1))

def ops(v):
    if v is None:
        return "missing"
    s, e = v
    return f"{s:,.0f} ± {e:,.0f}" if not math.isnan(e) else f"{s:,.0f}"

def ratio(v, r):
    return f"{v[0] / r:.2f}" if v is not None and r else "–"

print(f"Date: {machine['date']}  ")
print(f"Machine: {machine['nproc']} CPUs, {machine['cpu']}; {machine['jdk']}; {machine['redis']}  ")
print(f"Load average (1, 5, 15 min) before: {machine['load_before']}; after: {machine.get('load_after', '?')}  ")
print(f"JMH: `{machine.get('jmh', '?')}`; redis-benchmark: the requests of each test in `redis.cmd`.")
print()
if with_two:
    print("| Command | JMH 1 thread, CPU 0 (ops/s) | JMH 2 threads (ops/s) | redis-benchmark -P 100, server on CPU 0 (req/s) | 1 thread / Redis | 2 threads / Redis |")
    print("|---|---:|---:|---:|---:|---:|")
else:
    print("| Command | JMH 1 thread, CPU 0 (ops/s) | redis-benchmark -P 100, server on CPU 0 (req/s) | JMH / Redis |")
    print("|---|---:|---:|---:|")
for cmd in ["GET", "SET", "LPUSH", "LPOP", "ZADD", "ZRANGE"]:
    r = redis.get(cmd)
    rs = f"{r:,.0f}" if r else "missing"
    if with_two:
        print(f"| {cmd} | {ops(one.get(cmd))} | {ops(two.get(cmd))} | {rs} | {ratio(one.get(cmd), r)} | {ratio(two.get(cmd), r)} |")
    else:
        print(f"| {cmd} | {ops(one.get(cmd))} | {rs} | {ratio(one.get(cmd), r)} |")
missing = [c for c in ["GET", "SET", "LPUSH", "LPOP", "ZADD", "ZRANGE"] if c not in one or (with_two and c not in two)]
if missing:
    print()
    print("Missing JMH rows: " + ", ".join(missing) + " (the benchmark failed; see the JMH logs in " + out + ").")
EOF
