// The measuring profiles of the developers' guide, shared by every timing script
// (bench/ and tests/e2e/measure/): the slow phone our readers hold and the two networks.
// `throttle` applies one to a page through the DevTools protocol.

/** The slow phone's screen: 412×823 CSS pixels at 1.75×, touch. */
export const SLOW_PHONE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };

/** Chromium's CPU slowdown for every timing figure. */
export const CPU_SLOWDOWN = 4;

/** The two networks: the harsher one first. Throughputs in bytes per second. */
export const NETWORKS = [
  { name: 'slow phone: 562.5 ms round trip, 180 KB/s down, 84 KB/s up', short: 'slow phone', latency: 562.5, down: 180 * 1024, up: 84 * 1024 },
  { name: '150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up', short: '150 ms profile', latency: 150, down: (1.6 * 1024 * 1024) / 8, up: (750 * 1024) / 8 },
];

/**
 * Slows `page` down: the CPU always, the network when `network` is given (cold: the
 * HTTP cache off unless `cache` is true; `offline` cuts it). Returns the CDP session.
 */
export async function throttle(context, page, { network, cache = false, offline = false } = {}) {
  const cdp = await context.newCDPSession(page);
  if (network) {
    await cdp.send('Network.enable');
    if (!cache) await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline, latency: network.latency, downloadThroughput: network.down, uploadThroughput: network.up,
    });
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return cdp;
}

/**
 * An init script (`page.addInitScript(firstTextProbe, 'name')`): sets `window[name]` to
 * the time of the frame after the article's first paragraph exists, the frame that paints
 * it. `{ name, selector }` waits for another page's first text (e.g. `main .card`).
 */
export function firstTextProbe(arg) {
  const [name, selector] = typeof arg === 'string' ? [arg, '.article-body p'] : [arg.name, arg.selector];
  const check = () => {
    if (document.querySelector(selector)) {
      requestAnimationFrame(() => { window[name] = performance.now(); });
    } else {
      requestAnimationFrame(check);
    }
  };
  requestAnimationFrame(check);
}

/**
 * One cold visit of `url` on the slow phone over `net` (4× CPU): when the first text is
 * painted (`firstTextProbe`, `selector` for pages other than an article) and, when `app`,
 * when the app has taken over (`TrunkApplicationStarted`), with the long tasks that
 * started before takeover.
 */
export async function timedVisit(browser, url, net, app, selector = '.article-body p') {
  const context = await browser.newContext({ ...SLOW_PHONE });
  const page = await context.newPage();
  await throttle(context, page, { network: net });
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', () => { window.__takeover = performance.now(); });
    // Registered before any of the page's scripts run; `buffered` in case of a task before.
    window.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.addInitScript(firstTextProbe, { name: '__text', selector });
  await page.goto(url, { waitUntil: 'commit' });
  const done = app ? '__takeover' : '__text';
  await page.waitForFunction((k) => window[k] !== undefined && window.__text !== undefined, done,
    { timeout: 120000, polling: 100 });
  // A long task is reported once it has ended: the one that dispatched the takeover
  // event ends before the next frame, so wait for one.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const result = await page.evaluate(() => ({
    text: window.__text,
    takeover: window.__takeover,
    longtasks: window.__longtasks.filter((t) => t.start < window.__takeover),
  }));
  await context.close();
  return result;
}
