#!/usr/bin/env bash
# ctest fixture `fault_proxy`: starts cujo-fault-proxy in front of the test wiki (in its own
# session, PID in DIR/proxy.pid, env in DIR/fault-proxy.env), or stops exactly that process.
# Usage: fault_proxy_fixture.sh up PROXY_BINARY DIR PORT CONTROL_PORT WIKI_ENV_FILE
#        fault_proxy_fixture.sh down - DIR
set -euo pipefail
action=$1
bin=$2
dir=$3
pidfile="$dir/proxy.pid"
envfile="$dir/fault-proxy.env"

# True while the process runs (not a zombie).
running() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# True while the process in the PID file runs and is our proxy (not a reused PID).
proxy_alive() {
  running "$1" && { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null | grep -q cujo-fault-proxy
}

stop_proxy() {
  [ -f "$pidfile" ] || return 0
  local pid deadline
  pid=$(tr -dc '0-9' <"$pidfile")
  if [ -n "$pid" ] && proxy_alive "$pid"; then
    kill -TERM "$pid"
    deadline=$((SECONDS + 5))
    while proxy_alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.05; done
    if proxy_alive "$pid"; then
      echo "fault proxy $pid ignored SIGTERM for 5 s: SIGKILL" >&2
      kill -KILL "$pid" || true
      deadline=$((SECONDS + 2))
      while proxy_alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.05; done
    fi
    if proxy_alive "$pid"; then
      echo "FAIL: fault proxy $pid is still running" >&2
      return 1
    fi
    echo "stopped fault proxy $pid"
  fi
  rm -f "$pidfile" "$envfile"
}

case "$action" in
  up)
    port=$4
    control_port=$5
    wiki_env=$6
    wiki_port=$(sed -n 's/^CUJO_WIKI_PORT=//p' "$wiki_env")
    [ -n "$wiki_port" ] || { echo "FAIL: no CUJO_WIKI_PORT in $wiki_env" >&2; exit 1; }
    mkdir -p "$dir"
    stop_proxy # a leftover of an aborted earlier run
    rm -f "$dir/ready"
    setsid "$bin" --upstream-port "$wiki_port" --port "$port" --control-port "$control_port" \
      --ready-file "$dir/ready" --verbose </dev/null >"$dir/proxy.log" 2>&1 &
    pid=$!
    echo "$pid" >"$pidfile"
    deadline=$((SECONDS + 10))
    until [ -f "$dir/ready" ]; do
      # Not proxy_alive: until the child has exec'd the proxy (and, under TSan, re-exec'd
      # itself) its command line is the shell's, or briefly unreadable.
      if ! running "$pid" || [ "$SECONDS" -ge "$deadline" ]; then
        echo "FAIL: the fault proxy did not start:" >&2
        tail -n 20 "$dir/proxy.log" >&2
        stop_proxy || true
        exit 1
      fi
      sleep 0.02
    done
    curl -fsS --max-time 5 "http://127.0.0.1:$control_port/__cujo_fault/health" >/dev/null
    printf '%s\n' "CUJO_FAULT_PROXY_URL=http://127.0.0.1:$port" \
      "CUJO_FAULT_PROXY_CONTROL_URL=http://127.0.0.1:$control_port" \
      "CUJO_FAULT_PROXY_PORT=$port" "CUJO_FAULT_PROXY_CONTROL_PORT=$control_port" \
      "CUJO_FAULT_PROXY_PID=$pid" >"$envfile"
    cat "$envfile"
    ;;
  down)
    : "$bin"
    stop_proxy
    ;;
  *)
    echo "usage: $0 up BINARY DIR PORT CONTROL_PORT WIKI_ENV | down - DIR" >&2
    exit 2
    ;;
esac
