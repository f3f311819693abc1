// Issue 11's navigation figure: article to article inside the app, after takeover (the
// app warm), phone viewport, 4× CPU slowdown, no network throttling (each next article's
// page file is fetched from the server on loopback, docs/feed.md). Each
// navigation clicks a "Læs også" link of the article shown and times from the click to
// the new article's text painted. Prints the median and p95 against the budgets
// (≤ 50 ms, ≤ 100 ms) as a Markdown table; fails only on errors.
//   node bench/navigate.mjs [navigations]   (default 30, plus 3 not counted; after `make build`)
//   BENCH_CONTENT=/tmp/beboerblad-archive [BENCH_START=/artikel/…] node bench/navigate.mjs
//                                           (another content directory, e.g. `make archive`'s)
//
// "Painted" and the click's time: `probeNavigation` in tests/e2e/lib/profiles.js.
import { DIST, appReady, launch, startServer } from '../tests/e2e/lib/harness.js';
import { SLOW_PHONE, probeNavigation, throttle, timeNavigation } from '../tests/e2e/lib/profiles.js';

const COUNTED = Number(process.argv[2] ?? 30);
const WARMUP = 3;
const server = await startServer({ dist: DIST, from: process.env.BENCH_CONTENT });
// Another content directory: from its newest article unless told.
const START = process.env.BENCH_START ?? (process.env.BENCH_CONTENT
  ? `/artikel/${(await (await fetch(`${server.url}/feed/arkiv/1.json`)).json()).items[0].id}`
  : '/artikel/ny-legeplads-aabner-i-afdeling-4');
const browser = await launch();
try {
  const context = await browser.newContext({ ...SLOW_PHONE, serviceWorkers: 'block', locale: 'da-DK' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await probeNavigation(page);
  await page.goto(server.url + START);
  await appReady(page);
  await page.waitForLoadState('networkidle');
  await throttle(context, page);

  const times = [];
  const visited = new Set([START]);
  for (let i = 0; i < WARMUP + COUNTED; i++) {
    const links = page.getByRole('region', { name: 'Læs også' }).getByRole('heading').getByRole('link');
    const count = await links.count();
    if (count === 0) throw new Error(`no "Læs også" link on ${page.url()}`);
    // The first linked article not read yet, else the first: a walk through the magazine.
    let pick = 0;
    for (let j = 0; j < count; j++) {
      if (!visited.has(await links.nth(j).getAttribute('href'))) { pick = j; break; }
    }
    const link = links.nth(pick);
    const href = await link.getAttribute('href');
    visited.add(href);
    const title = (await link.textContent()).trim();
    // As a reader does: the link is scrolled to and its card's picture shown before the
    // tap (else the click's own scrolling, and the pictures it brings into view, would be
    // handled in the moment timed).
    await link.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => [...document.querySelectorAll('main img')].every((img) => {
      const r = img.getBoundingClientRect();
      return r.bottom <= 0 || r.top >= innerHeight || (img.complete && img.naturalWidth > 0);
    }), null, { timeout: 10000 });
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const ms = await timeNavigation(page, () => link.click(), { title, selector: '.article-body p' });
    if (i >= WARMUP) times.push(ms);
  }
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  await context.close();

  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const median = at(0.5);
  const p95 = at(0.95);
  const verdict = (v, budget) => (v <= budget ? 'met' : `**over** (≤ ${budget} ms)`);
  console.log(`From \`${START}\` on through "Læs også" links (${visited.size} articles), phone 412×823,`);
  console.log(`4× CPU, after takeover; ${COUNTED} navigations after ${WARMUP} not counted.\n`);
  console.log('| what | time | budget |');
  console.log('| --- | ---: | --- |');
  console.log(`| click → new article's text painted, median | ${median.toFixed(0)} ms | ${verdict(median, 50)} |`);
  console.log(`| click → new article's text painted, p95 | ${p95.toFixed(0)} ms | ${verdict(p95, 100)} |`);
  console.log(`| fastest / slowest | ${sorted[0].toFixed(0)} / ${sorted.at(-1).toFixed(0)} ms | |`);
} finally {
  await browser.close();
  await server.stop();
}
