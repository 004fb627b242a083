# shellcheck shell=bash disable=SC2034 # the globals set here are read by the sourcing tests
# Helpers shared by the shell tests in tests/wiki (sourced): assertions and JSON access via PHP
# (always installed with the wiki; jq is not).

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

pass() { echo "ok   - $*"; }
fail() {
  echo "FAIL - $*" >&2
  failures=$((failures + 1))
}
# check DESCRIPTION COMMAND...: runs the command, reports pass/fail.
check() {
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "all checks passed"
}

# json_get KEY...: reads JSON on stdin and prints the value at that path (objects or arrays as
# JSON, missing as empty).
json_get() {
  # shellcheck disable=SC2016 # PHP code, not shell
  php -r '$v = json_decode(stream_get_contents(STDIN), true);
    foreach (array_slice($argv, 1) as $k) { $v = is_array($v) ? ($v[$k] ?? null) : null; }
    echo is_scalar($v) ? $v : ($v === null ? "" : json_encode($v));' -- "$@"
}

# load_env FILE: exports the KEY=VALUE lines of an env file written by the fixtures.
load_env() {
  [ -f "$1" ] || {
    echo "FAIL - env file $1 is missing: did the fixture run?" >&2
    exit 1
  }
  set -a
  # shellcheck disable=SC1090
  . "$1"
  set +a
}

# fetch URL [curl args...]: sets http_code, curl_rc, elapsed (s), body in $tmp/body,
# curl's error message in $tmp/err.
fetch() {
  local out
  curl_rc=0
  out=$(curl -sS -o "$tmp/body" -w '%{http_code} %{time_total}' --max-time 30 "$@" 2>"$tmp/err") ||
    curl_rc=$?
  http_code=${out%% *}
  elapsed=${out#* }
}
body_has() { grep -qF -- "$1" "$tmp/body"; }
in_range() { [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
