# Shared helpers for scripts/setup, scripts/run and scripts/test. Sourced, not executed.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${JOBREC_BUILD_DIR:-$ROOT/build}

log() { printf '\033[1m[jobrec]\033[0m %s\n' "$*" >&2; }
die() { printf '[jobrec] error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}
