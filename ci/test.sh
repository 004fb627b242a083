#!/usr/bin/env bash
# The one test command: installs dependencies, builds cujo with warnings as errors, and runs
# every test (unit, real Chromium, real MediaWiki) with ctest. CI's .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${CUJO_BUILD_DIR:-build}
jobs=${CUJO_JOBS:-$(nproc)}

bash ci/install-deps.sh
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCUJO_WERROR=ON "$@" >/dev/null
cmake --build "$build_dir" -j "$jobs"
# --output-on-failure prints a failing test's log; the summary line counts passed and failed.
ctest --test-dir "$build_dir" -j "$jobs" --output-on-failure --timeout 600
