# shellcheck shell=bash disable=SC2034 # the variables set here are used by the sourcing scripts
# Shared by ci/wiki-up.sh and ci/wiki-down.sh (sourced, not run): option parsing, the data-dir
# layout, and finding/stopping exactly the PHP server process group this data dir started.
# Processes are only ever addressed by the process-group id recorded in DIR/wiki.pid.

wiki_log() { printf '%s: %s\n' "${wiki_prog:-wiki}" "$*" >&2; }

# Parses the options both scripts share into wiki_port, wiki_dir, wiki_reset, wiki_purge,
# wiki_test_hooks. Flags win over the CUJO_WIKI_PORT / CUJO_WIKI_DIR environment variables.
wiki_parse_args() {
  wiki_port=${CUJO_WIKI_PORT:-8080}
  wiki_dir=${CUJO_WIKI_DIR:-}
  wiki_reset=0
  wiki_purge=0
  wiki_test_hooks=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --reset) wiki_reset=1 ;;
      --purge) wiki_purge=1 ;;
      --test-hooks) wiki_test_hooks=1 ;;
      --port) [ $# -ge 2 ] || wiki_usage_error "--port needs a value"; wiki_port=$2; shift ;;
      --port=*) wiki_port=${1#--port=} ;;
      --data-dir) [ $# -ge 2 ] || wiki_usage_error "--data-dir needs a value"; wiki_dir=$2; shift ;;
      --data-dir=*) wiki_dir=${1#--data-dir=} ;;
      -h | --help) wiki_usage; exit 0 ;;
      *) wiki_usage_error "unknown argument: $1" ;;
    esac
    shift
  done
  case "$wiki_port" in
    '' | *[!0-9]*) wiki_usage_error "port must be a number: '$wiki_port'" ;;
  esac
  if [ "$wiki_port" -lt 1 ] || [ "$wiki_port" -gt 65535 ]; then
    wiki_usage_error "port out of range: $wiki_port"
  fi
  if [ -z "$wiki_dir" ]; then
    wiki_dir="${TMPDIR:-/tmp}/cujo-wiki-$wiki_port"
  fi
  case "$wiki_dir" in
    /*) ;;
    *) wiki_dir="$PWD/$wiki_dir" ;;
  esac
  wiki_dir=${wiki_dir%/}
  if [ -z "$wiki_dir" ] || [ "$wiki_dir" = "/" ]; then
    wiki_usage_error "refusing data dir '/'"
  fi
  wiki_marker="$wiki_dir/.cujo-wiki"
  wiki_pidfile="$wiki_dir/wiki.pid"
  wiki_envfile="$wiki_dir/wiki.env"
  wiki_server_log="$wiki_dir/logs/server.log"
  wiki_url="http://127.0.0.1:$wiki_port"
}

wiki_usage_error() {
  wiki_log "$1"
  wiki_usage >&2
  exit 2
}

# Prints the process ids of the live (non-zombie) members of process group $1.
wiki_group_members() {
  local pgid=$1
  ps -e -o pid=,pgid=,stat= | awk -v g="$pgid" '$2 == g && $3 !~ /^Z/ { print $1 }'
}

# True when DIR/wiki.pid names a process group that still has live members, one of them a PHP
# built-in server serving this data dir (so a recycled process-group id is never mistaken for
# ours). Sets wiki_pgid and wiki_running_port (the port it serves, maybe not --port).
wiki_server_running() {
  wiki_pgid=
  wiki_running_port=
  [ -f "$wiki_pidfile" ] || return 1
  local pgid pid cmd
  pgid=$(tr -dc '0-9' <"$wiki_pidfile")
  [ -n "$pgid" ] || return 1
  for pid in $(wiki_group_members "$pgid"); do
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
    case "$cmd" in
      *" -S 127.0.0.1:"*" -t $wiki_dir/htdocs "*)
        wiki_pgid=$pgid
        wiki_running_port=${cmd#* -S 127.0.0.1:}
        wiki_running_port=${wiki_running_port%% *}
        return 0
        ;;
    esac
  done
  return 1
}

# Prints the socket inodes of TCP listeners on port $1 (any address, IPv4 or IPv6).
wiki_listen_inodes() {
  local hex
  hex=$(printf '%04X' "$1")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
    awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { print $10 }'
}

# Prints the pids (among those given after the inode list) holding one of the socket inodes.
# Usage: wiki_pids_holding "inode1 inode2" pid...
wiki_pids_holding() {
  local inodes=$1 pid fd link
  shift
  for pid in "$@"; do
    for fd in /proc/"$pid"/fd/*; do
      link=$(readlink "$fd" 2>/dev/null) || continue
      case "$link" in
        socket:\[*\])
          link=${link#socket:[}
          link=${link%]}
          case " $inodes " in *" $link "*) echo "$pid"; break ;; esac
          ;;
      esac
    done
  done
}

# Describes who listens on the port (for refusal messages), best effort.
wiki_describe_listener() {
  local inodes pids pid
  inodes=$(wiki_listen_inodes "$wiki_port" | tr '\n' ' ')
  [ -n "$inodes" ] || return 0
  local all=() p
  for p in /proc/[0-9]*; do all+=("${p#/proc/}"); done
  pids=$(wiki_pids_holding "$inodes" "${all[@]}" | sort -u | head -5)
  if [ -z "$pids" ]; then
    echo "an unknown process (not visible to this user)"
    return 0
  fi
  for pid in $pids; do
    printf 'pid %s (%s) ' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-120)"
  done
  echo
}

# Stops the server process group recorded in the PID file: SIGTERM to the whole group, a bounded
# wait, then SIGKILL. Never signals anything but that group. Removes the PID file.
wiki_stop_server() {
  if ! wiki_server_running; then
    rm -f "$wiki_pidfile"
    return 0
  fi
  local pgid=$wiki_pgid deadline
  wiki_log "stopping the wiki server (process group $pgid)"
  kill -TERM -- "-$pgid" 2>/dev/null || true
  deadline=$((SECONDS + 10))
  while [ -n "$(wiki_group_members "$pgid")" ] && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.05
  done
  if [ -n "$(wiki_group_members "$pgid")" ]; then
    wiki_log "process group $pgid ignored SIGTERM for 10 s; sending SIGKILL"
    kill -KILL -- "-$pgid" 2>/dev/null || true
    deadline=$((SECONDS + 5))
    while [ -n "$(wiki_group_members "$pgid")" ] && [ "$SECONDS" -lt "$deadline" ]; do
      sleep 0.05
    done
  fi
  if [ -n "$(wiki_group_members "$pgid")" ]; then
    wiki_log "process group $pgid still has processes: $(wiki_group_members "$pgid" | tr '\n' ' ')"
    return 1
  fi
  rm -f "$wiki_pidfile"
}
