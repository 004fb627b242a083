#!/usr/bin/env bash
# ctest fixture cleanup `wiki_down`: stops the test wiki with ci/wiki-down.sh, then checks that no
# process of the process group wiki-up.sh recorded is left and that the port is closed.
# Usage: wiki_down_test.sh DATA_DIR PORT
set -euo pipefail
dir=$1
port=$2
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

pgid=
if [ -f "$dir/wiki.pid" ]; then
  pgid=$(tr -dc '0-9' <"$dir/wiki.pid")
fi
"$repo/ci/wiki-down.sh" --port "$port" --data-dir "$dir"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[ ! -e "$dir/wiki.pid" ] || fail "the PID file $dir/wiki.pid is still there"
[ ! -e "$dir/wiki.env" ] || fail "the env file $dir/wiki.env is still there"
rc=0
curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/" || rc=$?
[ "$rc" = 7 ] || fail "127.0.0.1:$port still answers (curl exit $rc, expected 7: refused)"
if [ -n "$pgid" ]; then
  live=$(ps -e -o pid=,pgid=,stat=,args= | awk -v g="$pgid" '$2 == g && $3 !~ /^Z/')
  [ -z "$live" ] || fail "processes of process group $pgid are still running: $live"
  # Exited members stay zombies until their parent (PID 1 here) reaps them: bounded wait.
  deadline=$((SECONDS + 5))
  while [ -n "$(ps -e -o pgid= | awk -v g="$pgid" '$1 == g')" ] && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.05
  done
  if [ -n "$(ps -e -o pgid= | awk -v g="$pgid" '$1 == g')" ]; then
    echo "note: exited members of group $pgid are not reaped yet (zombies; PID 1 reaps them)"
  fi
  echo "ok: no process of the wiki's process group $pgid is running; port $port is closed"
else
  echo "ok: no wiki was running for $dir; port $port is closed"
fi
