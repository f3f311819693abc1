#!/usr/bin/env bash
# Issue 12's throughput figures (bench/throughput.mjs): installs the pinned load
# generators when missing (oha from crates.io into target/bench-tools, autocannon from
# npm into bench/throughput/node_modules), then runs the bench against the release server
# (target/server/beboerblad-server and dist/, from scripts/build.sh). Prints a Markdown
# table; extra arguments go to bench/throughput.mjs (e.g. --check).
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
OHA_VERSION=1.16.0
tools="$ROOT/target/bench-tools"
if [ "$("$tools/bin/oha" --version 2>/dev/null)" != "oha $OHA_VERSION" ]; then
  # Its default TLS features: it does not build without one. Several minutes, once.
  echo "==> cargo: installing oha $OHA_VERSION (target/bench-tools)" >&2
  cargo install oha --version "$OHA_VERSION" --locked --root "$tools" >&2
fi
if ! (cd bench/throughput && npm ls --depth=0 >/dev/null 2>&1); then
  echo "==> npm: installing autocannon (bench/throughput)" >&2
  (cd bench/throughput && npm ci --no-audit --no-fund >&2)
fi
# The harness reports through node:test; only the table is printed.
LOADAVG_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)" OHA="$tools/bin/oha" node bench/throughput.mjs "$@" |
  grep -v -e '^TAP' -e '^#' -e '^1\.\.'

