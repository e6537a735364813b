#!/usr/bin/env bash
# Starts a scratch PostgreSQL (the embedded cluster of `jobrec db`, in a temporary state folder),
# runs bench/recommend_bench on it and stops it again.
# Usage: bench/run_recommend_bench.sh [BUILD_DIR] [recommend_bench flags]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-$ROOT/build}
shift || true
STATE=$(mktemp -d /tmp/jobrec-recommend-bench.XXXXXX)
chmod 755 "$STATE"
cleanup() {
  JOBREC_STATE_DIR="$STATE/db" "$BUILD_DIR/jobrec" db stop >/dev/null 2>&1 || true
  rm -rf "$STATE"
}
trap cleanup EXIT
JOBREC_STATE_DIR="$STATE/db" "$BUILD_DIR/jobrec" db start >/dev/null
URL=$(JOBREC_STATE_DIR="$STATE/db" "$BUILD_DIR/jobrec" db url)
cd "$ROOT"
"$BUILD_DIR/bench/recommend_bench" --database-url "$URL" --scratch "$STATE/scratch" "$@"
