#!/usr/bin/env bash
# The batched purge on 10 million sessions in PostgreSQL (issue 13, item 5): starts a private
# cluster (never the shared server on 5432), lets PurgeAtScaleTest generate the rows in the
# database with generate_series and purge them while two threads look sessions up, prints the
# figures (lines starting with PURGE), and drops the cluster. Needs root and postgresql-common.
# Not part of CI: it writes about 5 GB and takes several minutes.
#   benchmarks/purge-at-scale.sh [rows]        (default 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-10000000}"
PORT="${LATCHKEY_PURGE_SCALE_PORT:-5545}"
CLUSTER=latchkey_purge
VERSION="$(ls /etc/postgresql | sort -n | tail -n 1)"

cleanup() { pg_dropcluster --stop "$VERSION" "$CLUSTER" >/dev/null 2>&1 || true; }
cleanup
trap cleanup EXIT
pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" -- --auth=trust >/dev/null
cat > "/etc/postgresql/$VERSION/$CLUSTER/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 trust
HBA
# Room for the generated rows' WAL without a checkpoint every few seconds; otherwise defaults.
cat >> "/etc/postgresql/$VERSION/$CLUSTER/postgresql.conf" <<CONF
max_wal_size = 8GB
shared_buffers = 512MB
CONF
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start

LATCHKEY_PURGE_SCALE_ROWS="$ROWS" \
LATCHKEY_PURGE_SCALE_URL="jdbc:postgresql://127.0.0.1:$PORT/postgres?user=postgres" \
  mvn -o -B -pl store-jdbc -am verify -Dtest=PurgeAtScaleTest -Dsurefire.failIfNoSpecifiedTests=false \
    -DskipITs -Dinvoker.skip -Djacoco.skip=true | grep -E "PURGE|Tests run|BUILD|ERROR"
