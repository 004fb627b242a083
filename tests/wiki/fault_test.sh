#!/usr/bin/env bash
# Fault modes of cujo-fault-proxy in front of the test wiki (ctest `wiki_faults`, fixtures `wiki`
# and `fault_proxy`): each mode must produce the status and body (or socket error) it promises.
# Usage: fault_test.sh WIKI_ENV_FILE FAULT_PROXY_ENV_FILE
# shellcheck disable=SC2016 # the single-quoted snippets are PHP code
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_env "$1"
load_env "$2"
p=$CUJO_FAULT_PROXY_URL
c=$CUJO_FAULT_PROXY_CONTROL_URL

ctl() { curl -fsS --max-time 10 "$c/__cujo_fault/$1" >"$tmp/ctl"; }
trap 'curl -s --max-time 5 "$c/__cujo_fault/clear" >/dev/null || true; rm -rf "$tmp"' EXIT
ctl clear

fetch "$p/wiki/Main_Page"
check "no rule: the proxy forwards (200, got $http_code)" [ "$http_code" = 200 ]
check "no rule: the seeded Main Page" body_has "Welcome to the Vellmark Wiki"

ctl "set?mode=exception"
fetch "$p/wiki/Main_Page"
check "exception: HTTP 500 (got $http_code)" [ "$http_code" = 500 ]
check "exception: MediaWiki's own Internal error page" body_has "<title>Internal error - Vellmark Wiki</title>"
check "exception: .mw-message-box-error names the exception" body_has "Fatal exception of type"

ctl "set?mode=dberror"
fetch "$p/wiki/Main_Page"
check "dberror: HTTP 500 (got $http_code)" [ "$http_code" = 500 ]
check "dberror: MediaWiki's Database error page" body_has "<title>Database error - Vellmark Wiki</title>"
check "dberror: says a query error occurred" body_has "A database query error has occurred"

ctl "set?mode=fatal"
fetch "$p/wiki/Main_Page"
check "fatal: HTTP 500 (got $http_code)" [ "$http_code" = 500 ]
check "fatal: empty body (got $(wc -c <"$tmp/body") bytes)" [ ! -s "$tmp/body" ]

ctl "set?mode=slow&ms=800"
fetch "$p/wiki/Main_Page"
check "slow: still 200 (got $http_code)" [ "$http_code" = 200 ]
check "slow: took >= 0.8 s (took $elapsed s)" php -r 'exit($argv[1] >= 0.8 ? 0 : 1);' -- "$elapsed"

ctl "set?mode=status&status=503"
fetch "$p/wiki/Main_Page"
check "status: HTTP 503 (got $http_code)" [ "$http_code" = 503 ]
check "status: the proxy's own body" body_has "cujo-fault-proxy: injected HTTP 503"

ctl "set?mode=status&status=503&percent=50"
n503=0
for _ in $(seq 40); do
  fetch "$p/w/load.php?modules=startup&only=scripts" -o /dev/null
  if [ "$http_code" = 503 ]; then n503=$((n503 + 1)); fi
done
check "status percent=50: some but not all of 40 requests fail ($n503)" in_range "$n503" 5 35

ctl "set?mode=reset"
fetch "$p/wiki/Main_Page"
check "reset: curl error 56 (got $curl_rc: $(cat "$tmp/err"))" [ "$curl_rc" = 56 ]
check "reset: Connection reset by peer" grep -q "Connection reset" "$tmp/err"

ctl "set?mode=reset_mid"
fetch "$p/wiki/Main_Page"
check "reset_mid: curl error 56 after part of the response (got $curl_rc: $(cat "$tmp/err"))" \
  [ "$curl_rc" = 56 ]

ctl "set?mode=refuse"
fetch "$p/wiki/Main_Page"
check "refuse: curl error 7, connection refused (got $curl_rc: $(cat "$tmp/err"))" [ "$curl_rc" = 7 ]
ctl clear
fetch "$p/wiki/Main_Page"
check "refuse, then clear: 200 again (got $http_code)" [ "$http_code" = 200 ]

ctl "set?mode=refuse&ms=400"
fetch "$p/wiki/Main_Page"
check "refuse ms=400: refused at first (got $curl_rc)" [ "$curl_rc" = 7 ]
deadline=$((SECONDS + 10))
until fetch "$p/wiki/Main_Page" && [ "$curl_rc" = 0 ] || [ "$SECONDS" -ge "$deadline" ]; do sleep 0.1; done
check "refuse ms=400: listening again by itself (got $http_code)" [ "$http_code" = 200 ]

ctl "set?mode=stall"
fetch "$p/wiki/Main_Page" --max-time 1
check "stall: no answer, the client times out (curl 28, got $curl_rc)" [ "$curl_rc" = 28 ]
ctl "set?mode=stall&ms=300"
fetch "$p/wiki/Main_Page"
check "stall ms=300: then closed without a response (curl 52, got $curl_rc)" [ "$curl_rc" = 52 ]

# count=1 and path: only the first matching request fails; others are untouched.
ctl 'set?mode=exception&count=1&path=%5E%2Fwiki%2FVellmark%24'
fetch "$p/wiki/Saltmere"
check "count=1: a request not matching the path is forwarded (got $http_code)" [ "$http_code" = 200 ]
fetch "$p/wiki/Vellmark" -H "X-Test-Id: first-attempt"
check "count=1: the first matching request fails (got $http_code)" [ "$http_code" = 500 ]
fetch "$p/wiki/Vellmark" -H "X-Test-Id: retry"
check "count=1: the retry succeeds (got $http_code)" [ "$http_code" = 200 ]
ctl rules
check "count=1: the rule shows 1 hit, 0 remaining" \
  [ "$(json_get rules 0 hits <"$tmp/ctl") $(json_get rules 0 remaining <"$tmp/ctl")" = "1 0" ]

# The log shows what reached the proxy, with Host and headers.
ctl log
php -r '$log = json_decode(file_get_contents($argv[1]), true)["entries"];
  foreach ($log as $e) {
    $h = []; foreach ($e["headers"] as [$k, $v]) { $h[strtolower($k)] = $v; }
    if (($h["x-test-id"] ?? "") === "first-attempt") {
      echo $e["fault"], " ", $e["status"], " ", $e["host"], " ", $e["target"], "\n"; }
  }' -- "$tmp/ctl" >"$tmp/first"
check "log: the faulted request is listed with its fault, status, Host and target ($(cat "$tmp/first"))" \
  [ "$(cat "$tmp/first")" = "exception 500 127.0.0.1:$CUJO_FAULT_PROXY_PORT /wiki/Vellmark" ]

# The header is MediaWiki's own hook (ci/wiki/TestHooks.php), active in the test wiki only.
fetch "$CUJO_WIKI_URL/wiki/Main_Page" -H "X-Cujo-Fault: exception"
check "X-Cujo-Fault straight to the test wiki: 500 (got $http_code)" [ "$http_code" = 500 ]

ctl clear
fetch "$p/wiki/Main_Page"
check "clear: forwarding again (got $http_code)" [ "$http_code" = 200 ]
finish
