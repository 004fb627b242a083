#!/usr/bin/env bash
# Benchmarks that print figures side by side (cujo vs its peers, same browser, same run).
# Why: issue 8 asks for figures anyone can reproduce: the CDP round trip against puppeteer-core,
# and the bundled MediaWiki journeys against Playwright Test on a local wiki this script starts
# (and always stops). Not part of the test suite. Installs the pinned peers from npm; never
# downloads a browser.
# Env: CUJO_BUILD_DIR (default build-bench, a Release build), BENCH_CUJO, BENCH_REPS (default 5),
# BENCH_QUICK_REPS (default 15: pairs of the quick tier, whose target is the closest call),
# BENCH_TRAFFIC_REPS (default 3), BENCH_WIKI_PORT (default 18932),
# BENCH_RESULTS (default $CUJO_BUILD_DIR/bench-results.json),
# BENCH_SKIP_JOURNEYS=1 for the CDP round trip only, BENCH_SKIP_CDP=1 for the journeys only.
# Also: the memory `cujo report` needs for runs of 1000 to 18000 attempts (report_memory.py).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${CUJO_BUILD_DIR:-build-bench}
port=${BENCH_WIKI_PORT:-18932}
wiki_dir=$PWD/$build_dir/bench-wiki
results=${BENCH_RESULTS:-$PWD/$build_dir/bench-results.json}
bash ci/install-deps.sh
command -v node >/dev/null || { echo "bench: node and npm are needed for the peers" >&2; exit 1; }
(cd ci/bench && PUPPETEER_SKIP_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
  npm install --no-audit --no-fund --silent)
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DCUJO_BUILD_TESTS=OFF >/dev/null
# BENCH_CUJO: measure an already built cujo instead of building one here (say, while the tree
# does not link); the figures are then those of that binary's build type.
cujo=${BENCH_CUJO:-$build_dir/orchestrator/cujo}
targets=()
[ "${BENCH_SKIP_CDP:-0}" = 1 ] || targets+=(cujo_cdp_bench)
[ -n "${BENCH_CUJO:-}" ] || targets+=(cujo)
[ "${#targets[@]}" = 0 ] || cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]}"
if [ "${BENCH_SKIP_CDP:-0}" != 1 ]; then
  "$build_dir/ci/bench/cujo_cdp_bench" "$PWD/ci/bench/puppeteer_rtt.mjs" | tee "$build_dir/cdp-bench.txt"
fi
[ "${BENCH_SKIP_JOURNEYS:-0}" = 1 ] && exit 0

stop_wiki() { bash ci/wiki-down.sh --port "$port" --data-dir "$wiki_dir" >/dev/null || true; }
trap stop_wiki EXIT
trap 'exit 130' INT TERM
# A fresh wiki each time: the slow journeys create pages and users, and the figures should not
# depend on how many runs came before. wiki-up.sh warms it up before it returns.
bash ci/wiki-up.sh --reset --port "$port" --data-dir "$wiki_dir" >/dev/null
set -a
# shellcheck source=/dev/null
. "$wiki_dir/wiki.env"
set +a
rm -rf "$build_dir/bench-runs"
python3 ci/bench/run_bench.py --cujo "$cujo" --base-url "$CUJO_WIKI_URL" \
  --work-dir "$build_dir/bench-runs" --results "$results" --cdp-text "$build_dir/cdp-bench.txt"
# What concluding a long run costs: `cujo report` on runs built from a quick-tier run above.
sample=$(find "$build_dir/bench-runs" -maxdepth 1 -type d -name '*-cujo-quick' | sort | head -n 1)
python3 ci/bench/report_memory.py --cujo "$cujo" --sample "$sample" \
  --work-dir "$build_dir/bench-runs" --results "$build_dir/report-memory.json"
