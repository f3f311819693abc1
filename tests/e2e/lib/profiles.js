// The measuring profiles of the developers' guide, shared by every timing script
// (bench/ and tests/e2e/measure/): the slow phone our readers hold and the two networks.
// `throttle` applies one to a page through the DevTools protocol.

import { withTimeout } from './harness.js';

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

/** What `paintProbe` writes on the page's console once it has what is measured. */
const MEASURED = 'beboerblad-measure: done';

/**
 * Adds `paintProbe` to `page` (before it loads). Returns `{ measured }`, a promise that
 * resolves once the page has said on its console that it has what is measured.
 */
export async function probePaint(page, { selector, app = false }) {
  const measured = new Promise((ok) => page.on('console', (m) => { if (m.text() === MEASURED) ok(); }));
  await page.addInitScript(paintProbe, { selector, app, done: MEASURED });
  return { measured };
}

/**
 * An init script (through `probePaint`) that times the first text by Element Timing: the first element matching
 * `selector` is marked with `elementtiming` as the parser inserts it, before a frame can
 * paint it, and `window.__firstText` becomes the `renderTime` the browser reports for the
 * frame that painted it. `window.__appReady` becomes the time the app marked
 * `<html data-app="ready">` (it has taken over). Once the text is painted (and, with
 * `app`, the app is ready) the page writes `done` on its console: wait for that rather
 * than asking the page while it loads — a `page.evaluate` runs DevTools' script on its
 * main thread, 4× slowed, in the middle of what is measured (40–80 ms seen in traces).
 */
function paintProbe({ selector, app, done }) {
  const tell = () => {
    if (window.__firstText !== undefined && (!app || window.__appReady !== undefined)) console.debug(done);
  };
  new PerformanceObserver((list) => {
    const entry = list.getEntries().find((e) => e.identifier === 'beboerblad-measure');
    if (entry && window.__firstText === undefined) {
      window.__firstText = entry.renderTime;
      tell();
    }
  }).observe({ type: 'element', buffered: true });
  const marker = new MutationObserver(() => {
    const text = document.querySelector(selector);
    if (text) {
      text.setAttribute('elementtiming', 'beboerblad-measure');
      marker.disconnect();
    }
  });
  marker.observe(document, { subtree: true, childList: true });
  new MutationObserver(() => {
    if (document.documentElement.dataset.app === 'ready' && window.__appReady === undefined) {
      window.__appReady = performance.now();
      tell();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-app'] });
}

/**
 * One cold visit of `url` on the slow phone over `net` (4× CPU): when the first text
 * matching `selector` is painted (Element Timing, `paintProbe`) and, when `app`, when the
 * app has taken over (`<html data-app="ready">`), with the long tasks that started before
 * takeover.
 */
export async function timedVisit(browser, url, net, app, selector = '.article-body p') {
  const context = await browser.newContext({ ...SLOW_PHONE });
  const page = await context.newPage();
  await throttle(context, page, { network: net });
  await page.addInitScript(() => {
    // Registered before any of the page's scripts run; `buffered` in case of a task before.
    window.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const { measured } = await probePaint(page, { selector, app });
  await page.goto(url, { waitUntil: 'commit' });
  await withTimeout(measured, 120000, `${url} was not painted${app ? ' with the app ready' : ''}`);
  // A long task is reported once it has ended: the one that marked the app ready ends
  // before the next frame, so wait for one.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const result = await page.evaluate(() => ({
    text: window.__firstText,
    takeover: window.__appReady,
    longtasks: window.__longtasks.filter((t) => t.start < window.__appReady),
  }));
  await context.close();
  return result;
}

/**
 * Adds the in-app navigation probe to `page` (an init script, before it loads): the
 * click's time is the click event's own `timeStamp` (when the browser received the
 * input), taken by a listener that runs before the app's; `timeNavigation` then arms it
 * for the page the click leads to.
 *
 * "Painted": a MutationObserver sees the new page's text enter the DOM; from that
 * callback a requestAnimationFrame callback runs just before the next frame is rendered,
 * and a task queued from inside it (a MessageChannel message, which no timer clamping
 * delays) runs once that frame is done, so its time is the paint's time or a little
 * after. Element Timing would need an `elementtiming` attribute on the app's markup and
 * does not report text the user already saw, so the observer it is.
 */
export async function probeNavigation(page) {
  await page.addInitScript(navigationProbe);
}

/**
 * Clicks (`click()`) and returns the ms from the click to the frame that showed the new
 * page: its path is `path` (if given), its `main h1` reads `title` (if given; else it is
 * another heading than before the click) and `selector` matches.
 */
export async function timeNavigation(page, click, { path = null, title = null, selector }) {
  await page.evaluate((expected) => { window.__expectPaint(expected); }, { path, title, selector });
  // The page is asked for the time before the click and answers once painted: nothing
  // of the measurement runs in the page between the click and the paint (polling it,
  // e.g. `waitForFunction`'s check on every animation frame, would run in the very frame
  // measured).
  const painted = page.evaluate(() => window.__paintedPromise);
  await click();
  return withTimeout(painted, 30000, 'the new page painted');
}

/** The init script of `probeNavigation`. */
function navigationProbe() {
  document.addEventListener('click', (e) => { window.__clicked = e.timeStamp; }, true);
  window.__expectPaint = ({ path, title, selector }) => {
    let resolve;
    window.__paintedPromise = new Promise((r) => { resolve = r; });
    const before = document.querySelector('main h1');
    const seen = () => {
      const h1 = document.querySelector('main h1');
      if (path !== null && location.pathname !== path) return false;
      if (title !== null ? !h1 || h1.textContent.trim() !== title : h1 === before) return false;
      return document.querySelector(selector) !== null;
    };
    const observer = new MutationObserver(() => {
      if (!seen()) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - window.__clicked);
        channel.port2.postMessage(null);
      });
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  };
}
