#!/usr/bin/env bash
# Brings up cujo's test and quickstart target: a real MediaWiki (Debian's package, SQLite) installed
# into one data dir and served by PHP's built-in server on 127.0.0.1:PORT in its own process group,
# seeded with the pages in ci/wiki/pages and the users Admin and Tester. Writes DIR/wiki.env.
# Facts behind every setting: ../shared/notes/mediawiki.md (see also ci/wiki/README.md).
set -Eeuo pipefail

wiki_prog=wiki-up
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=ci/wiki/common.sh
. "$repo/ci/wiki/common.sh"

wiki_usage() {
  cat <<'EOF'
usage: ci/wiki-up.sh [--reset] [--port N] [--data-dir DIR] [--test-hooks]
  --port N        port on 127.0.0.1 (default $CUJO_WIKI_PORT or 8080)
  --data-dir DIR  everything of this wiki lives here (default $CUJO_WIKI_DIR or
                  ${TMPDIR:-/tmp}/cujo-wiki-PORT)
  --reset         stop this wiki's server, wipe DIR and install afresh
  --test-hooks    enable ci/wiki/TestHooks.php (X-Cujo-Fault header); tests only, never quickstart
Prints KEY=VALUE lines (also written to DIR/wiki.env): CUJO_WIKI_URL, CUJO_WIKI_ADMIN_USER,
CUJO_WIKI_ADMIN_PASSWORD, CUJO_WIKI_USER, CUJO_WIKI_PASSWORD, CUJO_WIKI_DIR, CUJO_WIKI_PORT,
CUJO_WIKI_PGID, CUJO_WIKI_TEST_HOOKS. A healthy server already started for DIR is reused.
EOF
}

wiki_parse_args "$@"

mw=/usr/share/mediawiki
sitename="Vellmark Wiki"
admin_user=Admin
admin_pass=${CUJO_WIKI_ADMIN_PASSWORD:-cujo-Admin-Pass-2024}
test_user=Tester
test_pass=${CUJO_WIKI_PASSWORD:-cujo-Tester-Pass-2024}
workers=${CUJO_WIKI_WORKERS:-4}
seeded_marker="$wiki_dir/.seeded"

t_start=$(date +%s%N)
elapsed() { echo "$((($(date +%s%N) - t_start) / 1000000)) ms"; }

started_pgid=
did_work=0 # set once this run installs or starts something: then its logs are worth showing
die() {
  wiki_log "ERROR: $*"
  exit 1
}
on_exit() {
  local rc=$?
  trap - EXIT
  if [ "$rc" -ne 0 ]; then
    if [ -n "$started_pgid" ]; then
      wiki_log "stopping the server this run started (process group $started_pgid)"
      wiki_stop_server || true
    fi
    local f
    if [ "$did_work" = 1 ]; then # a refusal touched nothing: old logs would only mislead
      for f in "$wiki_dir/logs/install.log" "$wiki_server_log" "$wiki_dir/logs/php-error.log" \
        "$wiki_dir/logs/exception.log"; do
        if [ -s "$f" ]; then
          wiki_log "---- last lines of $f"
          tail -n 15 "$f" >&2
        fi
      done
    fi
    wiki_log "FAILED (exit $rc) after $(elapsed)"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM
trap 'wiki_log "command failed (line $LINENO): $BASH_COMMAND"' ERR

# --- packages: only when something is missing ------------------------------------------------
if ! command -v php >/dev/null || ! command -v curl >/dev/null || [ ! -f "$mw/maintenance/install.php" ] ||
  ! php -r 'exit(extension_loaded("pdo_sqlite") && extension_loaded("intl") && extension_loaded("apcu") ? 0 : 1);'; then
  wiki_log "MediaWiki/PHP packages missing: running ci/install-deps.sh"
  bash "$repo/ci/install-deps.sh"
fi

# --- the data dir: ours (marker) or empty, then locked ----------------------------------------
if [ -e "$wiki_dir" ] && [ ! -d "$wiki_dir" ]; then
  die "$wiki_dir exists and is not a directory"
fi
if [ -d "$wiki_dir" ] && [ ! -f "$wiki_marker" ] && [ -n "$(ls -A "$wiki_dir")" ]; then
  die "refusing to use $wiki_dir: it is not empty and was not created by ci/wiki-up.sh (no .cujo-wiki marker); choose another --data-dir"
fi
mkdir -p "$wiki_dir"
if [ ! -f "$wiki_marker" ]; then
  echo "cujo wiki data dir, created by ci/wiki-up.sh; ci/wiki-down.sh --purge removes it" >"$wiki_marker"
fi
exec 9>"$wiki_dir/.lock"
flock -w 120 9 || die "another wiki-up/wiki-down holds $wiki_dir/.lock for over 120 s"

# --- the port: free, or served by this data dir's own server ----------------------------------
ours_listening=0
running=0
if wiki_server_running; then
  running=1
  if [ "$wiki_running_port" != "$wiki_port" ]; then
    die "refusing: $wiki_dir is served on port $wiki_running_port (process group $wiki_pgid), not $wiki_port. Use --port $wiki_running_port, or stop it first: ci/wiki-down.sh --data-dir $wiki_dir"
  fi
fi
listeners=$(wiki_listen_inodes "$wiki_port" | tr '\n' ' ')
if [ -n "${listeners// /}" ]; then
  # shellcheck disable=SC2046 # one word per pid
  if [ "$running" = 1 ] && [ -n "$(wiki_pids_holding "$listeners" $(wiki_group_members "$wiki_pgid"))" ]; then
    ours_listening=1
  else
    die "refusing: port $wiki_port is already served by $(wiki_describe_listener)- not by the wiki of $wiki_dir (PID file: $wiki_pidfile). Stop it or choose another --port."
  fi
fi

# --- decide: reuse, restart, or (re)install ---------------------------------------------------
seed_hash=$(
  {
    echo "port=$wiki_port admin=$admin_user:$admin_pass user=$test_user:$test_pass site=$sitename"
    cat "$repo/ci/wiki-up.sh" "$repo/ci/wiki/common.sh"
    cd "$repo/ci/wiki/pages"
    for f in *.wiki; do
      printf '== %s\n' "$f"
      cat -- "$f"
    done
  } | sha256sum | cut -d' ' -f1
)

healthy() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$wiki_url/wiki/Main_Page" 2>/dev/null)" = 200 ]
}

# Copies the settings, router and (only with --test-hooks) the fault hooks into the data dir.
# Cheap, so every run does it: a reused server follows the flags of the latest run.
configure() {
  mkdir -p "$wiki_dir/logs" "$wiki_dir/cache" "$wiki_dir/htdocs"
  ln -sfn "$mw" "$wiki_dir/htdocs/w"
  install -m 644 "$repo/ci/wiki/CujoSettings.php" "$wiki_dir/CujoSettings.php"
  install -m 644 "$repo/ci/wiki/router.php" "$wiki_dir/router.php"
  if [ "$wiki_test_hooks" = 1 ]; then
    install -m 644 "$repo/ci/wiki/TestHooks.php" "$wiki_dir/TestHooks.php"
  else
    rm -f "$wiki_dir/TestHooks.php"
  fi
}

maint() {
  local script=$1
  shift
  {
    echo "## $script $*"
    # CUJO_WIKI_SEEDING: no parser cache while pages are created (see CujoSettings.php).
    CUJO_WIKI_SEEDING=1 MW_CONFIG_FILE="$wiki_dir/LocalSettings.php" php "$mw/maintenance/$script" "$@"
  } >>"$wiki_dir/logs/install.log" 2>&1 || die "maintenance/$script failed (see $wiki_dir/logs/install.log)"
}

install_wiki() {
  wiki_log "installing a fresh wiki into $wiki_dir"
  did_work=1
  find "$wiki_dir" -mindepth 1 -maxdepth 1 ! -name .cujo-wiki ! -name .lock -exec rm -rf {} +
  mkdir -p "$wiki_dir/db" "$wiki_dir/logs"
  configure
  (
    unset MW_CONFIG_FILE
    php "$mw/maintenance/install.php" --dbtype=sqlite --dbpath="$wiki_dir/db" \
      --confpath="$wiki_dir" --server="$wiki_url" --scriptpath=/w --lang=en --skins=Vector \
      --pass="$admin_pass" "$sitename" "$admin_user"
  ) >"$wiki_dir/logs/install.log" 2>&1 || die "maintenance/install.php failed"
  [ -f "$wiki_dir/LocalSettings.php" ] || die "install.php wrote no $wiki_dir/LocalSettings.php"
  printf '\n# cujo: see ci/wiki/CujoSettings.php\nrequire_once __DIR__ . "/CujoSettings.php";\n' \
    >>"$wiki_dir/LocalSettings.php"

  # install.php made $admin_user a sysop, bureaucrat and interface-admin.
  maint createAndPromote.php "$test_user" "$test_pass"
  # Templates first, so pages render and categorise through them when they are saved.
  local f templates=() others=()
  for f in "$repo"/ci/wiki/pages/*.wiki; do
    case ${f##*/} in
      Template:*) templates+=("$f") ;;
      *) others+=("$f") ;;
    esac
  done
  maint importTextFiles.php --overwrite --rc --user="$admin_user" \
    --summary="Seed content from cujo ci/wiki/pages" "${templates[@]}" "${others[@]}"
  maint runJobs.php --quiet
  maint rebuildtextindex.php
  echo "$seed_hash" >"$seeded_marker"
  wiki_log "installed and seeded in $(elapsed)"
}

start_server() {
  wiki_log "starting php -S 127.0.0.1:$wiki_port with $workers workers"
  did_work=1
  echo "---- $(date -u +%FT%TZ) ci/wiki-up.sh starts the server" >>"$wiki_server_log"
  (
    cd "$wiki_dir"
    export MW_CONFIG_FILE="$wiki_dir/LocalSettings.php" PHP_CLI_SERVER_WORKERS="$workers"
    # setsid: a new session and process group whose id is this pid, so wiki-down.sh can stop
    # the master and its forked workers together.
    exec setsid php -d display_errors=0 -d log_errors=1 -d error_log="$wiki_dir/logs/php-error.log" \
      -d memory_limit=512M -S "127.0.0.1:$wiki_port" -t "$wiki_dir/htdocs" "$wiki_dir/router.php" \
      </dev/null >>"$wiki_server_log" 2>&1 9>&-
  ) &
  local pid=$! pgid deadline
  started_pgid=$pid
  echo "$pid" >"$wiki_pidfile"
  # The subshell reaches setsid a moment after the fork (until then it is in our group):
  # wait for the new group, bounded.
  deadline=$((SECONDS + 5))
  until pgid=$(ps -o pgid= -p "$pid" | tr -d ' ') && [ "$pgid" = "$pid" ]; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      # Without its own group we could not stop the workers safely; stop the master we know.
      kill -TERM "$pid" 2>/dev/null || true
      die "the server (pid $pid) did not get its own process group (got '$pgid')"
    fi
    sleep 0.01
  done
  deadline=$((SECONDS + 30))
  until healthy; do
    if ! kill -0 "$pid" 2>/dev/null; then
      die "the PHP server exited during startup"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "the Main Page did not answer 200 within 30 s"
    fi
    sleep 0.05
  done
  wiki_pgid=$pid
  wiki_log "serving $wiki_url (process group $pid) after $(elapsed)"
}

# The first requests after a start compile the localisation cache and ResourceLoader modules:
# pay that here instead of in the first timed journey.
warm() {
  local html
  html=$(curl -s --max-time 10 "$wiki_url/wiki/Main_Page") || return 0
  {
    printf '%s\n' "$html" | grep -oE '/w/load\.php\?[^"]+' | sed 's/&amp;/\&/g' | sort -u
    printf '%s\n' /wiki/Vellmark /wiki/Special:UserLogin /wiki/Special:RecentChanges \
      '/w/index.php?title=Special:Search&search=heron&fulltext=1' \
      '/w/index.php?title=Sandbox&action=edit' '/w/api.php?action=query&meta=siteinfo&format=json' \
      '/w/load.php?lang=en&modules=startup&only=scripts&raw=1&skin=vector'
  } | sed "s#^#$wiki_url#" | xargs -r -P 4 -n 1 curl -s -o /dev/null --max-time 10 || true
  wiki_log "warmed up after $(elapsed)"
}

if [ "$wiki_reset" = 1 ]; then
  wiki_stop_server || die "could not stop the old server"
  install_wiki
elif [ ! -f "$seeded_marker" ] || [ "$(cat "$seeded_marker")" != "$seed_hash" ]; then
  if [ -f "$seeded_marker" ]; then
    wiki_log "seed content, users or this script changed since $wiki_dir was installed: reinstalling"
  fi
  wiki_stop_server || die "could not stop the old server"
  install_wiki
fi

configure
if [ "$ours_listening" = 1 ] && [ -f "$seeded_marker" ] && wiki_server_running && healthy; then
  wiki_log "reusing the healthy server of $wiki_dir (process group $wiki_pgid)"
else
  if wiki_server_running; then
    wiki_log "the server of $wiki_dir is not healthy: restarting it"
    wiki_stop_server || die "could not stop the unhealthy server"
  fi
  rm -f "$wiki_pidfile"
  start_server
  warm
fi

env_text="CUJO_WIKI_URL=$wiki_url
CUJO_WIKI_ADMIN_USER=$admin_user
CUJO_WIKI_ADMIN_PASSWORD=$admin_pass
CUJO_WIKI_USER=$test_user
CUJO_WIKI_PASSWORD=$test_pass
CUJO_WIKI_DIR=$wiki_dir
CUJO_WIKI_PORT=$wiki_port
CUJO_WIKI_PGID=$wiki_pgid
CUJO_WIKI_TEST_HOOKS=$wiki_test_hooks"
printf '%s\n' "$env_text" >"$wiki_envfile.tmp"
mv "$wiki_envfile.tmp" "$wiki_envfile"
printf '%s\n' "$env_text"
wiki_log "ready in $(elapsed): $wiki_url (env: $wiki_envfile)"
