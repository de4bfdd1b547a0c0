#!/usr/bin/env bash
# A scripted curl session against `hubdocs serve`: every refusal of the stub connect API, then a
# check that a canary secret sent in a successful link is in no output, response or database file.
set -euo pipefail
cd "$(dirname "$0")/.."
HUBDOCS=${HUBDOCS:-.venv/bin/hubdocs}  # a command line: word-split below
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=${PORT:-8765}
canary="CANARY-$(python3 -c 'import uuid; print(uuid.uuid4())')"
$HUBDOCS serve --brand stackone --port "$port" --db "$work/connect.sqlite3" --out "$work/site" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
base="http://127.0.0.1:$port/api"
json=(-H "Content-Type: application/json")
call() {  # call LABEL CURL-ARGS... : prints "LABEL -> status", keeps the body
  local label=$1; shift
  local status
  status=$(curl -s -o "$work/body" -w "%{http_code}" "$@")
  cat "$work/body" >> "$work/responses"
  printf '%-44s -> %s\n' "$label" "$status"
}
session() { curl -s "${json[@]}" -d '{"provider":"leapsome","auth_method":"scim-api-token"}' "$base/connect_sessions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
link='{"provider":"leapsome","auth_method":"scim-api-token","credentials":{"scim_authentication_token":"'"$canary"'"}}'

call "session"                           "${json[@]}" -d '{"provider":"leapsome","auth_method":"scim-api-token"}' "$base/connect_sessions"
tok=$(session)
call "link with the canary secret"       "${json[@]}" -H "Authorization: Bearer $tok" -d "$link" "$base/accounts"
call "401 reused token"                  "${json[@]}" -H "Authorization: Bearer $tok" -d "$link" "$base/accounts"
call "401 missing token"                 "${json[@]}" -d "$link" "$base/accounts"
call "403 foreign Origin"                "${json[@]}" -H "Origin: https://evil.example" -d '{}' "$base/connect_sessions"
call "415 form-encoded body"             -d "provider=leapsome" "$base/connect_sessions"
head -c 70000 /dev/zero | tr '\0' 'a' > "$work/big"
call "413 body over 64 KiB"              "${json[@]}" --data-binary "@$work/big" "$base/connect_sessions"
call "422 missing required field"        "${json[@]}" -H "Authorization: Bearer $(session)" -d '{"provider":"leapsome","auth_method":"scim-api-token","credentials":{}}' "$base/accounts"
call "405 GET on a POST route"           "$base/connect_sessions"
call "GET /api/accounts"                 "$base/accounts"
for _ in $(seq 20); do curl -s -o /dev/null "${json[@]}" -H "Authorization: Bearer nope" -d '{}' "$base/accounts"; done
call "429 after repeated failures"       -D "$work/headers" "${json[@]}" -H "Authorization: Bearer nope" -d '{}' "$base/accounts"
grep -i '^retry-after' "$work/headers" | tr -d '\r'

python3 - "$work/connect.sqlite3" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1]); con.execute("PRAGMA wal_checkpoint(FULL)"); con.close()
PY
found=0
for f in "$work/server.log" "$work/responses" "$work"/connect.sqlite3*; do
  if grep -q "$canary" "$f"; then echo "LEAK: canary found in $f"; found=1; fi
done
[ "$found" = 0 ] && echo "canary $canary: absent from the server output, every response and the SQLite file"
exit "$found"
