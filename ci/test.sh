#!/usr/bin/env bash
# The one test command: installs dependencies, builds cujo with warnings as errors, and runs
# every test (unit, real Chromium, real MediaWiki) with ctest. CI's .ci/run calls exactly this.
#
# CUJO_SANITIZE picks the build, each in a directory of its own so that switching never
# rebuilds another's tree (CUJO_BUILD_DIR overrides the directory):
#   address (default, what CI runs)  AddressSanitizer + UBSan (CUJO_ASAN)   build-asan/
#   thread                           ThreadSanitizer (CUJO_TSAN)            build-tsan/
#   none                             no sanitizer                           build/
# A sanitizer report fails the test that ran the program (ci/sanitizers/default_options.cc).
set -euo pipefail
cd "$(dirname "$0")/.."

sanitize=${CUJO_SANITIZE:-address}
# Sanitizer builds use -O1 -g1 (line tables: enough for symbolized reports): instrumented
# -O2 -g code takes about twice as long to compile, and the build is most of CI's time.
sanitizer_flags=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG")
case "$sanitize" in
  address) options=(-DCUJO_ASAN=ON -DCUJO_TSAN=OFF "${sanitizer_flags[@]}") default_dir=build-asan ;;
  thread) options=(-DCUJO_ASAN=OFF -DCUJO_TSAN=ON "${sanitizer_flags[@]}") default_dir=build-tsan ;;
  none) options=(-DCUJO_ASAN=OFF -DCUJO_TSAN=OFF -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g -DNDEBUG") default_dir=build ;;
  *)
    echo "ci/test.sh: CUJO_SANITIZE must be address, thread or none, not '$sanitize'" >&2
    exit 3
    ;;
esac
build_dir=${CUJO_BUILD_DIR:-$default_dir}
jobs=${CUJO_JOBS:-$(nproc)}

bash ci/install-deps.sh
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCUJO_WERROR=ON "${options[@]}" \
  "$@" >/dev/null
cmake --build "$build_dir" -j "$jobs"
# --output-on-failure prints a failing test's log; the summary line counts passed and failed.
ctest --test-dir "$build_dir" -j "$jobs" --output-on-failure --timeout 600
