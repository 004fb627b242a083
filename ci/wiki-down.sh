#!/usr/bin/env bash
# Stops the wiki that ci/wiki-up.sh started for a data dir: exactly the PHP server's process group
# recorded in DIR/wiki.pid (SIGTERM, bounded wait, then SIGKILL), never processes found by name.
# Leaves the data dir (a later wiki-up.sh restarts it in well under a second) unless --purge.
set -euo pipefail

wiki_prog=wiki-down
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=ci/wiki/common.sh
. "$repo/ci/wiki/common.sh"

wiki_usage() {
  cat <<'EOF'
usage: ci/wiki-down.sh [--port N] [--data-dir DIR] [--purge]
  --port N, --data-dir DIR  the same as for ci/wiki-up.sh (also $CUJO_WIKI_PORT, $CUJO_WIKI_DIR)
  --purge                   also delete the data dir (only if wiki-up.sh created it)
EOF
}

wiki_parse_args "$@"

if [ ! -d "$wiki_dir" ]; then
  wiki_log "no data dir $wiki_dir: nothing to stop"
  exit 0
fi
if [ ! -f "$wiki_marker" ]; then
  wiki_log "refusing: $wiki_dir was not created by ci/wiki-up.sh (no .cujo-wiki marker)"
  exit 1
fi
exec 9>"$wiki_dir/.lock"
if ! flock -w 60 9; then
  wiki_log "another wiki-up/wiki-down holds $wiki_dir/.lock for over 60 s"
  exit 1
fi

if wiki_server_running; then
  wiki_stop_server
  wiki_log "stopped the wiki of $wiki_dir"
else
  if [ -f "$wiki_pidfile" ]; then
    wiki_log "the server recorded in $wiki_pidfile is not running any more"
  else
    wiki_log "no server is running for $wiki_dir"
  fi
  rm -f "$wiki_pidfile"
fi
# The env file describes a running wiki: do not leave a stale one behind.
rm -f "$wiki_envfile"

if [ "$wiki_purge" = 1 ]; then
  exec 9>&-
  rm -rf -- "$wiki_dir"
  wiki_log "removed $wiki_dir"
fi
