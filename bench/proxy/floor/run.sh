#!/usr/bin/env bash
# What the nginx ratio can be on this box with the issue's stack. Runs the shared proxy benchmark
# three times, each with nginx in the same run: `uh serve`, the thinnest node:http + undici proxy
# (min-dispatch-proxy.mjs), and a raw-socket ceiling (raw-socket-ceiling.mjs, not a real proxy).
#   bash bench/proxy/floor/run.sh            (REPEAT=3 by default; needs nginx and wrk)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench/proxy-peers.sh}
export REPEAT=${REPEAT:-3} CONNS=${CONNS:-50}
for name in min-dispatch raw-ceiling; do
  case $name in
    min-dispatch) cmd="exec node $HERE/min-dispatch-proxy.mjs" ;;
    raw-ceiling) cmd="exec node $HERE/raw-socket-ceiling.mjs" ;;
  esac
  echo "## nginx vs $name"
  CANDIDATE_NAME=$name CANDIDATE_CMD=$cmd OUT_JSON=${TMPDIR:-/tmp}/proxy-floor-$name.json bash "$HARNESS" --only nginx,candidate
done
echo "## nginx vs uh"
OUT_JSON=${TMPDIR:-/tmp}/proxy-floor-uh.json bash "$HERE/../run.sh" --only nginx,candidate
