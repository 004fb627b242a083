#!/usr/bin/env bash
# clang-tidy over every C++ source of the tree with the checks in .clang-tidy; exits non-zero
# on any warning. Not part of ci/test.sh: on 2 cores it takes about 6 minutes. Run it before a
# commit that touches C++ (CUJO_BUILD_DIR: a configured build, default build/).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${CUJO_BUILD_DIR:-build}
command -v run-clang-tidy >/dev/null || bash ci/install-deps.sh
# Configuring is enough: it writes compile_commands.json, and the generated sources (page
# scripts, report assets) come from configure_file; no file of the tree includes a built one.
cmake -S . -B "$build_dir" >/dev/null
mapfile -t sources < <(git ls-files '*.cc')
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run-clang-tidy -p "$build_dir" -j "$(nproc)" -quiet "${sources[@]}" >"$log" 2>&1 || true
warnings=$(grep -E '(warning|error): ' "$log" | sort -u || true)
if [ -n "$warnings" ]; then
  echo "$warnings"
  echo "tidy: $(echo "$warnings" | wc -l) warning(s) in ${#sources[@]} files" >&2
  exit 1
fi
echo "tidy: no warnings in ${#sources[@]} files"
