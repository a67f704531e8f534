#!/usr/bin/env bash
# Scale runs for issue 12 (see benchmarks/RESULTS.md for the figures and how they were taken).
#
#   benchmarks/scale.sh db [ROWS...]   session validation + API key authentication on PostgreSQL
#                                      with ROWS other rows per table (default: 10000 10000000),
#                                      generated in the database with generate_series, in tables
#                                      under a random prefix that the benchmark drops afterwards;
#                                      with LATCHKEY_BENCH_KEEP_TABLES=<prefix> the session tables
#                                      are kept (generated once, measured on a later, quieter run)
#   benchmarks/scale.sh drop-kept P    drops the tables kept under prefix P
#   benchmarks/scale.sh heap [N]       live heap of the in-memory session store for N sessions
#                                      (default 1000000), from class histograms after full GCs
#   benchmarks/scale.sh signin         sign-in throughput over the demo's HTTP endpoint (wrk, 64
#                                      connections, 30 s after a 10 s warm-up) next to the hashing
#                                      bound measured in the same run with the demo's JVM flags
#                                      (Argon2id verifications/s with every core busy: JMH before,
#                                      Argon2CpuTime bound after, with its CPU per hash), p99
#                                      latency, where the machine's CPU went during the run (demo,
#                                      its PostgreSQL connections, wrk, the rest), the demo's heap
#                                      after the run, and a second run with the bound on the machine
#                                      at the same moment: sign-ins per CPU-second of the demo over
#                                      hashes per CPU-second of the bound, a ratio that the load of
#                                      other work does not move. SIGNIN_JVM_FLAGS (default -Xmx512m),
#                                      SIGNIN_PORT, SIGNIN_SECONDS, SIGNIN_ACCOUNTS
#   benchmarks/scale.sh all            all three
#
# Needs: benchmarks/target/benchmarks.jar and examples/target/latchkey-demo.jar (mvn -B -DskipTests
# package), PostgreSQL (LATCHKEY_BENCH_POSTGRES_URL, default jdbc:postgresql://127.0.0.1:5432/test?user=root;
# psql for the sign-in run), wrk, jcmd, jstat. Every section prints the load average before and after:
# figures taken with a load average above the core count are not comparable.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${BENCH_JAR:-benchmarks/target/benchmarks.jar}
OUT=${SCALE_OUT:-benchmarks/results/scale-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
load() { echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg) cores: $(nproc)"; }

run_db() {
  local rows=("$@")
  [ ${#rows[@]} -gt 0 ] || rows=(10000 10000000)
  local list
  list=$(IFS=,; echo "${rows[*]}")
  { load
    java -jar "$JAR" "SessionValidationBenchmark.validateValidToken|ApiKeyAuthenticationBenchmark.postgresql" \
      -p store=postgresql -p otherRows="$list" -wi 3 -i 5 -w 2 -r 2 -f 1 -rf json -rff "$OUT/db.json"
    load; } 2>&1 | tee "$OUT/db.txt"
}

run_heap() {
  local n=${1:-1000000}
  { load; java -Xmx4g -cp "$JAR" dev.latchkey.benchmarks.SessionStoreHeap "$n"; load; } 2>&1 | tee "$OUT/heap.txt"
}

# CPU ticks (1/CLK_TCK s) a process has used: utime + stime from /proc/PID/stat (0 once it is gone).
proc_ticks() {
  local p total=0
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    # Field 2 (comm) may hold spaces: count from after its closing parenthesis.
    total=$((total + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
  done
  echo "$total"
}
# A JVM's CPU ticks by kind of thread: "request hashing gc jit other" (request: Jetty's pool, where
# the demo's handlers, and so its hashing, run; hashing: Argon2CpuTime's threads).
jvm_ticks() {
  local t
  for t in /proc/"$1"/task/*; do
    [ -r "$t/stat" ] && printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(sed 's/^.*) //' "$t/stat" | awk '{print $12 + $13}')"
  done | awk -F'\t' '
    $1 ~ /^JettyServerThre|^qtp/ { r += $2; next }
    $1 ~ /^argon2-bound/ { h += $2; next }
    $1 ~ /^(GC Thread|G1 )/ { g += $2; next }
    $1 ~ /^C[12] CompilerThre/ { j += $2; next }
    { o += $2 }
    END { print r + 0, h + 0, g + 0, j + 0, o + 0 }'
}
# Busy and total ticks of the whole machine (all cores), from /proc/stat.
box_ticks() { awk '/^cpu /{t=0; for (i=2;i<=NF;i++) t+=$i; print t-$5-$6, t}' /proc/stat; }
# Argon2 computations the demo has started (hashing permits acquired), from its /metrics.
permits() {
  curl -fs "http://127.0.0.1:$1/metrics" \
    | awk '/^latchkey_password_hash_permit_wait_seconds_count\{outcome="acquired"/{print int($2)}'
}
# Collections and their time (s) so far in a JVM: young, full, concurrent (jstat -gc).
gc_stats() { jstat -gc "$1" | awk 'NR==2{printf "%d %.3f %d %.3f\n", $(NF-6), $(NF-5), $(NF-4), $(NF-3)}'; }

# wrk leaves its last 64 requests queued in the demo (a server does not drop a request whose client
# left): waits until they are done, so that the next measured run starts from an empty queue.
drain_queue() {
  local before after
  after=$(permits "$1")
  for _ in $(seq 60); do
    before=$after; sleep 1; after=$(permits "$1")
    [ "$before" = "$after" ] && break
  done
}

# One measured wrk run against the demo of run_signin (whose locals it reads), and where the
# machine's CPU went meanwhile. $1 names the files.
measure_signins() {
  local name=$1
  load
  local pg_pids box0 demo0 pg0 gc0 permits0 box1 demo1 pg1 gc1 permits1 split0 split1
  pg_pids=$(psql -h 127.0.0.1 -U "${PGUSER:-root}" -d "$db" -Atc \
    "SELECT pid FROM pg_stat_activity WHERE datname = '$db' AND pid <> pg_backend_pid()")
  # The slow snapshots (jstat starts a JVM) first, the Argon2 count last: it brackets wrk tightly.
  # shellcheck disable=SC2086
  gc0=$(gc_stats "$demo"); split0=$(jvm_ticks "$demo"); pg0=$(proc_ticks $pg_pids)
  box0=$(box_ticks); demo0=$(proc_ticks "$demo"); permits0=$(permits "$port")
  local time_cmd=()
  [ -x /usr/bin/time ] && time_cmd=(/usr/bin/time -f 'wrk CPU: %U s user, %S s system' -o "$OUT/wrk-cpu-$name.txt")
  SIGNIN_ACCOUNTS=$accounts SIGNIN_THREADS=$(nproc) "${time_cmd[@]}" wrk -t "$(nproc)" -c 64 -d "${seconds}s" --timeout 30s --latency \
    -s benchmarks/scale/signin.lua "http://127.0.0.1:$port" | tee "$OUT/wrk-$name.txt"
  grep -q '^requests: .*errors: status 0, connect 0, read 0, timeout 0' "$OUT/wrk-$name.txt" \
    || echo "WARNING: not every request was a successful sign-in (see the statuses above)"
  # shellcheck disable=SC2086
  permits1=$(permits "$port"); box1=$(box_ticks); demo1=$(proc_ticks "$demo")
  pg1=$(proc_ticks $pg_pids); split1=$(jvm_ticks "$demo"); gc1=$(gc_stats "$demo")
  load
  echo "## where the CPU went during that run ($(nproc) cores)"
  [ -r "$OUT/wrk-cpu-$name.txt" ] && cat "$OUT/wrk-cpu-$name.txt"
  awk -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" -v b0="$box0" -v b1="$box1" \
      -v d0="$demo0" -v d1="$demo1" -v p0="$pg0" -v p1="$pg1" -v g0="$gc0" -v g1="$gc1" \
      -v h0="$permits0" -v h1="$permits1" -v s0="$split0" -v s1="$split1" \
      -v wrkcpu="$(awk '{print $3 + $6}' "$OUT/wrk-cpu-$name.txt" 2>/dev/null)" \
      -v reqs="$(awk '/^requests:/{print $2 + 0}' "$OUT/wrk-$name.txt")" '
    BEGIN {
      split(b0, a, " "); split(b1, b, " "); split(g0, x, " "); split(g1, y, " ")
      wall = (b[2] - a[2]) / hz / cores; busy = (b[1] - a[1]) / hz
      demo = (d1 - d0) / hz; pg = (p1 - p0) / hz; gcs = y[2] - x[2] + y[4] - x[4]
      other = busy - demo - pg - wrkcpu
      printf "machine busy: %.2f of %d cores over %.1f s\n", busy / wall, cores, wall
      printf "  demo JVM    %.2f cores (its GC: %d young + %d full collections, %.2f s of pauses = %.1f %% of the time)\n", \
        demo / wall, y[1] - x[1], y[3] - x[3], gcs, 100 * gcs / wall
      split(s0, m, " "); split(s1, n, " ")
      printf "    request threads (Jetty: handlers and hashing) %.2f, GC threads %.2f, JIT %.2f, other %.2f\n", \
        (n[1] - m[1]) / hz / wall, (n[3] - m[3]) / hz / wall, (n[4] - m[4]) / hz / wall, (n[5] - m[5]) / hz / wall
      printf "  PostgreSQL  %.2f cores (the demo database'"'"'s connections)\n", pg / wall
      printf "  wrk         %.2f cores\n", wrkcpu / wall
      printf "  the rest    %.2f cores (everything else on the machine)\n", other / wall
      printf "Argon2 computations: %d (%.2f per completed sign-in)\n", h1 - h0, (h1 - h0) / reqs
      printf "demo CPU per Argon2 computation: %.1f ms (%.1f ms on the request threads)\n", \
        1000 * demo / (h1 - h0), 1000 * (n[1] - m[1]) / hz / (h1 - h0)
    }' | tee "$OUT/cpu-$name.txt"
}

run_signin() {
  local port=${SIGNIN_PORT:-7071} accounts=${SIGNIN_ACCOUNTS:-64} seconds=${SIGNIN_SECONDS:-30}
  local url=${LATCHKEY_BENCH_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=root}
  # The demo's JVM flags; the hashing bound runs with the same ones (a heap this small makes the
  # garbage collector part of the cost of a hash: it must be paid on both sides).
  local flags=${SIGNIN_JVM_FLAGS:--Xmx512m}
  local db="lk_signin_$(date +%s)"
  psql -h 127.0.0.1 -U "${PGUSER:-root}" -d test -qc "CREATE DATABASE $db"
  local demo_url=${url/\/test?//$db?}
  # Whatever happens, the demo stops and its database goes.
  trap 'kill $(cat "$OUT/demo.pid" 2>/dev/null) 2>/dev/null || true; sleep 1;
    psql -h 127.0.0.1 -U "${PGUSER:-root}" -d test -qc "DROP DATABASE IF EXISTS '"$db"' WITH (FORCE)"' EXIT
  { load
    echo "## hashing bound (1/2, JMH): Argon2id verifications/s at the default cost, $(nproc) threads, JVM flags: $flags"
    # shellcheck disable=SC2086
    java -Djmh.ignoreLock=true -jar "$JAR" PasswordHashingBenchmark.verifyArgon2idDefaults -p engine=java \
      -bm thrpt -tu s -t "$(nproc)" -wi 2 -i 5 -w 2 -r 3 -f 1 -jvmArgsAppend "$flags" \
      -rf json -rff "$OUT/hash-bound.json"
    # Email verification off: an unverified account's right password answers 403 (and its session
    # is discarded), which is not the sign-in this run measures.
    # shellcheck disable=SC2086
    LATCHKEY_JDBC_URL="$demo_url" LATCHKEY_TRUST_PROXY=true LATCHKEY_EMAIL_VERIFICATION=false \
      LATCHKEY_KEYS="k1:$(head -c 32 /dev/urandom | base64)" \
      java $flags -jar "${DEMO_JAR:-examples/target/latchkey-demo.jar}" --port "$port" > "$OUT/demo.log" 2>&1 &
    local demo=$!
    echo "$demo" > "$OUT/demo.pid"
    for _ in $(seq 60); do curl -fs "http://127.0.0.1:$port/" > /dev/null && break; sleep 1; done
    local i code
    for i in $(seq 0 $((accounts - 1))); do
      code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        -H "X-Forwarded-For: 10.255.0.$((i % 250))" \
        -d "{\"email\":\"bench-$i@example.com\",\"password\":\"Horse-$i-q7Zt!w2Rv-Lantern\"}" \
        "http://127.0.0.1:$port/api/signup")
      [ "$code" = 201 ] || { echo "sign-up of bench-$i answered $code, not 201: stopping" >&2; exit 1; }
    done
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      -d '{"email":"bench-0@example.com","password":"Horse-0-q7Zt!w2Rv-Lantern"}' "http://127.0.0.1:$port/api/login")
    [ "$code" = 200 ] || { echo "a sign-in answered $code, not 200: stopping" >&2; exit 1; }
    echo "## warm-up: wrk, 64 connections, 10 s (JIT; the bound warms up too)"
    SIGNIN_ACCOUNTS=$accounts SIGNIN_THREADS=$(nproc) wrk -t "$(nproc)" -c 64 -d 10s --timeout 30s -s benchmarks/scale/signin.lua \
      "http://127.0.0.1:$port" | grep -E '^(requests|throughput):'
    drain_queue "$port"
    echo "## sign-in over HTTP: wrk, 64 connections, $seconds s"
    measure_signins alone
    echo "## demo heap after the run (live objects, after a full GC)"
    jcmd "$demo" GC.class_histogram | tail -1
    jcmd "$demo" GC.heap_info | head -3
    echo "## the same moment: the demo under wrk and the bound (Argon2CpuTime) share the machine for $seconds s"
    # Whatever else runs on the machine then weighs on both alike: sign-ins per CPU-second of the
    # demo against hashes per CPU-second of the bound is the demo's efficiency, whatever the load.
    drain_queue "$port"
    # shellcheck disable=SC2086
    java $flags -cp "$JAR" dev.latchkey.benchmarks.Argon2CpuTime bound "$(nproc)" "$seconds" \
      > "$OUT/bound-shared.txt" 2>&1 &
    local bound=$!
    # After its warm-up the bound says when it starts measuring: wrk starts then.
    for _ in $(seq 120); do
      grep -q '^bound: measuring' "$OUT/bound-shared.txt" && break
      sleep 0.5
    done
    measure_signins shared
    wait "$bound"
    cat "$OUT/bound-shared.txt"
    awk -v rate="$(awk '/^throughput:/{print $2}' "$OUT/wrk-shared.txt")" \
        -v demo="$(awk '/demo JVM/{print $3}' "$OUT/cpu-shared.txt")" \
        -v pg="$(awk '/PostgreSQL/{print $2}' "$OUT/cpu-shared.txt")" \
        -v hashes="$(awk '/hashes\/s$/{print $(NF-1)}' "$OUT/bound-shared.txt")" \
        -v cores="$(awk '/process used/{print $(NF-3)}' "$OUT/bound-shared.txt")" 'BEGIN {
      printf "demo: %.1f sign-ins per CPU-second of the demo (%.1f counting its PostgreSQL connections too)\n", rate / demo, rate / (demo + pg)
      printf "bound: %.1f hashes per CPU-second of the bound\n", hashes / cores
      printf "efficiency (demo per CPU-second / bound per CPU-second): %.2f (%.2f with PostgreSQL)\n", (rate / demo) / (hashes / cores), (rate / (demo + pg)) / (hashes / cores)
    }' | tee "$OUT/efficiency.txt"
    kill "$demo"; wait "$demo" 2>/dev/null || true
    echo "## hashing bound (2/2, same JVM flags, after the run): verifications/s with every core busy and their CPU cost"
    load
    # shellcheck disable=SC2086
    java $flags -cp "$JAR" dev.latchkey.benchmarks.Argon2CpuTime bound "$(nproc)" 20 | tee "$OUT/bound-after.txt"
    load
    echo "## ratios"
    awk -v rate="$(awk '/^throughput:/{print $2}' "$OUT/wrk-alone.txt")" \
        -v jmh="$(awk '/^PasswordHashingBenchmark.verifyArgon2idDefaults/{print $(NF-3)}' "$OUT/signin.txt")" \
        -v after="$(awk '/hashes\/s$/{print $(NF-1)}' "$OUT/bound-after.txt")" 'BEGIN {
      printf "sign-ins/s %.1f: %.2f x the JMH bound before the run (%.1f/s), %.2f x the bound after it (%.1f/s)\n", rate, rate / jmh, jmh, rate / after, after
    }'
  } 2>&1 | tee "$OUT/signin.txt"
}

drop_kept() {
  local p=${1:?prefix}
  [[ $p =~ ^[a-z][a-z0-9_]{0,30}$ ]] || { echo "bad prefix: $p" >&2; exit 2; }
  local tables
  tables=$(psql -h 127.0.0.1 -U "${PGUSER:-root}" -d test -Atc \
    "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables
     WHERE schemaname = current_schema() AND starts_with(tablename, '$p')")
  if [ -n "$tables" ]; then
    psql -h 127.0.0.1 -U "${PGUSER:-root}" -d test -qc "DROP TABLE $tables CASCADE"
    echo "dropped: $tables"
  fi
}

case "${1:-all}" in
  db) shift; run_db "$@" ;;
  drop-kept) shift; rmdir "$OUT" 2>/dev/null || true; drop_kept "$@"; exit 0 ;;
  heap) shift; run_heap "$@" ;;
  signin) run_signin ;;
  all) run_db; run_heap; run_signin ;;
  *) echo "usage: $0 db [ROWS...] | drop-kept PREFIX | heap [N] | signin | all" >&2; exit 2 ;;
esac
echo "results in $OUT"
