#!/usr/bin/env bash
# Start-up time of `uh --help` (what every invocation pays before doing anything): hyperfine when
# installed, else a loop timed with date +%s%N. Usage: npm run build && bench/startup.sh [runs=20]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
if command -v hyperfine >/dev/null 2>&1; then
  exec hyperfine --warmup 3 --runs "$runs" 'node bin/uh.js --help' 'node -e 0'
fi
measure() {
  local total=0 start end
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    total=$((total + end - start))
  done
  echo "$((total / runs / 1000000)) ms"
}
node bin/uh.js --help >/dev/null # warm the file cache
echo "uh --help: $(measure node bin/uh.js --help) mean of $runs (node -e 0: $(measure node -e 0))"
