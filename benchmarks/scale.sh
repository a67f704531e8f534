#!/usr/bin/env bash
# Scale runs for issue 12 (see benchmarks/RESULTS.md for the figures and how they were taken).
#
#   benchmarks/scale.sh db [ROWS...]   session validation + API key authentication on PostgreSQL
#                                      with ROWS other rows per table (default: 10000 10000000),
#                                      generated in the database with generate_series, in tables
#                                      under a random prefix that the benchmark drops afterwards
#   benchmarks/scale.sh heap [N]       live heap of the in-memory session store for N sessions
#                                      (default 1000000), from class histograms after full GCs
#   benchmarks/scale.sh signin         sign-in throughput over the demo's HTTP endpoint (wrk, 64
#                                      connections, 30 s) next to the hashing bound measured in the
#                                      same run (Argon2id verifications/s with every core busy),
#                                      p99 latency and the demo's heap after the run
#   benchmarks/scale.sh all            all three
#
# Needs: benchmarks/target/benchmarks.jar and examples/target/latchkey-demo.jar (mvn -B -DskipTests
# package), PostgreSQL (LATCHKEY_BENCH_POSTGRES_URL, default jdbc:postgresql://127.0.0.1:5432/test?user=root;
# psql for the sign-in run), wrk, jcmd. Every section prints the load average before and after:
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

run_signin() {
  local port=${SIGNIN_PORT:-7071} accounts=${SIGNIN_ACCOUNTS:-64}
  local url=${LATCHKEY_BENCH_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=root}
  local db="lk_signin_$(date +%s)"
  psql -h 127.0.0.1 -U "${PGUSER:-root}" -d test -qc "CREATE DATABASE $db"
  local demo_url=${url/\/test?//$db?}
  # Whatever happens, the demo stops and its database goes.
  trap 'kill $(cat "$OUT/demo.pid" 2>/dev/null) 2>/dev/null; sleep 1;
    psql -h 127.0.0.1 -U "${PGUSER:-root}" -d test -qc "DROP DATABASE IF EXISTS '"$db"' WITH (FORCE)"' EXIT
  { load
    echo "## hashing bound: Argon2id verifications/s at the default cost, $(nproc) threads"
    java -Djmh.ignoreLock=true -jar "$JAR" PasswordHashingBenchmark.verifyArgon2idDefaults -p engine=java \
      -bm thrpt -tu s -t "$(nproc)" -wi 2 -i 5 -w 2 -r 3 -f 1 -rf json -rff "$OUT/hash-bound.json"
    LATCHKEY_JDBC_URL="$demo_url" LATCHKEY_TRUST_PROXY=true \
      LATCHKEY_KEYS="k1:$(head -c 32 /dev/urandom | base64)" \
      java -Xmx512m -jar "${DEMO_JAR:-examples/target/latchkey-demo.jar}" --port "$port" > "$OUT/demo.log" 2>&1 &
    local demo=$!
    echo "$demo" > "$OUT/demo.pid"
    for _ in $(seq 60); do curl -fs "http://127.0.0.1:$port/" > /dev/null && break; sleep 1; done
    for i in $(seq 0 $((accounts - 1))); do
      curl -fs -o /dev/null -H 'Content-Type: application/json' -H "X-Forwarded-For: 10.255.0.$((i % 250))" \
        -d "{\"email\":\"bench-$i@example.com\",\"password\":\"Horse-$i-q7Zt!w2Rv-Lantern\"}" \
        "http://127.0.0.1:$port/api/signup"
    done
    echo "## sign-in over HTTP: wrk, 64 connections, 30 s"
    load
    SIGNIN_ACCOUNTS=$accounts wrk -t "$(nproc)" -c 64 -d 30s --timeout 30s --latency -s benchmarks/scale/signin.lua \
      "http://127.0.0.1:$port"
    load
    echo "## demo heap after the run (live objects, after a full GC)"
    jcmd "$demo" GC.class_histogram | tail -1
    jcmd "$demo" GC.heap_info | head -3
  } 2>&1 | tee "$OUT/signin.txt"
}

case "${1:-all}" in
  db) shift; run_db "$@" ;;
  heap) shift; run_heap "$@" ;;
  signin) run_signin ;;
  all) run_db; run_heap; run_signin ;;
  *) echo "usage: $0 db [ROWS...] | heap [N] | signin | all" >&2; exit 2 ;;
esac
echo "results in $OUT"
