#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile defaults: simulated Slow 4G, 4x CPU) on a page of a running
# server: `bash tests/e2e/measure/lighthouse.sh [URL] [REPORT.json]`. Prints the category
# scores, FCP, LCP (and its element), TBT and CLS; keeps the full report when asked.
# CATEGORIES=performance runs only that category (what bench/lighthouse.mjs needs).
# Lighthouse is pinned in bench/lighthouse/package-lock.json and installed there when
# missing or at another version (like scripts/setup.sh; it uses the system Chromium).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pkg="$here/../../../bench/lighthouse"
url="${1:-http://127.0.0.1:8080/artikel/ny-legeplads-aabner-i-afdeling-4}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
out="${2:-$tmp/report.json}"
if ! (cd "$pkg" && npm ls --depth=0 >/dev/null 2>&1); then
  echo "==> npm: installing lighthouse (bench/lighthouse)" >&2
  (cd "$pkg" && npm ci --no-audit --no-fund >&2)
fi
# Its own profile directory, removed afterwards (Chromium writes there as it exits).
"$pkg/node_modules/.bin/lighthouse" "$url" --chrome-path="${CHROMIUM:-/usr/bin/chromium}" \
  --chrome-flags="--headless --no-sandbox --disable-gpu --user-data-dir=$tmp/profile" \
  --only-categories="${CATEGORIES:-performance,accessibility,best-practices,seo}" \
  --output=json --output-path="$out" --quiet
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const [k, v] of Object.entries(r.categories)) console.log(`${k.padEnd(26)} ${Math.round(v.score * 100)}`);
  for (const k of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"])
    console.log(`${k.padEnd(26)} ${r.audits[k].displayValue}`);
  const lcp = r.audits["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node?.snippet;
  if (lcp) console.log(`${"LCP element".padEnd(26)} ${lcp}`);
' "$out"
