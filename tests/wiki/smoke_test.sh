#!/usr/bin/env bash
# Smoke test of the test wiki (ctest `wiki_smoke`, fixture `wiki`): the Main Page answers, full-text
# search finds a seeded page, API login as Tester works, and an API edit shows up on view.
# Usage: smoke_test.sh WIKI_ENV_FILE
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_env "$1"
u=$CUJO_WIKI_URL
api="$u/w/api.php"

fetch "$u/wiki/Main_Page"
check "Main Page answers 200 (got $http_code)" [ "$http_code" = 200 ]
check "Main Page is the seeded one" body_has "Welcome to the Vellmark Wiki"
check "Main Page has #firstHeading" body_has 'id="firstHeading"'

fetch "$u/" -o /dev/null
check "/ redirects (got $http_code)" [ "$http_code" = 301 ]

fetch "$u/wiki/Ostravine_River"
check "seeded article renders its infobox" body_has 'class="infobox"'
check "seeded article has a TOC" body_has 'id="toc"'
check "seeded article is categorised through its template" body_has 'Category:Rivers_of_the_Vellmark'

# "zibberline" is only in the body of Vellmark Tide Festival (see ci/wiki/README.md).
fetch "$u/w/index.php?title=Special:Search&search=zibberline&fulltext=1"
check "full-text search answers 200" [ "$http_code" = 200 ]
check "full-text search lists Vellmark Tide Festival" \
  body_has 'mw-search-result-heading"><a href="/wiki/Vellmark_Tide_Festival"'
check "full-text search counts exactly one result" body_has 'data-mw-num-results-total="1"'

fetch "$u/wiki/No_such_page_here"
check "missing page answers 404 (got $http_code)" [ "$http_code" = 404 ]

groups=$(curl -fsS "$api?action=query&list=users&usprop=groups&format=json" \
  --data-urlencode "ususers=$CUJO_WIKI_ADMIN_USER|$CUJO_WIKI_USER" -G)
admin_groups=$(json_get query users 0 groups <<<"$groups")
user_groups=$(json_get query users 1 groups <<<"$groups")
check "$CUJO_WIKI_ADMIN_USER is sysop and bureaucrat ($admin_groups)" \
  grep -q '"sysop".*"bureaucrat"\|"bureaucrat".*"sysop"' <<<"$admin_groups"
check "$CUJO_WIKI_USER is a plain user ($user_groups)" grep -qv sysop <<<"$user_groups"

# API login (clientlogin with a login token), in one cookie session.
jar="$tmp/cookies"
login_token=$(curl -fsS -c "$jar" -b "$jar" "$api?action=query&meta=tokens&type=login&format=json" |
  json_get query tokens logintoken)
check "got a login token" [ -n "$login_token" ]
login=$(curl -fsS -c "$jar" -b "$jar" "$api" --data-urlencode action=clientlogin \
  --data-urlencode "username=$CUJO_WIKI_USER" --data-urlencode "password=$CUJO_WIKI_PASSWORD" \
  --data-urlencode "logintoken=$login_token" --data-urlencode "loginreturnurl=$u/" \
  --data-urlencode format=json)
status=$(json_get clientlogin status <<<"$login")
check "clientlogin as $CUJO_WIKI_USER: PASS (got: $login)" [ "$status" = PASS ]
whoami=$(curl -fsS -c "$jar" -b "$jar" "$api?action=query&meta=userinfo&format=json" |
  json_get query userinfo name)
check "the session is $CUJO_WIKI_USER (got $whoami)" [ "$whoami" = "$CUJO_WIKI_USER" ]

# API edit as that user (a fresh csrf token after login; assert=user so it cannot be anonymous).
csrf=$(curl -fsS -c "$jar" -b "$jar" "$api?action=query&meta=tokens&type=csrf&format=json" |
  json_get query tokens csrftoken)
anon_token="+\\" # what an anonymous session gets
check "got a user csrf token (not the anonymous one)" [ "${csrf:-$anon_token}" != "$anon_token" ]
marker="Smoke edit $(date +%s%N)"
edit=$(curl -fsS -c "$jar" -b "$jar" "$api" --data-urlencode action=edit \
  --data-urlencode title=Sandbox --data-urlencode "appendtext=$(printf '\n\n%s.' "$marker")" \
  --data-urlencode "summary=cujo smoke test" --data-urlencode assert=user \
  --data-urlencode "token=$csrf" --data-urlencode format=json)
check "API edit succeeded (got: $edit)" [ "$(json_get edit result <<<"$edit")" = Success ]
fetch "$u/wiki/Sandbox"
check "the edit shows up on view" body_has "$marker"
fetch "$u/w/index.php?title=Sandbox&action=history"
check "the history names $CUJO_WIKI_USER" body_has ">$CUJO_WIKI_USER<"

finish
