#!/usr/bin/env bash
# Fuzzes the API with schemathesis against the real server (release build) on loopback:
# no 5xx, and every response matches /api/openapi.json (status, content type, schema).
# Bounded: a fixed number of cases per operation and a time budget.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

ST="$ROOT/.venv/bin/schemathesis"
SERVER="${BEBOERBLAD_SERVER:-$ROOT/target/server/beboerblad-server}"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" && wait "$server_pid" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cp -r content "$work/content"
# A moderator token, so the moderation routes are exercised too (schemathesis sends it).
token="fuzz-moderator-token-0123456789abcdef"
BEBOERBLAD_ADMIN_TOKEN="$token" RUST_LOG=warn "$SERVER" --addr 127.0.0.1:0 --content "$work/content" \
  --dist dist --db "$work/data/beboerblad.db" >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q 'beboerblad is at' "$work/out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/log"; echo "fuzz: the server did not start"; exit 1; }
  sleep 0.1
done
url="$(grep -o 'http://[0-9.:]*' "$work/out" | head -1)"
[ -n "$url" ] || { cat "$work/log"; echo "fuzz: no address from the server"; exit 1; }

echo "fuzz: schemathesis against $url/api/openapi.json"
# From the temporary directory: schemathesis keeps its cache and reports where it runs.
(cd "$work" && "$ST" run "$url/api/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --max-examples "${FUZZ_EXAMPLES:-25}" --max-time "${FUZZ_SECONDS:-90}" --workers 1 --seed 7 \
  --header "Authorization: Bearer $token" --request-timeout 10 --no-color --warnings off)

# A 5xx would also be in the server's log as an error.
if grep -E ' ERROR ' "$work/log"; then
  echo "fuzz: the server logged errors"
  exit 1
fi
