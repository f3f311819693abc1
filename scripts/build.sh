#!/usr/bin/env bash
# Builds the app (release WASM via Trunk, precompressed) and the server.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

(app_release_env && trunk build index.html --release --offline)
# Precompressed copies: the server sends them as they are (no per-request compression).
for f in dist/*.wasm dist/*.js dist/*.css; do
  [ -e "$f" ] || continue
  brotli -f -q 11 -o "$f.br" "$f"
  gzip -f -k -9 "$f"
done
cargo build --profile server -p beboerblad-server
