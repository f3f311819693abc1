// Measures the service worker (issue 9, "Measured") on throttled phone profiles:
//  1. a repeat visit of a bookmarked article, first paragraph painted: answered by the
//     service worker, versus the same article as a static HTML file revalidated from
//     the HTTP cache; goal (a) ≤ 0.5 × (b);
//  2. opening the app offline (server stopped, browser offline): the front page and the
//     stored article, first text painted and app ready.
// "Painted" is Element Timing's renderTime of the first paragraph (the front page's lead):
// when the frame that painted it was presented. (Until 2026-11-26 it was the next
// requestAnimationFrame after the paragraph existed, which a long task right after the
// painting frame, such as the app starting, pushed later: only pages with the app.)
//   node measure/offline.mjs [runs]      (medians of `runs`, default 9; prints tables)
// Exits non-zero on errors only (a page that fails, a page not from where it should
// come, a time-out); missing the goal is a figure, not an error.
//
// Every run is a new tab of a primed browser context (as when the reader opens the app
// or the article again), throttled before it navigates to the page. (Not a tab already
// on another page of the site: from there Chromium starts a stopped worker in a new
// renderer process for the navigation while the other variants reuse the tab's, which
// would charge (a) with a process start-up that a new tab charges nobody.)
//  (a)  The context was primed online: the article visited, bookmarked through the UI,
//       and held by the worker (polled in Cache Storage). All workers are stopped before
//       the navigation: a repeat visit starts the worker, as after the phone has been
//       away from the app. The page must come from the worker's Cache Storage.
//  (a') The same with the worker still running: what its start-up costs.
//  (b)  The server's HTML for the article without its scripts, as a file sent with
//       `Cache-Control: no-cache` and validators (ETag, Last-Modified), visited once in
//       a context without workers: a repeat visit revalidates it over the throttled
//       network (answered 304) and takes the stylesheet from the cache. The cache is
//       never disabled. Our server cannot send it (it refuses HTML from --content, and
//       its build directory sends a year's max-age), so a small host in this script
//       does, with the headers our server gives content files (the page and pictures)
//       and build files (the stylesheet), on 127.0.0.1 like the server.
//  (b') The same file sent with a year's max-age, like the build's files: taken from the
//       HTTP cache without any request, the best a static file can do.
// What the browser did for each page (worker, cache, 304) is read from the DevTools
// protocol and printed. DevTools slows down the CPU of pages only ("Operation is only
// supported for pages, not workers"): the worker's own time runs at full speed, so it
// is printed with what 4× of it would add.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join, normalize } from 'node:path';
import { DIST, appReady, launch, newPage, startServer, withTimeout } from '../lib/harness.js';
import { CPU_SLOWDOWN, NETWORKS as PROFILES, SLOW_PHONE as DEVICE, probePaint, throttle } from '../lib/profiles.js';

const RUNS = Number(process.argv[2] ?? 9);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`runs: a positive whole number, not ${process.argv[2]}`);

const ARTICLE = '/artikel/laeserbrev-lad-os-spise-sammen-hele-aaret';
const STATIC = '/static-article.html';
const STATIC_FRESH = '/static-article-fresh.html';
const FIRST_TEXT = { '/': '.front-lead' };
const FIRST_PARAGRAPH = '.article-body p';
const GOAL = 0.5;
const WAIT = 60000;
const YEAR = 'public, max-age=31536000, immutable';

const server = await startServer();
const browser = await launch();
let host;
const errors = [];
try {
  // The static twin: the server's own HTML for the article without any script.
  const html = (await (await fetch(server.url + ARTICLE)).text())
    .replace(/<script\b[\s\S]*?<\/script>/g, '')
    .replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '');
  host = await staticHost({ [STATIC]: { html, cache: 'no-cache' }, [STATIC_FRESH]: { html, cache: YEAR } }, server.content);

  console.log(`Device: ${DEVICE.viewport.width}×${DEVICE.viewport.height} mobile, CPU ${CPU_SLOWDOWN}× slower (pages; DevTools cannot ` +
    `slow workers down). Chromium ${browser.version()}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores.`);
  console.log(`Medians of ${RUNS} runs (min–max), ms from navigation start; the variants take turns run by run.\n`);
  const summary = [];
  for (const profile of PROFILES) summary.push(await measureProfile(profile));

  console.log('Summary: first paragraph of the bookmarked article on a repeat visit, (a) the worker / (b) static HTML revalidated:');
  for (const s of summary) {
    console.log(`  ${s.profile}: ${ms(s.a)} / ${ms(s.b)} = ${(s.a / s.b).toFixed(2)} (goal ≤ ${GOAL}: ${s.a / s.b <= GOAL ? 'met' : 'not met'}); ` +
      `(b') static HTML fresh in the cache ${ms(s.bFresh)}: (a)/(b') = ${(s.a / s.bFresh).toFixed(2)}`);
    console.log(`    offline: ${s.offline}`);
  }
  console.log(`Load average at the end: ${loadavg()[0].toFixed(1)}.`);
} catch (error) {
  errors.push(error.stack ?? String(error));
} finally {
  await browser.close();
  await server.stop();
  if (host) await host.close();
}
if (errors.length) {
  console.error(`\nERRORS:\n${errors.join('\n')}`);
  process.exit(1);
}

async function measureProfile(profile) {
  console.log(`== ${profile.name} ==`);
  const sw = await primeWorker();
  const first = await newPage(browser, DEVICE);
  for (const path of [STATIC, STATIC_FRESH]) await first.goto(host.url + path, { waitUntil: 'load' });
  const staticContext = first.context();
  await first.close();

  const article = (stopWorkers) => () => visit(sw.context, server.url, ARTICLE, profile, { stopWorkers, expect: 'worker', after: sw.refreshed });
  const variants = {
    a: { label: '(a)  service worker, worker stopped before', runs: [], run: article(true) },
    b: { label: '(b)  static HTML file, no-cache', runs: [], run: () => visit(staticContext, host.url, STATIC, profile, { expect: 'network' }) },
    aRunning: { label: "(a') service worker, worker running", runs: [], run: article(false) },
    bFresh: { label: "(b') static HTML file, max-age a year", runs: [], run: () => visit(staticContext, host.url, STATIC_FRESH, profile, { expect: 'cache' }) },
  };
  for (let i = 0; i < RUNS; i++) for (const v of Object.values(variants)) v.runs.push(await v.run());
  console.log('Repeat visit of the bookmarked article:');
  table(Object.values(variants));
  const firstText = (v) => median(v.runs.map((r) => r.firstText));
  const [a, b, bFresh] = [firstText(variants.a), firstText(variants.b), firstText(variants.bFresh)];
  const worker = (key) => median(variants.a.runs.map((r) => r.worker[key]));
  const extra = (CPU_SLOWDOWN - 1) * worker('answered');
  console.log(`  (a)/(b) = ${(a / b).toFixed(2)} (goal ≤ ${GOAL}: ${a / b <= GOAL ? 'met' : 'not met'}); (a)/(b') = ${(a / bFresh).toFixed(2)}`);
  console.log(`  In (a) the worker answered ${ms(worker('answered'))} after the request started (fetch event after ${ms(worker('fetchEvent'))}, ` +
    `the worker's start-up; its handler ${ms(worker('handler'))}), at full CPU speed; ${CPU_SLOWDOWN}× that would add ≈ ${ms(extra)}: ` +
    `(a)/(b) ≈ ${((a + extra) / b).toFixed(2)}`);

  // Offline: no server, no network; the same primed context, a new tab each time.
  await server.halt();
  await sw.context.setOffline(true);
  const offline = {
    front: { label: 'offline: /', runs: [], run: () => visit(sw.context, server.url, '/', profile, { stopWorkers: true, offline: true, expect: 'worker' }) },
    article: { label: `offline: ${ARTICLE}`, runs: [], run: () => visit(sw.context, server.url, ARTICLE, profile, { stopWorkers: true, offline: true, expect: 'worker' }) },
  };
  for (let i = 0; i < RUNS; i++) for (const v of Object.values(offline)) v.runs.push(await v.run());
  console.log('Opening the app offline (server stopped, browser offline, worker stopped before each run):');
  table(Object.values(offline));
  console.log('');
  await sw.context.close();
  await staticContext.close();
  await server.restart();
  const appReadyOf = (v) => median(v.runs.map((r) => r.appReady));
  return {
    profile: profile.short, a, b, bFresh,
    offline: `/ first text ${ms(firstText(offline.front))}, app ready ${ms(appReadyOf(offline.front))}; ` +
      `the article ${ms(firstText(offline.article))} and ${ms(appReadyOf(offline.article))}`,
  };
}

/**
 * A context whose worker holds the article: visited and bookmarked through the UI,
 * online and unthrottled. `refreshed(page)` waits until the worker has stored the
 * article again after a visit (its background refresh; each rendering has its own nonce).
 */
async function primeWorker() {
  const page = await newPage(browser, DEVICE, { serviceWorkers: 'allow' });
  await page.goto(server.url + ARTICLE);
  await appReady(page);
  await until('the worker controls the page', () => page.evaluate(() => navigator.serviceWorker.controller !== null));
  await page.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke' }).click();
  await page.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke', pressed: true }).waitFor();
  // The worker stores a page after its pictures: with the page, the article is held.
  const storedNonce = (p) => p.evaluate(async (href) => {
    const cached = await (await caches.open('beboerblad-articles')).match(href);
    return cached ? /nonce="([0-9a-f]+)"/.exec(await cached.text())?.[1] ?? 'no nonce' : null;
  }, server.url + ARTICLE);
  let nonce = await until('the worker holds the bookmarked article', () => storedNonce(page));
  const context = page.context();
  await page.close();
  return {
    context,
    async refreshed(p) {
      nonce = await until('the worker refreshes the stored article after a visit', async () => {
        const now = await storedNonce(p);
        if (now === null) throw new Error('the worker no longer holds the article');
        return now !== nonce && now;
      });
    },
  };
}

/**
 * One navigation to `origin + path` in a new tab of `context`, throttled: when the first
 * text is painted, when the page had arrived, when the app is ready (pages from the
 * worker), and where the page came from. `after(page)` runs before the tab closes.
 */
async function visit(context, origin, path, profile, { stopWorkers = false, offline = false, expect, after }) {
  const url = origin + path;
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const withApp = expect === 'worker';
  try {
    const { measured } = await probePaint(page, { selector: FIRST_TEXT[path] ?? FIRST_PARAGRAPH, app: withApp });
    const cdp = await throttle(context, page, { network: profile, cache: true, offline });
    if (stopWorkers) {
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
    }
    const navigation = watchDocument(cdp, url);
    await page.goto(url, { waitUntil: 'commit' });
    await withTimeout(measured, WAIT, `${path} was not painted${withApp ? ' with the app ready' : ''}`);
    const times = await page.evaluate(() => ({
      firstText: window.__firstText,
      appReady: window.__appReady,
      received: performance.getEntriesByType('navigation')[0].responseEnd,
    }));
    const { response, seen } = await navigation;
    const source = sourceOf(response, seen);
    if (source.kind !== expect) throw new Error(`${path}: expected the page from the ${expect}, got it from ${source.text}`);
    if (problems.length) throw new Error(`${path}: ${problems.join('; ')}`);
    if (after) await after(page);
    return { ...times, source: source.text, worker: source.worker };
  } finally {
    await page.close();
  }
}

/** The page's response, as the page saw it and as it went over the wire. */
function watchDocument(cdp, url) {
  const seen = { requestId: undefined, servedFromCache: false, wireStatus: undefined, wireHeaders: undefined };
  cdp.on('Network.requestWillBeSent', (e) => { if (e.type === 'Document' && e.request.url === url) seen.requestId = e.requestId; });
  cdp.on('Network.requestServedFromCache', (e) => { if (e.requestId === seen.requestId) seen.servedFromCache = true; });
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => { if (e.requestId === seen.requestId) seen.wireHeaders = e.headers; });
  cdp.on('Network.responseReceivedExtraInfo', (e) => { if (e.requestId === seen.requestId) seen.wireStatus = e.statusCode; });
  return withTimeout(new Promise((ok) => {
    cdp.on('Network.responseReceived', (e) => {
      if (e.type === 'Document' && e.requestId === seen.requestId) ok({ response: e.response, seen });
    });
  }), WAIT, `no response for ${url}`);
}

function sourceOf(response, seen) {
  const t = response.timing;
  if (response.fromServiceWorker) {
    return {
      kind: response.serviceWorkerResponseSource === 'cache-storage' ? 'worker' : `worker (${response.serviceWorkerResponseSource})`,
      text: `the worker, from ${response.serviceWorkerResponseSource} (HTTP ${response.status})`,
      // From the request's start: the fetch event (after the worker's start-up when it
      // was stopped), the worker's answer, and the handler between them.
      worker: { fetchEvent: t.workerFetchStart, answered: t.workerRespondWithSettled, handler: t.workerRespondWithSettled - t.workerFetchStart },
    };
  }
  if (seen.servedFromCache || response.fromDiskCache || response.fromPrefetchCache) {
    return { kind: 'cache', text: `the HTTP cache, no request (${response.encodedDataLength} B over the network)` };
  }
  const asked = Object.entries(seen.wireHeaders ?? {})
    .filter(([name]) => ['if-none-match', 'if-modified-since', 'cache-control'].includes(name.toLowerCase()))
    .map(([name]) => name);
  return { kind: 'network', text: `the network: HTTP ${seen.wireStatus ?? '?'} (${response.encodedDataLength} B) to a request with ${asked.join(', ') || 'no validators'}` };
}

/**
 * Serves `pages` ({ path: { html, cache } }) with their Cache-Control, an ETag and a
 * Last-Modified, answering 304 when they still match; `/images/…` from `content` with
 * `no-cache` and the build's files (DIST) for a year, as our server sends them.
 */
async function staticHost(pages, content) {
  const started = new Date().toUTCString();
  const files = (path) => {
    const page = pages[path];
    if (page) return { body: Buffer.from(page.html), type: 'text/html; charset=utf-8', cache: page.cache, modified: started };
    const [dir, cache] = path.startsWith('/images/') ? [content, 'no-cache'] : [DIST, YEAR];
    const file = join(dir, normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) return null;
    const types = { '.css': 'text/css', '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' };
    const type = types[/\.[a-z]+$/.exec(file)?.[0]] ?? 'application/octet-stream';
    return { body: readFileSync(file), type, cache, modified: statSync(file).mtime.toUTCString() };
  };
  const http = createServer((request, response) => {
    let file = null;
    try {
      if (request.method === 'GET') file = files(new URL(request.url, 'http://host').pathname);
    } catch {
      // A name that does not decode: not one of ours.
    }
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    const etag = `"${createHash('sha256').update(file.body).digest('hex').slice(0, 16)}"`;
    const headers = { 'Content-Type': file.type, 'Cache-Control': file.cache, ETag: etag, 'Last-Modified': file.modified };
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers).end();
    } else {
      response.writeHead(200, { ...headers, 'Content-Length': file.body.length }).end(file.body);
    }
  });
  http.requestTimeout = 30000;
  http.headersTimeout = 10000;
  http.keepAliveTimeout = 5000;
  await new Promise((ok) => http.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${http.address().port}`,
    close: () => new Promise((ok) => { http.closeAllConnections(); http.close(ok); }),
  };
}

/** Resolves with the first truthy value of `check()`, asked every 50 ms; fails after WAIT. */
async function until(what, check) {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function table(variants) {
  const rows = variants.map((v) => {
    const app = v.runs.map((r) => r.appReady).filter((t) => t !== undefined);
    const sources = [...new Set(v.runs.map((r) => r.source))];
    return [v.label, spread(v.runs.map((r) => r.firstText)), ms(median(v.runs.map((r) => r.received))),
      app.length === v.runs.length ? spread(app) : '—', sources.join(' | ')];
  });
  const head = ['variant', 'first text painted', 'page arrived', 'app ready', 'the page came from'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [head, ...rows]) console.log('  ' + row.map((c, i) => (i < head.length - 1 ? c.padEnd(width[i]) : c)).join('  '));
}

function spread(times) {
  return `${ms(median(times))} (${Math.round(Math.min(...times))}–${Math.round(Math.max(...times))})`;
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function ms(t) {
  return `${Math.round(t)} ms`;
}
