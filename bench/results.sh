#!/usr/bin/env bash
# Writes bench/results.md: the sizes of dist/ (bench/size.mjs), first paragraph and
# takeover versus static HTML on two networks with the long tasks before takeover
# (bench/takeover.mjs, RUNS runs, default 5), article-to-article navigation inside the
# app (bench/navigate.mjs), Lighthouse on the front page and an article
# (bench/lighthouse.mjs, LIGHTHOUSE_RUNS, default 3), throughput of pages, the feed and
# rating PUTs (bench/throughput.sh), the crate breakdown (bench/crates.sh) and the rows at
# archive scale (bench/scale.mjs, render_bench; ARCHIVE, default /tmp/beboerblad-archive
# from `make archive`). Expects `make build`. Timing figures are only as quiet as the machine.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
out=bench/results.md
{
  echo "# Bench results"
  echo
  echo "Written by \`make bench\` ($(git rev-parse --short HEAD), $(date -u +%Y-%m-%d))."
  echo "Budgets: issue 11. Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) when the run"
  echo "began: timings taken while other work runs are noisy (ratios of alternating runs less so)."
  echo
  echo "## Download size (dist/, as served)"
  echo
  echo "The app transfer is what a browser downloads before the app takes over: the JS module"
  echo "(its snippets bundled in), the WASM and the stylesheet, brotli as the server sends them."
  echo "Budget in the test command (\`node bench/size.mjs --check\`): $(node -e 'import("./bench/size.mjs").then(m => console.log((m.BUDGET / 1024).toFixed(1)))') KB; goal 150 KB, aim 120 KB."
  echo
  node bench/size.mjs --markdown
  echo
  echo "## First paragraph and takeover (bench/takeover.mjs)"
  echo
  # The harness reports through node:test; only the table goes to the file.
  node bench/takeover.mjs "${RUNS:-5}" 2>/dev/null | grep -v -e '^TAP' -e '^#' -e '^1\.\.'
  echo
  echo "## Article to article inside the app (bench/navigate.mjs)"
  echo
  node bench/navigate.mjs | grep -v -e '^TAP' -e '^#' -e '^1\.\.'
  echo
  archive="${ARCHIVE:-/tmp/beboerblad-archive}"
  echo "## At archive scale: 10,000 articles (issue 12)"
  echo
  echo "\`make archive\` writes the archive to \`$archive\`. Server render time per page, data"
  echo "island included (server/examples/render_bench.rs), the demo and the archive:"
  echo
  cargo run -q --profile server -p beboerblad-server --example render_bench -- content dist
  echo
  cargo run -q --profile server -p beboerblad-server --example render_bench -- "$archive" dist
  echo
  echo "First text, takeover and in-app navigation, the archive against the demo (bench/scale.mjs):"
  echo
  ARCHIVE="$archive" node bench/scale.mjs "${RUNS:-5}" | grep -v -e '^TAP' -e '^#' -e '^1\.\.'
  echo
  echo "Article to article inside the app on the archive (bench/navigate.mjs, as above):"
  echo
  BENCH_CONTENT="$archive" node bench/navigate.mjs | grep -v -e '^TAP' -e '^#' -e '^1\.\.'
  echo
  echo "## Lighthouse (bench/lighthouse.mjs)"
  echo
  node bench/lighthouse.mjs "${LIGHTHOUSE_RUNS:-3}" | grep -v -e '^TAP' -e '^#' -e '^1\.\.'
  echo
  echo "## Throughput on this machine (bench/throughput.mjs, issue 12)"
  echo
  echo "Pages and the feed under oha, rating PUTs under autocannon, against the release server"
  echo "on loopback with the default abuse limits (how the PUTs stay within them:"
  echo "docs/measurements.md). Server and load generator share the 2 cores."
  echo
  bash bench/throughput.sh
  echo
  echo "## Where the WASM comes from (by crate)"
  echo
  echo "\`bash bench/crates.sh\`: twiggy on the release build with names, after wasm-opt -Oz."
  echo
  bash bench/crates.sh
} >"$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
