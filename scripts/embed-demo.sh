#!/usr/bin/env bash
# The embedding demo (README, "Embedding"): the reader on http://127.0.0.1:8080 and the
# housing association's site on http://localhost:8081 (another origin) showing it with
# the snippet. Expects `make build`. Ctrl-C stops both.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

READER_ADDR="${READER_ADDR:-127.0.0.1:8080}"
HOST_PORT="${HOST_PORT:-8081}"

./target/server/beboerblad-server --addr "$READER_ADDR" --content content --dist dist \
  --embed-origin "http://localhost:$HOST_PORT" &
reader=$!
trap 'kill "$reader" 2>/dev/null || true; wait "$reader" 2>/dev/null || true' EXIT
node examples/host/server.mjs --port "$HOST_PORT" --reader "http://$READER_ADDR/"
