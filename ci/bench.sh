#!/usr/bin/env bash
# Benchmarks that print figures side by side (cujo vs its peers, same browser, same run).
# Not part of the test suite. Installs the pinned peers from npm; never downloads a browser.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${CUJO_BUILD_DIR:-build}
bash ci/install-deps.sh
command -v node >/dev/null || { echo "bench: node and npm are needed for the peers" >&2; exit 1; }
(cd ci/bench && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --silent)
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target cujo_cdp_bench
"$build_dir/ci/bench/cujo_cdp_bench" "$PWD/ci/bench/puppeteer_rtt.mjs"
