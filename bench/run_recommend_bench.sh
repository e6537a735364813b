#!/usr/bin/env bash
# Starts a scratch PostgreSQL (bench/scratch_postgres.sh), runs bench/recommend_bench on it and
# stops it again.
# Usage: bench/run_recommend_bench.sh [BUILD_DIR] [recommend_bench flags]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-$ROOT/build}
shift || true
source "$ROOT/bench/scratch_postgres.sh"
start_scratch_postgres "$BUILD_DIR" recommend-bench
cd "$ROOT"
"$BUILD_DIR/bench/recommend_bench" --database-url "$URL" --scratch "$STATE/scratch" "$@"
