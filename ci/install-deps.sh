#!/usr/bin/env bash
# Installs every Debian package that cujo's build, tests, quickstart and local wiki need.
# Idempotent: packages already present are skipped, `apt-get update` runs at most once.
set -euo pipefail

packages=(
  # build
  cmake g++ pkg-config make
  libwebsocketpp-dev libboost-dev libboost-filesystem-dev nlohmann-json3-dev libspdlog-dev
  libmagick++-dev libgtest-dev libgmock-dev libyaml-cpp-dev libcli11-dev
  clang libclang-rt-14-dev  # libFuzzer for ci/fuzz.sh
  clang-format  # the source_format test
  clang-tidy  # ci/tidy.sh
  # the browsers cujo drives: the headless shell by default, the full browser also supported
  chromium-headless-shell chromium
  # the local MediaWiki target
  mediawiki php8.2-cli php8.2-sqlite3 php8.2-intl php8.2-mbstring php8.2-xml php8.2-apcu sqlite3
  # smoke tests of the target
  curl
  # artifacts tests: JUnit schema validation (xmllint), promtool, a real Pushgateway
  libxml2-utils prometheus prometheus-pushgateway
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

# mediawiki pulls in apache2; it must never start (the wiki is served by ci/wiki-up.sh).
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${sudo_cmd[@]}" chmod +x /usr/sbin/policy-rc.d
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
