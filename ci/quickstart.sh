#!/usr/bin/env bash
# The quickstart on a fresh Debian 12 machine: installs the dependencies, builds cujo, starts a
# local MediaWiki (ci/wiki-up.sh, never with test hooks), runs cujo's bundled journeys against it
# and always stops the wiki again. Exits with cujo's verdict code. Environment: CUJO_BUILD_DIR (build), CUJO_WIKI_PORT (8080),
# CUJO_WIKI_DIR (wiki-up.sh's default).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${CUJO_BUILD_DIR:-build}
port=${CUJO_WIKI_PORT:-8080}
wiki_args=(--port "$port")
if [ -n "${CUJO_WIKI_DIR:-}" ]; then wiki_args+=(--data-dir "$CUJO_WIKI_DIR"); fi

say() { printf 'quickstart: %s\n' "$*"; }

say "installing dependencies (ci/install-deps.sh)"
bash ci/install-deps.sh
say "building cujo in $build_dir"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j2

# From here on the wiki is always stopped, however this script ends.
trap 'say "stopping the wiki"; ci/wiki-down.sh "${wiki_args[@]}" || true' EXIT
say "starting a fresh local MediaWiki on 127.0.0.1:$port"
# --reset: every quickstart starts from the same seeded content. No --test-hooks, ever.
env_file=$(ci/wiki-up.sh --reset "${wiki_args[@]}" | sed -n 's/^CUJO_WIKI_DIR=//p')/wiki.env
set -a
# shellcheck disable=SC1090 # written by ci/wiki-up.sh
. "$env_file"
set +a
say "the wiki is up at $CUJO_WIKI_URL (users: $CUJO_WIKI_USER, $CUJO_WIKI_ADMIN_USER; see $env_file)"

# ---- run cujo's bundled journeys against the wiki --------------------------------------------
out_dir=${CUJO_OUT:-cujo-results/quickstart}
say "running the bundled journeys (both tiers, 2 browsers) against $CUJO_WIKI_URL"
status=0
"$build_dir"/orchestrator/cujo run journeys/mediawiki --base-url "$CUJO_WIKI_URL" \
  --browsers 2 --out "$out_dir" || status=$?
say "verdict exit code: $status (0 promote, 1 roll back, 2 inconclusive, 3 configuration)"
say "results: $out_dir/results.json"
for f in report.html junit.xml metrics.prom summary.md; do
  if [ -f "$out_dir/$f" ]; then say "         $out_dir/$f"; fi
done
exit "$status"
