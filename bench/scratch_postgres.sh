# Sourced by the benchmark runners: starts a scratch PostgreSQL (the embedded cluster of
# `jobrec db`, in a temporary state folder that is removed on exit) and sets
#   STATE  the temporary folder (the cluster lives in $STATE/db)
#   URL    its connection URL
# Usage: start_scratch_postgres BUILD_DIR NAME
start_scratch_postgres() {
  local build_dir=$1 name=$2
  STATE=$(mktemp -d "/tmp/jobrec-$name.XXXXXX")
  chmod 755 "$STATE"
  SCRATCH_JOBREC="$build_dir/jobrec"
  trap 'JOBREC_STATE_DIR="$STATE/db" "$SCRATCH_JOBREC" db stop >/dev/null 2>&1 || true; rm -rf "$STATE"' EXIT
  JOBREC_STATE_DIR="$STATE/db" "$SCRATCH_JOBREC" db start >/dev/null
  URL=$(JOBREC_STATE_DIR="$STATE/db" "$SCRATCH_JOBREC" db url)
}
