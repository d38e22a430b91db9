#!/usr/bin/env bash
# Run the shared reverse-proxy benchmark (/work/shared/bench/proxy-peers.sh) with `uh serve` as the
# candidate. Arguments are passed through (e.g. --all, --failover, --quick, --only node,candidate).
# uh runs the config a user writes (uh-defaults.yaml.tmpl: two targets and an active check), so its
# default passive ejection and retries are what is measured; the harness's "hc only" failover
# variant cannot turn those off. UH_TMPL=bench/proxy/uh.yaml.tmpl runs the tuned config instead,
# where PROXY_RETRY (set by the harness per failover variant) turns uh's retries on (2) or off (0).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench/proxy-peers.sh}
# Build first, bundle included: bin/uh.js runs dist/cli-bundle, so tsc alone would bench stale code.
(cd "$ROOT" && npm run build >/dev/null 2>&1 || true)
export UH_ROOT=$ROOT UH_TMPL=${UH_TMPL:-$HERE/uh-defaults.yaml.tmpl}
export CANDIDATE_NAME=${CANDIDATE_NAME:-uh}
export CANDIDATE_VERSION_CMD=${CANDIDATE_VERSION_CMD:-"node $ROOT/bin/uh.js --version"}
# shellcheck disable=SC2016 # expanded by the harness's bash -c, with its exported variables
export CANDIDATE_CMD='export RETRY_ATTEMPTS=$(( ${PROXY_RETRY:-1} == 1 ? 2 : 0 )) ADMIN_PORT=$(( LISTEN_PORT + 100 )); envsubst <"$UH_TMPL" >"${TMPDIR:-/tmp}/uh-bench.yaml" && exec node "$UH_ROOT/bin/uh.js" serve "${TMPDIR:-/tmp}/uh-bench.yaml"'
exec bash "$HARNESS" "$@"
