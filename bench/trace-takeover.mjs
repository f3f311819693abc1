// What the long tasks of a takeover are: a Chromium trace of a page opened cold (phone
// 412×823, 4× CPU, one of the two networks), and for every task on the page's main thread
// longer than MIN_MS (default 30) until the app has taken over (`<html data-app="ready">`)
// and a little after: its start and length, the time in it spent on the WebAssembly's
// lazy compilation (`wasm.CompileLazy`: V8 compiles each function on its first call, on
// the main thread), and the longest events inside it. The trace has some overhead of its
// own: read it for what the tasks hold, take their lengths from bench/takeover.mjs.
//   node bench/trace-takeover.mjs [path] [network 0|1]   (after `make build`)
import { launch, startServer } from '../tests/e2e/lib/harness.js';
import { NETWORKS, SLOW_PHONE, throttle } from '../tests/e2e/lib/profiles.js';

const PATH = process.argv[2] ?? '/artikel/ny-legeplads-aabner-i-afdeling-4';
const NET = NETWORKS[Number(process.argv[3] ?? 1)];
const MIN_MS = Number(process.env.MIN_MS ?? 30);
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm',
  'disabled-by-default-v8.compile', 'blink.user_timing', 'loading', 'toplevel', 'v8.execute'];

const server = await startServer();
const browser = await launch();
let trace;
try {
  const context = await browser.newContext({ ...SLOW_PHONE });
  const page = await context.newPage();
  await throttle(context, page, { network: NET });
  // Marked in the trace; the script waits for the page's console word (asking the page
  // while it loads would run DevTools' own script in it).
  const ready = new Promise((ok) => page.on('console', (m) => { if (m.text() === 'trace: ready') ok(); }));
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.documentElement.dataset.app !== 'ready') return;
      observer.disconnect();
      performance.mark('app-ready');
      console.debug('trace: ready');
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-app'] });
  });
  await browser.startTracing(page, { categories: CATEGORIES });
  await page.goto(server.url + PATH, { waitUntil: 'commit' });
  await ready;
  await new Promise((r) => setTimeout(r, 500));
  trace = JSON.parse(String(await browser.stopTracing()));
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}

const events = trace.traceEvents;
const threads = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
const nav = events.find((e) => e.name === 'navigationStart' && threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain'
  && e.args?.data?.documentLoaderURL?.startsWith(server.url));
const main = `${nav.pid}:${nav.tid}`;
const ms = (us) => (us / 1000).toFixed(0);
const onMain = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X');
const readyAt = events.find((e) => e.name === 'app-ready')?.ts ?? Infinity;
console.log(`${PATH}, ${NET.name}, 4× CPU: app ready at ${ms(readyAt - nav.ts)} ms after navigation start.`);
console.log(`Tasks on the page's main thread over ${MIN_MS} ms until 300 ms after that (ms from navigation start):\n`);
for (const task of onMain.filter((e) => e.name === 'RunTask' && e.dur > MIN_MS * 1000 && e.ts >= nav.ts && e.ts < readyAt + 300000)) {
  const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
  const compile = inside.filter((e) => e.name === 'wasm.CompileLazy').reduce((sum, e) => sum + e.dur, 0);
  console.log(`at ${ms(task.ts - nav.ts)}: ${ms(task.dur)} ms` + (compile ? `, of it lazy WebAssembly compilation ${ms(compile)} ms` : ''));
  const shown = inside.filter((e) => e.dur > 4000 && e.name !== 'wasm.CompileLazy' && !/^(RunTask|ThreadControllerImpl|Receive mojo|v8\.callFunction)/.test(e.name));
  for (const e of shown.slice(0, 8)) {
    const url = e.args?.data?.url ?? '';
    console.log(`    ${e.name} ${ms(e.dur)} ms${url ? ` (${url.replace(server.url, '') || 'inline'})` : e.name === 'EvaluateScript' ? ' (no URL: a DevTools script)' : ''}`);
  }
}
