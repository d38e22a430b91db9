#!/usr/bin/env bash
# Failover with defaults: uh serve with the config a user writes (bench/proxy/uh-defaults.yaml.tmpl:
# two targets and an active check, no passive, no retries) against nginx with its usual retry
# (proxy_next_upstream error timeout), using the shared harness's failover mode: paced load,
# upstream 2 SIGKILLed mid-run and restarted. Counted: non-2xx answers and socket errors, and the
# latency distribution (max = the worst request). Arguments pass through (e.g. --quick).
#   bash bench/proxy/failover.sh            # ~1 min (20 s per system)
#   bash bench/proxy/failover.sh --quick    # ~30 s
# Note: the harness's nginx uses max_fails=3 (nginx's default is 1); both retry on error/timeout.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export FAILOVER_VARIANTS=${FAILOVER_VARIANTS:-retry}
export OUT_JSON=${OUT_JSON:-/tmp/uh-failover.json}
exec bash "$HERE/run.sh" --failover --only nginx,candidate "$@"
