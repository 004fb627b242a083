#!/usr/bin/env bash
# The long soak, run by hand before a release (CI runs the same test for 120 s): traffic mode
# with 2 browsers against a local wiki this script starts (and always stops), sampling cujo's
# RSS, descriptors, threads and zombie children, and its browsers' renderers; prints the figures
# and fails on growth.
# See tests/drills/soak_test.cc.
#   ci/soak.sh [SECONDS]     default 1200 (20 minutes)
# Env: CUJO_BUILD_DIR (default build), SOAK_WIKI_PORT (default 18942).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-1200}
build_dir=${CUJO_BUILD_DIR:-build}
port=${SOAK_WIKI_PORT:-18942}
wiki_dir=$PWD/$build_dir/soak-wiki

bash ci/install-deps.sh
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target soak_test cujo
trap 'bash ci/wiki-down.sh --port "$port" --data-dir "$wiki_dir" >/dev/null' EXIT
bash ci/wiki-up.sh --reset --port "$port" --data-dir "$wiki_dir" >/dev/null
CUJO_WIKI_ENV=$wiki_dir/wiki.env CUJO_SOAK_SECONDS=$seconds "$build_dir/tests/drills/soak_test"
