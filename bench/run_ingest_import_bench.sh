#!/usr/bin/env bash
# Starts a scratch PostgreSQL (bench/scratch_postgres.sh), runs bench/ingest_import_bench on it
# and stops it again.
# Usage: bench/run_ingest_import_bench.sh [BUILD_DIR] [ingest_import_bench flags]
# With BEFORE_BENCH=<another build's ingest_import_bench> (an earlier version of the writer),
# that one runs first on the same server with the same flags, so that the two runs' rates
# compare under the same machine load.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-$ROOT/build}
shift || true
source "$ROOT/bench/scratch_postgres.sh"
start_scratch_postgres "$BUILD_DIR" import-bench
cd "$ROOT"
if [[ -n "${BEFORE_BENCH:-}" ]]; then
  echo "== before: $BEFORE_BENCH"
  "$BEFORE_BENCH" --database-url "$URL" --scratch "$STATE/input" \
    --server-pid-file "$STATE/db/postgres/data/postmaster.pid" "$@"
  echo "== after: $BUILD_DIR/bench/ingest_import_bench"
fi
"$BUILD_DIR/bench/ingest_import_bench" --database-url "$URL" --scratch "$STATE/input" \
  --server-pid-file "$STATE/db/postgres/data/postmaster.pid" "$@"
