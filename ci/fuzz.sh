#!/usr/bin/env bash
# Fuzzes cujo's parsers of untrusted input with libFuzzer (clang, ASan + UBSan): configures a
# separate build directory with CUJO_FUZZ=ON, builds only the fuzz targets, and runs each for
# SECONDS (default 20) from its checked-in corpus. Targets: journey_parser, slo_policy and
# cdp_message (what the browser sends: the pipe's NUL framing and the CDP message decoding).
# Exits non-zero on the first crash, hang, leak or sanitizer report; the input that caused it
# is kept under fuzz-artifacts/.
#
#   ci/fuzz.sh [SECONDS] [NAME...]     NAME: a directory of tests/fuzz/corpus (default: all)
#
# CI runs 15 seconds per target (ctest test NAME_fuzz_short). The long run, by hand after a
# parser changes or before a release, is an hour per target:
#   ci/fuzz.sh 3600
# or one target after its code changed, e.g. cdp/message.cc or cdp/nul_framer.cc:
#   ci/fuzz.sh 3600 cdp_message
# Inputs that reached new code are left in $CUJO_FUZZ_BUILD_DIR/fuzz-corpus/NAME; keep the
# useful ones by merging them, minimized, into the checked-in corpus:
#   build-fuzz/tests/fuzz/NAME_fuzz -merge=1 tests/fuzz/corpus/NAME build-fuzz/fuzz-corpus/NAME
# Reproduce a crash with: build-fuzz/tests/fuzz/NAME_fuzz build-fuzz/fuzz-artifacts/NAME/crash-*
# and, once fixed, add the input to tests/fuzz/corpus/NAME: the replay test keeps it fixed.
#
# Adding a target: a cujo_add_fuzzer() call in tests/fuzz/CMakeLists.txt and a corpus
# directory tests/fuzz/corpus/NAME (and optionally a dictionary tests/fuzz/NAME.dict).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
shift || true
build_dir=${CUJO_FUZZ_BUILD_DIR:-build-fuzz}
jobs=${CUJO_JOBS:-$(nproc)}
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for corpus in tests/fuzz/corpus/*/; do names+=("$(basename "$corpus")"); done
fi

cmake -S . -B "$build_dir" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCUJO_FUZZ=ON >/dev/null
cmake --build "$build_dir" -j "$jobs" --target "${names[@]/%/_fuzz}"

for name in "${names[@]}"; do
  found="$build_dir/fuzz-corpus/$name"
  artifacts="$build_dir/fuzz-artifacts/$name/"
  mkdir -p "$found" "$artifacts"
  # -timeout is wall time: generous, so that a loaded CI machine is not taken for a hang.
  options=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix="$artifacts")
  if [ -f "tests/fuzz/$name.dict" ]; then options+=(-dict="tests/fuzz/$name.dict"); fi
  echo "fuzz: $name for ${seconds}s" >&2
  # New inputs go to the first directory; the checked-in corpus is only read.
  "$build_dir/tests/fuzz/${name}_fuzz" "${options[@]}" "$found" "tests/fuzz/corpus/$name"
done
