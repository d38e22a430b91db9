#!/usr/bin/env bash
# CPU time per proxied request: uh serve vs the minimal Node proxy (node:http + undici Pool).
# Throughput on this shared 2-core box swings with other load; CPU µs per request (utime+stime of the
# proxy process from /proc, divided by the requests wrk completed) is much steadier, so it shows
# whether health gating, metrics and the retry machinery cost anything on the hot path. Also the
# proxy's RSS right after the load run.
# USAGE: bash bench/proxy/cpu-per-request.sh   (env: CONNS=50 DURATION=5s BASE_PORT=19080)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CONNS=${CONNS:-50}; DURATION=${DURATION:-5s}; BASE_PORT=${BASE_PORT:-19080}
U1=$((BASE_PORT + 1)); U2=$((BASE_PORT + 2)); PX=$((BASE_PORT + 10))
RUN=$(mktemp -d); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$RUN"; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk not found" >&2; exit 1; }
(cd "$ROOT" && npm run build >/dev/null 2>&1 || true)

for port in $U1 $U2; do
  node -e "require('http').createServer((q,s)=>{s.writeHead(200,{'content-type':'text/plain'});s.end('ok')}).listen($port,'127.0.0.1')" &
  PIDS+=($!)
done

wait_up() { for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

measure() { # name pid
  local name=$1 pid=$2 before after reqs
  wait_up "$PX" || { echo "$name did not start" >&2; return 1; }
  wrk -t1 -c"$CONNS" -d2s "http://127.0.0.1:$PX/" >/dev/null
  before=$(ticks "$pid")
  wrk -t1 -c"$CONNS" -d"$DURATION" "http://127.0.0.1:$PX/" >"$RUN/$name.txt"
  after=$(ticks "$pid")
  local rss; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  reqs=$(awk '/requests in/ {print $1}' "$RUN/$name.txt")
  local hz; hz=$(getconf CLK_TCK)
  awk -v n="$name" -v t=$((after - before)) -v r="$reqs" -v hz="$hz" -v rps="$(awk '/Requests\/sec/ {print $2}' "$RUN/$name.txt")" -v rss="$rss" \
    'BEGIN { printf "| %s | %d | %.0f | %.1f | %.0f |\n", n, r, rps, (t / hz) * 1e6 / r, rss / 1024 }'
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "| proxy | requests | req/s | CPU µs per request | RSS MB |"
echo "|---|---:|---:|---:|---:|"
UNDICI_DIR="$ROOT/node_modules" UPSTREAM1="http://127.0.0.1:$U1" UPSTREAM2="http://127.0.0.1:$U2" LISTEN_PORT=$PX HEALTH_PATH=/ \
  node /work/shared/bench/node-baseline-proxy.mjs 2>/dev/null &
measure node $!
LISTEN_HOST=127.0.0.1 LISTEN_PORT=$PX ADMIN_PORT=$((PX + 100)) UPSTREAM1_HOSTPORT=127.0.0.1:$U1 UPSTREAM2_HOSTPORT=127.0.0.1:$U2 \
  HEALTH_PATH=/ RETRY_ATTEMPTS=2 envsubst <"$HERE/uh.yaml.tmpl" >"$RUN/uh.yaml"
node "$ROOT/bin/uh.js" serve "$RUN/uh.yaml" 2>/dev/null &
measure uh $!
