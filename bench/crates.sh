#!/usr/bin/env bash
# The crate-by-crate breakdown of the app's WASM (Markdown on stdout): the same cargo build
# Trunk makes (it keeps function names), through wasm-bindgen and wasm-opt -Oz like Trunk
# but keeping the names (-g), then `twiggy top` and bench/crates.mjs. Sizes are raw bytes
# after wasm-opt, without the name section: the shipped .wasm before brotli.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(app_release_env && cargo build --release --target wasm32-unknown-unknown --no-default-features --features hydrate \
  --bin beboerblad --quiet)
wasm-bindgen --target web --out-dir "$tmp" --out-name app target/wasm32-unknown-unknown/release/beboerblad.wasm
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int "$tmp/app_bg.wasm" -o "$tmp/opt.wasm"
twiggy top -n 1000000 --format csv "$tmp/opt.wasm" >"$tmp/top.csv"
node bench/crates.mjs "$tmp/top.csv"
