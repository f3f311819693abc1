#!/usr/bin/env bash
# Prints the size of what a browser downloads for the app (after `make build`).
set -euo pipefail
cd "$(dirname "$0")/.."
total=0
for f in dist/*.wasm dist/*.js dist/*.css; do
  raw=$(stat -c %s "$f"); br=$(brotli -c -q 11 "$f" | wc -c)
  total=$((total + br))
  printf '%-48s %8d bytes raw %8d bytes brotli\n' "$(basename "$f")" "$raw" "$br"
done
printf '%-48s %8s           %8d bytes brotli (%d KB)\n' "total" "" "$total" $((total / 1024))
