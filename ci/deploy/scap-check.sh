#!/usr/bin/env bash
# A scap supervision check: runs cujo's quick tier against a canary and answers scap's
# pass/fail. scap runs each check command with a 120 s timeout, so cujo gets a 110 s
# --deadline and always concludes (and closes its browsers) before scap would kill it.
#
# Reaching the canary (pick one, as httpbb does):
#   CUJO_RESOLVE=test.wikipedia.org:443:10.64.0.42         host mapping, Host header kept
#   CUJO_ROUTE_HEADER='X-Wikimedia-Debug: backend=mwdebug1001.eqiad.wmnet'
#
# Exit codes: cujo's 0 (PROMOTE) -> 0; 1 (ROLLBACK) -> 1. 2 (INCONCLUSIVE: browsers or network
# failed, not the build) -> CUJO_ON_INCONCLUSIVE=fail (default: 1, scap offers retry) or pass
# (0, with a warning). 3 (cujo or its journeys are misconfigured) -> 1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cujo=${CUJO_BIN:-cujo}
journeys=${CUJO_JOURNEYS:-$here/../../journeys/mediawiki}
base_url=${CUJO_BASE_URL:-https://test.wikipedia.org}
out=${CUJO_OUT:-/var/log/cujo/scap-$(date +%Y%m%dT%H%M%S)}

args=(run "$journeys" --base-url "$base_url" --tier quick --browsers 2 --retries 1
      --deadline 110s --out "$out")
if [ -n "${CUJO_RESOLVE:-}" ]; then args+=(--resolve "$CUJO_RESOLVE"); fi
if [ -n "${CUJO_ROUTE_HEADER:-}" ]; then args+=(--header "$CUJO_ROUTE_HEADER"); fi
# CUJO_EXTRA_ARGS: e.g. --list to check this command without running anything.
read -r -a extra <<<"${CUJO_EXTRA_ARGS:-}"
args+=("${extra[@]}")

status=0
"$cujo" "${args[@]}" || status=$?
case "$status" in
  0) exit 0 ;;
  1) echo "cujo: ROLLBACK: the canary failed its critical user journeys (see $out)" >&2; exit 1 ;;
  2)
    echo "cujo: INCONCLUSIVE: infrastructure trouble, not the build (see $out)" >&2
    if [ "${CUJO_ON_INCONCLUSIVE:-fail}" = pass ]; then exit 0; fi
    exit 1
    ;;
  *) echo "cujo: configuration error (exit $status): fix the check, not the deployment" >&2; exit 1 ;;
esac
