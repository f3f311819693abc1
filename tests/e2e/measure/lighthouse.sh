#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile defaults: simulated Slow 4G, 4x CPU) on an article page of a
# running server: `bash measure/lighthouse.sh http://127.0.0.1:8080/artikel/<id>`.
set -euo pipefail
url="${1:-http://127.0.0.1:8080/artikel/ny-legeplads-aabner-i-afdeling-4}"
out="$(mktemp -d)/report.json"
npx -y lighthouse@12.2.3 "$url" --chrome-path=/usr/bin/chromium \
  --chrome-flags="--headless --no-sandbox --disable-gpu" --output=json --output-path="$out" --quiet
node -e '
  const r = require(process.argv[1]);
  for (const [k, v] of Object.entries(r.categories)) console.log(`${k.padEnd(16)} ${Math.round(v.score * 100)}`);
  for (const k of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"])
    console.log(`${k.padEnd(26)} ${r.audits[k].displayValue}`);
' "$out"
