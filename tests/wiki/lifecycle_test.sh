#!/usr/bin/env bash
# ci/wiki-up.sh and ci/wiki-down.sh themselves (ctest `wiki_lifecycle`), on a wiki of their own:
# fresh install, reuse, test hooks on/off, refusing a foreign port and a foreign data dir,
# --reset, restart after a crash, stopping what a failed/interrupted run started, down, --purge.
# Usage: lifecycle_test.sh BASE_DIR PORT   (uses PORT and PORT+1 on 127.0.0.1)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
base=$1
port=$2
other_port=$((port + 1))
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir="$base/wiki"
u="http://127.0.0.1:$port"

foreign_pgid=
cleanup() {
  "$repo/ci/wiki-down.sh" --port "$port" --data-dir "$dir" --purge >/dev/null 2>&1 || true
  if [ -n "$foreign_pgid" ]; then kill -TERM -- "-$foreign_pgid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

up() { "$repo/ci/wiki-up.sh" --port "$port" --data-dir "$dir" "$@" >"$tmp/up.out" 2>"$tmp/up.err"; }
env_value() { sed -n "s/^$1=//p" "$dir/wiki.env"; }
live_members() { ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/' | wc -l; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

rm -rf "$base"
mkdir -p "$base"

# Fresh install, without test hooks (what the quickstart gets).
t=$(date +%s%N)
check "fresh install succeeds" up
fresh_ms=$(ms_since "$t")
echo "note: fresh install took $fresh_ms ms (target: under 10 s on a quiet machine; reported, not asserted)"
pgid1=$(env_value CUJO_WIKI_PGID)
check "wiki.env names a live process group ($pgid1)" [ "$(live_members "$pgid1")" -ge 1 ]
check "stdout carries the env lines" grep -q "^CUJO_WIKI_URL=$u$" "$tmp/up.out"
check "the data dir is marked as ours" [ -f "$dir/.cujo-wiki" ]
check "nothing outside the data dir: LocalSettings.php is in it" [ -f "$dir/LocalSettings.php" ]
fetch "$u/wiki/Main_Page" -H "X-Cujo-Fault: exception"
check "without --test-hooks X-Cujo-Fault is ignored (got $http_code)" [ "$http_code" = 200 ]

# Second run: reuses the healthy server.
t=$(date +%s%N)
check "second run succeeds" up
reuse_ms=$(ms_since "$t")
check "second run reuses the server (same process group)" [ "$(env_value CUJO_WIKI_PGID)" = "$pgid1" ]
check "second run says it reuses (took $reuse_ms ms)" grep -q "reusing the healthy server" "$tmp/up.err"

# Test hooks follow the latest run's flags, without a restart.
check "--test-hooks on the running wiki" up --test-hooks
fetch "$u/wiki/Main_Page" -H "X-Cujo-Fault: exception"
check "with --test-hooks X-Cujo-Fault: exception gives 500 (got $http_code)" [ "$http_code" = 500 ]
check "run without --test-hooks again" up
fetch "$u/wiki/Main_Page" -H "X-Cujo-Fault: exception"
check "test hooks are off again (got $http_code)" [ "$http_code" = 200 ]
check "still the same server" [ "$(env_value CUJO_WIKI_PGID)" = "$pgid1" ]

# A port served by something we did not start: refused, and that server is left alone.
mkdir -p "$base/foreign-docroot"
echo "foreign" >"$base/foreign-docroot/index.html"
setsid php -S "127.0.0.1:$other_port" -t "$base/foreign-docroot" </dev/null >/dev/null 2>&1 &
foreign_pgid=$!
deadline=$((SECONDS + 10))
until curl -s -o /dev/null "http://127.0.0.1:$other_port/" || [ "$SECONDS" -ge "$deadline" ]; do
  sleep 0.05
done
rc=0
"$repo/ci/wiki-up.sh" --port "$other_port" --data-dir "$base/w2" >/dev/null 2>"$tmp/err2" || rc=$?
check "a foreign server's port is refused (exit $rc)" [ "$rc" -ne 0 ]
check "the refusal says why" grep -q "refusing: port $other_port is already served by pid $foreign_pgid" "$tmp/err2"
check "the foreign server still answers" curl -fs -o /dev/null "http://127.0.0.1:$other_port/"
kill -TERM -- "-$foreign_pgid"
foreign_pgid=

# Our own port, but from another data dir: also refused.
rc=0
"$repo/ci/wiki-up.sh" --port "$port" --data-dir "$base/w3" >/dev/null 2>"$tmp/err3" || rc=$?
check "another data dir cannot take over this wiki's port (exit $rc)" [ "$rc" -ne 0 ]
check "and the wiki is untouched" [ "$(live_members "$pgid1")" -ge 1 ]

# This data dir, but another port while it is being served: refused, not reinstalled under it.
rc=0
"$repo/ci/wiki-up.sh" --port "$other_port" --data-dir "$dir" >/dev/null 2>"$tmp/err5" || rc=$?
check "the running wiki's dir cannot be reused on another port (exit $rc)" [ "$rc" -ne 0 ]
check "the refusal says why" grep -q "is served on port $port" "$tmp/err5"
fetch "$u/wiki/Main_Page"
check "and the wiki still serves (got $http_code)" [ "$http_code" = 200 ]

# A non-empty data dir that is not ours: refused, contents untouched.
mkdir -p "$base/not-ours"
echo "precious" >"$base/not-ours/data.txt"
rc=0
"$repo/ci/wiki-up.sh" --port "$other_port" --data-dir "$base/not-ours" >/dev/null 2>"$tmp/err4" || rc=$?
check "a foreign non-empty data dir is refused (exit $rc)" [ "$rc" -ne 0 ]
check "the refusal says why" grep -q "not empty and was not created by ci/wiki-up.sh" "$tmp/err4"
check "its contents are untouched" [ "$(ls -A "$base/not-ours")" = data.txt ]

# --reset: a new server and a fresh database; the old group is gone.
check "--reset" up --reset
pgid2=$(env_value CUJO_WIKI_PGID)
check "--reset starts a new process group ($pgid1 -> $pgid2)" [ "$pgid2" != "$pgid1" ]
check "--reset stopped the old group" [ "$(live_members "$pgid1")" = 0 ]

# The server dies behind our back: the next run restarts it without reinstalling.
kill -KILL -- "-$pgid2"
deadline=$((SECONDS + 5))
while [ "$(live_members "$pgid2")" != 0 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.05; done
t=$(date +%s%N)
check "a run after a crash restarts the server" up
restart_ms=$(ms_since "$t")
check "... without reinstalling (took $restart_ms ms)" bash -c "! grep -q 'installing a fresh wiki' '$tmp/up.err'"
fetch "$u/wiki/Main_Page"
check "... and it serves (got $http_code)" [ "$http_code" = 200 ]

# Interrupted while starting: the run stops the server it started.
"$repo/ci/wiki-down.sh" --port "$port" --data-dir "$dir" >/dev/null 2>&1
"$repo/ci/wiki-up.sh" --port "$port" --data-dir "$dir" >/dev/null 2>"$tmp/int.err" &
up_pid=$!
deadline=$((SECONDS + 20))
while [ ! -s "$dir/wiki.pid" ] && kill -0 "$up_pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
  sleep 0.01
done
started=$(tr -dc '0-9' <"$dir/wiki.pid" 2>/dev/null || true)
kill -TERM "$up_pid" 2>/dev/null || true
rc=0
wait "$up_pid" || rc=$?
if [ "$rc" = 0 ]; then
  echo "     (note: wiki-up finished before it could be interrupted; interruption not tested)"
  "$repo/ci/wiki-down.sh" --port "$port" --data-dir "$dir" >/dev/null 2>&1
else
  check "interrupted wiki-up exits non-zero ($rc)" [ "$rc" -ne 0 ]
  check "it stopped the server it had started (group $started)" [ "$(live_members "$started")" = 0 ]
  check "it said why" grep -q "FAILED" "$tmp/int.err"
fi

# A failing install (a password MediaWiki rejects) says why and leaves nothing running.
rc=0
CUJO_WIKI_PASSWORD=Tester "$repo/ci/wiki-up.sh" --port "$port" --data-dir "$base/weak" \
  >/dev/null 2>"$tmp/weak.err" || rc=$?
check "a failing install exits non-zero ($rc)" [ "$rc" -ne 0 ]
check "... and says why" grep -q "Your password must not appear within your username" "$tmp/weak.err"
rc=0
curl -s -o /dev/null "$u/" || rc=$?
check "... and nothing listens on the port (curl $rc)" [ "$rc" = 7 ]
rm -rf "$base/weak"

# down: exactly that group, PID file and env file gone, data dir kept; then --purge.
check "up again" up
pgid4=$(env_value CUJO_WIKI_PGID)
check "wiki-down" "$repo/ci/wiki-down.sh" --port "$port" --data-dir "$dir"
check "no process of group $pgid4 is running" [ "$(live_members "$pgid4")" = 0 ]
check "the PID file is gone" [ ! -e "$dir/wiki.pid" ]
check "the env file is gone" [ ! -e "$dir/wiki.env" ]
check "the data dir is kept" [ -f "$dir/LocalSettings.php" ]
rc=0
curl -s -o /dev/null "$u/" || rc=$?
check "the port is closed (curl $rc)" [ "$rc" = 7 ]
check "wiki-down again is a no-op" "$repo/ci/wiki-down.sh" --port "$port" --data-dir "$dir"
check "wiki-down refuses a dir that is not ours" \
  bash -c "! '$repo/ci/wiki-down.sh' --data-dir '$base/not-ours' 2>/dev/null"
check "wiki-down --purge" "$repo/ci/wiki-down.sh" --port "$port" --data-dir "$dir" --purge
check "--purge removed the data dir" [ ! -e "$dir" ]

echo "timings: fresh ${fresh_ms} ms, reuse ${reuse_ms} ms, restart ${restart_ms} ms"
finish
