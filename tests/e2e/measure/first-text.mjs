// Measures when an article's first paragraph is painted, cold, on a throttled mobile
// profile (4× CPU slowdown, Slow 4G: 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up):
// the server-rendered page versus the same article as a static HTML file. "Painted" is
// Element Timing's renderTime of the first paragraph (tests/e2e/lib/profiles.js).
//   node measure/first-text.mjs [runs]
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, launch, startServer, withTimeout } from '../lib/harness.js';
import { NETWORKS, SLOW_PHONE, probePaint, throttle } from '../lib/profiles.js';

const RUNS = Number(process.argv[2] ?? 5);
const ARTICLE = '/artikel/ny-legeplads-aabner-i-afdeling-4';

// The static twin is served from a copy of the build (the server serves any file there;
// from --content only feeds and images).
const dist = mkdtempSync(join(tmpdir(), 'beboerblad-measure-'));
cpSync(DIST, dist, { recursive: true });
const server = await startServer({ dist });
const browser = await launch();
try {
  // The static twin: the server's own HTML for the article without any script.
  const html = await (await fetch(server.url + ARTICLE)).text();
  const staticHtml = html
    .replace(/<script\b[\s\S]*?<\/script>/g, '')
    .replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '');
  writeFileSync(join(dist, 'static-article.html'), staticHtml);

  const variants = { 'server-rendered page': ARTICLE, 'static HTML file': '/static-article.html' };
  const results = {};
  for (const [name, path] of Object.entries(variants)) {
    results[name] = [];
    for (let i = 0; i < RUNS; i++) results[name].push(await firstText(server.url + path));
  }
  console.log(`first paragraph painted (ms after navigation start; ${RUNS} cold runs, median):`);
  for (const [name, times] of Object.entries(results)) {
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`  ${name.padEnd(22)} ${sorted[Math.floor(sorted.length / 2)].toFixed(0).padStart(6)} ms   (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`);
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(dist, { recursive: true, force: true });
}

async function firstText(url) {
  const context = await browser.newContext({ ...SLOW_PHONE });
  const page = await context.newPage();
  await throttle(context, page, { network: NETWORKS[1] });
  const { measured } = await probePaint(page, { selector: '.article-body p' });
  await page.goto(url, { waitUntil: 'commit' });
  await withTimeout(measured, 60000, `${url} was not painted`);
  const t = await page.evaluate(() => window.__firstText);
  await context.close();
  return t;
}
