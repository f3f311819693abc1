// Issue 11's timing figures for an article, cold, phone viewport, 4× CPU slowdown, on two
// networks: when the first paragraph is painted (Element Timing's renderTime; the
// server-rendered page and the same article as a static HTML file without scripts) and
// when the app has taken over (`<html data-app="ready">`, marked once it has hydrated
// the page and started). Runs alternate
// between the variants; medians. Prints a Markdown table against the budgets
// (first paragraph ≤ 1.10× static, takeover ≤ 2.0× static) and fails only on errors.
// It also counts the long tasks (over 50 ms, PerformanceObserver `longtask`) that start
// before takeover on the server-rendered page: issue 11 allows none on the throttled
// profile.
//   node bench/takeover.mjs [runs]        (default 5; after `make build`)
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, launch, startServer } from '../tests/e2e/lib/harness.js';
import { NETWORKS, timedVisit } from '../tests/e2e/lib/profiles.js';

const RUNS = Number(process.argv[2] ?? 5);
const ARTICLE = '/artikel/ny-legeplads-aabner-i-afdeling-4';

// The static twin is served from a copy of the build (the server serves any file there).
const dist = mkdtempSync(join(tmpdir(), 'beboerblad-bench-'));
cpSync(DIST, dist, { recursive: true });
const server = await startServer({ dist });
const browser = await launch();
const visit = (url, net, app) => timedVisit(browser, url, net, app);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const html = await (await fetch(server.url + ARTICLE)).text();
  writeFileSync(join(dist, 'static-article.html'), html
    .replace(/<script\b[\s\S]*?<\/script>/g, '')
    .replace(/<link rel="(modulepreload|preload)"[^>]*>/g, ''));

  const rows = [];
  const tasks = [];
  for (const net of NETWORKS) {
    const name = net.name;
    const page = { text: [], takeover: [], longtasks: [] };
    const still = [];
    for (let i = 0; i < RUNS; i++) {
      still.push((await visit(server.url + '/static-article.html', net, false)).text);
      const r = await visit(server.url + ARTICLE, net, true);
      page.text.push(r.text);
      page.takeover.push(r.takeover);
      page.longtasks.push(r.longtasks);
    }
    const base = median(still);
    const cell = (xs, budget) => {
      const ratio = median(xs) / base;
      return `${median(xs).toFixed(0)} ms | ${ratio.toFixed(2)}× | ${ratio <= budget ? 'met' : `**over** (≤ ${budget.toFixed(2)}×)`}`;
    };
    rows.push(`| ${name} | static HTML, first paragraph | ${base.toFixed(0)} ms | 1.00× | |`);
    rows.push(`| ${name} | server-rendered page, first paragraph | ${cell(page.text, 1.1)} |`);
    rows.push(`| ${name} | app took over | ${cell(page.takeover, 2.0)} |`);
    const counts = page.longtasks.map((l) => l.length);
    const all = page.longtasks.flat();
    const longest = all.length ? Math.max(...all.map((t) => t.duration)) : 0;
    const list = page.longtasks.map((l) => l.map((t) => `${t.duration.toFixed(0)}`).join('+') || '0').join(', ');
    tasks.push(`| ${name} | ${median(counts)} | ${longest.toFixed(0)} ms | ${list} | ${all.length === 0 ? 'met' : '**over** (none over 50 ms)'} |`);
  }
  console.log(`Article \`${ARTICLE}\`, phone 412×823, 4× CPU, cold; medians of ${RUNS} alternating runs.\n`);
  console.log('| network | what | time | vs static | budget |');
  console.log('| --- | --- | ---: | ---: | --- |');
  console.log(rows.join('\n'));
  console.log('\nLong tasks (over 50 ms) that start before takeover, server-rendered page, same runs:\n');
  console.log('| network | long tasks (median per run) | longest (any run) | each run (ms) | budget |');
  console.log('| --- | ---: | ---: | --- | --- |');
  console.log(tasks.join('\n'));
} finally {
  await browser.close();
  await server.stop();
  rmSync(dist, { recursive: true, force: true });
}
