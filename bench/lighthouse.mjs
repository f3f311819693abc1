// Issue 11's Lighthouse figures: mobile (Lighthouse's defaults: Moto G Power screen,
// simulated Slow 4G, 4× CPU) on the front page and an article, through
// tests/e2e/measure/lighthouse.sh (Lighthouse 12.2.3, installed when missing). Each page
// RUNS times (default 3), alternating; the run with the median performance score is
// reported. Prints a Markdown table against the budgets (performance ≥ 95, TBT ≤ 150 ms,
// LCP ≤ 2.5 s); fails only on errors.
//   node bench/lighthouse.mjs [runs]   (after `make build`)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServer } from '../tests/e2e/lib/harness.js';

const RUNS = Number(process.argv[2] ?? 3);
const PAGES = { 'front page `/`': '/', 'article `/artikel/ny-legeplads-aabner-i-afdeling-4`': '/artikel/ny-legeplads-aabner-i-afdeling-4' };

const server = await startServer();
const out = mkdtempSync(join(tmpdir(), 'beboerblad-lighthouse-'));
try {
  const reports = Object.fromEntries(Object.keys(PAGES).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, path] of Object.entries(PAGES)) {
      const file = join(out, `${reports[name].length}-${path.replace(/\W+/g, '_')}.json`);
      execFileSync('bash', [join(ROOT, 'tests/e2e/measure/lighthouse.sh'), server.url + path, file],
        { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CATEGORIES: 'performance' } });
      reports[name].push(summary(JSON.parse(readFileSync(file, 'utf8'))));
    }
  }
  console.log(`Lighthouse 12.2.3, mobile defaults (simulated Slow 4G: 150 ms RTT, 1.6 Mbit/s; 4× CPU),`);
  console.log(`the run with the median performance score of ${RUNS}; all runs' scores in brackets.\n`);
  console.log('| page | performance | TBT | LCP | FCP | CLS | LCP element | budget |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  for (const [name, runs] of Object.entries(reports)) {
    const sorted = [...runs].sort((a, b) => a.score - b.score);
    const r = sorted[Math.floor(sorted.length / 2)];
    const over = [];
    if (r.score < 95) over.push('performance ≥ 95');
    if (r.tbt > 150) over.push('TBT ≤ 150 ms');
    if (r.lcp > 2500) over.push('LCP ≤ 2.5 s');
    const verdict = over.length ? `**over** (${over.join(', ')})` : 'met';
    console.log(`| ${name} | ${r.score} (${runs.map((x) => x.score).join(', ')}) | ${r.tbt.toFixed(0)} ms | ${(r.lcp / 1000).toFixed(2)} s | ${(r.fcp / 1000).toFixed(2)} s | ${r.cls.toFixed(3)} | ${r.element} | ${verdict} |`);
  }
} finally {
  await server.stop();
  rmSync(out, { recursive: true, force: true });
}

function summary(report) {
  const a = report.audits;
  const node = a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
  const element = node ? `\`${node.snippet.replace(/\s+/g, ' ').slice(0, 70).replace(/\|/g, '\\|')}\`` : '';
  return {
    score: Math.round(report.categories.performance.score * 100),
    tbt: a['total-blocking-time'].numericValue,
    lcp: a['largest-contentful-paint'].numericValue,
    fcp: a['first-contentful-paint'].numericValue,
    cls: a['cumulative-layout-shift'].numericValue,
    element,
  };
}
