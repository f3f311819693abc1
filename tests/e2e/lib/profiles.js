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
 * the time of the frame after the article's first paragraph exists, the frame that paints it.
 */
export function firstTextProbe(name) {
  const check = () => {
    if (document.querySelector('.article-body p')) {
      requestAnimationFrame(() => { window[name] = performance.now(); });
    } else {
      requestAnimationFrame(check);
    }
  };
  requestAnimationFrame(check);
}
