#!/usr/bin/env bash
# Starts a scratch PostgreSQL (bench/scratch_postgres.sh), runs bench/ingest_import_bench on it,
# measures the server's floor for storing the same rows, and stops it again.
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
  --server-pid-file "$STATE/db/postgres/data/postmaster.pid" --keep-database jobrec_import_floor "$@"

# The server's floor for storing those rows, with no dedupe and no client: the imported rows
# INSERTed from postings into copies of the table, one with every index and check of postings
# (it has no foreign keys since 0063), one with its primary key alone.
echo "== server floor (the import's rows copied inside PostgreSQL)"
psql "${URL/\/jobrec\?//jobrec_import_floor?}" -qX -v ON_ERROR_STOP=1 <<'SQL'
SET jit = off;
CREATE TABLE floor_every_index (LIKE postings INCLUDING ALL);
CREATE TABLE floor_primary_key
  (LIKE postings INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION);
ALTER TABLE floor_primary_key ADD PRIMARY KEY (id);
CREATE FUNCTION pg_temp.floor(target regclass) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  started timestamptz := clock_timestamp();
  stored bigint;
  seconds double precision;
  columns text;
BEGIN
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columns FROM pg_attribute
  WHERE attrelid = 'postings'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '';
  EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM postings WHERE provider = ''bench'' ORDER BY id',
                 target, columns, columns);
  GET DIAGNOSTICS stored = ROW_COUNT;
  seconds := extract(epoch FROM clock_timestamp() - started);
  RETURN format('  %-40s %7s rows     %7s s wall %7s rows/s  %5s us/row', target, stored,
                to_char(seconds, 'FM9990.00'), round(stored / seconds), round(1e6 * seconds / stored));
END $$;
\pset tuples_only on
\pset format unaligned
SELECT pg_temp.floor('floor_every_index');
SELECT pg_temp.floor('floor_primary_key');
SQL
psql "$URL" -qXc "DROP DATABASE jobrec_import_floor"
