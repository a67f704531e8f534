#!/usr/bin/env bash
# The issue 12 figures in one sitting, for a quiet machine (nothing else running): every hot path
# next to its reference, PostgreSQL at 10 k and 10 M rows, Spring Session at 1 and 4 threads, and
# sign-in over HTTP. About 25 minutes; the 10 M session rows are generated once and kept
# (LATCHKEY_BENCH_KEEP_TABLES, 6 – 7 minutes the first time; `scale.sh drop-kept lk_keep_` drops them).
# Usage: benchmarks/quiet.sh [output dir]   (needs the jars: mvn -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
J=${BENCH_JAR:-benchmarks/target/benchmarks.jar}
OUT=${1:-benchmarks/results/quiet-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
load() { echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg) cores: $(nproc)"; }
run() { local name=$1; shift; { load; "$@"; load; } 2>&1 | tee "$OUT/$name.txt"; }

run hot java -jar "$J" "ApiKeyAuthenticationBenchmark.inMemory|TotpVerification" \
  -wi 5 -i 10 -w 1 -r 1 -f 1 -rf json -rff "$OUT/hot.json"
run hot-gc java -jar "$J" "ApiKeyAuthenticationBenchmark.inMemory|TotpVerification|SessionValidationBenchmark.validate" \
  -p store=inmemory -wi 2 -i 3 -w 1 -r 1 -f 1 -prof gc
run session-inmemory java -jar "$J" "SessionValidationBenchmark" -p store=inmemory \
  -wi 5 -i 10 -w 1 -r 1 -f 1 -rf json -rff "$OUT/session-inmemory.json"
export LATCHKEY_BENCH_KEEP_TABLES=${LATCHKEY_BENCH_KEEP_TABLES:-lk_keep_}
run session-postgresql java -jar "$J" "SessionValidationBenchmark.(validateValidToken|validateUnknownToken|floorLookupByHash)" \
  -p store=postgresql -p otherRows=10000,10000000 -wi 3 -i 8 -w 2 -r 2 -f 1 -rf json -rff "$OUT/session-postgresql.json"
run apikey-postgresql java -jar "$J" "ApiKeyAuthenticationBenchmark.postgresql" \
  -wi 3 -i 8 -w 2 -r 2 -f 1 -rf json -rff "$OUT/apikey-postgresql.json"
run spring-t1 java -jar "$J" SpringSessionJdbc -wi 3 -i 8 -w 2 -r 2 -f 1 -t 1 -rf json -rff "$OUT/spring-t1.json"
run spring-t4 java -jar "$J" SpringSessionJdbc -wi 3 -i 8 -w 2 -r 2 -f 1 -t 4 -rf json -rff "$OUT/spring-t4.json"
run spring-interleaved-t1 java -cp "$J" dev.latchkey.benchmarks.SpringSessionJdbcBenchmark 1 20 200
run spring-interleaved-t4 java -cp "$J" dev.latchkey.benchmarks.SpringSessionJdbcBenchmark 4 20 200
SCALE_OUT="$OUT/signin" BENCH_JAR="$J" benchmarks/scale.sh signin > "$OUT/signin.log" 2>&1 || echo "signin failed, see $OUT/signin.log"
echo "results in $OUT"
