#!/usr/bin/env bash
# HTTP server benchmark: wrk against `jobrec serve` (built beforehand; this script builds
# nothing). Usage:
#   bench/http_healthz.sh BUILD_DIR/jobrec [DURATION=10s] [CONNECTIONS=64] [THREADS=2]
# Server settings come from the environment as usual (JOBREC_SERVER_THREADS=128 ...).
#
# Runs, against one server started on a free port:
#   1. keep-alive      GET /healthz                      (the measurement)
#   2. baseline        GET /healthz, Connection: close   (a new TCP connection per request)
#   3. logged 404      GET /api/v1/bench-missing         (router miss + an info access-log line)
# and prints requests/s and p50/p99 for each, the ratios of run 1 to the baseline, and p99
# against the 100 ms target. Then sends SIGTERM and checks that the server exits 0.
set -euo pipefail

BINARY=${1:?usage: $0 path/to/jobrec [duration] [connections] [wrk-threads]}
DURATION=${2:-10s}
CONNECTIONS=${3:-64}
WRK_THREADS=${4:-2}
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 1; }

WORK=$(mktemp -d /tmp/jobrec-bench.XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -KILL "$SERVER_PID"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Port 0: the server picks a free port and logs it (JSON lines: stderr is not a terminal).
JOBREC_LOG_FORMAT=json "$BINARY" serve --port 0 2>"$WORK/server.log" &
SERVER_PID=$!

port=
for _ in $(seq 1 500); do
  port=$(grep -o '"event":"server_listening"[^}]*' "$WORK/server.log" 2>/dev/null |
         grep -o '"port":[0-9]*' | head -1 | cut -d: -f2 || true)
  [ -n "$port" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; echo "server exited" >&2; exit 1; }
  sleep 0.02
done
[ -n "$port" ] || { cat "$WORK/server.log" >&2; echo "server did not start" >&2; exit 1; }
until curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz"; do
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited" >&2; exit 1; }
  sleep 0.02
done
echo "jobrec serve on port $port (pid $SERVER_PID); wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION"

# Latency in ms from a wrk value such as 512.00us, 1.20ms, 1.01s.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

# run NAME URL [wrk args...]: prints wrk's report; sets RPS_<NAME>, P50_<NAME>, P99_<NAME>, ERR_<NAME>.
run() {
  local name=$1 url=$2; shift 2
  local out="$WORK/$name.txt"
  echo
  echo "== $name: $url $*"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" | tee "$out"
  printf -v "RPS_$name" '%s' "$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  printf -v "P50_$name" '%s' "$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")"
  printf -v "P99_$name" '%s' "$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
  local errors non2xx
  errors=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  printf -v "ERR_$name" '%s' "socket errors ${errors:-0}, non-2xx ${non2xx:-0}"
}

run keepalive "http://127.0.0.1:$port/healthz"
run close "http://127.0.0.1:$port/healthz" -H "Connection: close"
run logged404 "http://127.0.0.1:$port/api/v1/bench-missing"

kill -TERM "$SERVER_PID"
stop_start=$(date +%s%N)
set +e
wait "$SERVER_PID"
exit_code=$?
set -e
SERVER_PID=
stop_ms=$(( ($(date +%s%N) - stop_start) / 1000000 ))

echo
echo "== summary (requests/s, p50 ms, p99 ms)"
printf '%-10s %12s %10s %10s   %s\n' run "req/s" p50 p99 "errors (logged404 answers 404 by design)"
for name in keepalive close logged404; do
  rps="RPS_$name" p50="P50_$name" p99="P99_$name" err="ERR_$name"
  printf '%-10s %12s %10s %10s   %s\n' "$name" "${!rps}" "${!p50}" "${!p99}" "${!err}"
done
awk -v a="$RPS_keepalive" -v b="$RPS_close" -v p="$P99_keepalive" -v q="$P99_close" 'BEGIN {
  printf "keep-alive / connection-per-request: throughput x%.2f, p99 x%.2f\n", a / b, p / q
  printf "keep-alive p99 / 100 ms target: %.4f\n", p / 100 }'
echo "SIGTERM -> exit code $exit_code after ${stop_ms} ms"
[ "$exit_code" -eq 0 ] || { tail -20 "$WORK/server.log" >&2; exit 1; }
