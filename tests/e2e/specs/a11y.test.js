// axe finds no accessibility violations on any route, on phone and desktop, light and dark;
// every route reads at 320 px and at 200 % zoom without sideways scrolling, controls are
// at least 24 px, and nothing moves for a reader who asked for less motion.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { VIEWPORTS, appReady, launch, newPage, startServer } from '../lib/harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const ROUTES = ['/', '/blad', '/blad/2024-05', '/sektion/nyt', '/arkiv', '/arkiv/2', '/artikel/ny-legeplads-aabner-i-afdeling-4', '/artikel/maqha-al-hikayat', '/mine/bogmaerker', '/mine/seneste', '/kolofon', '/soeg?q=legeplads', '/findes-ikke'];

for (const [name, viewport] of Object.entries(VIEWPORTS)) for (const colorScheme of ['light', 'dark']) {
  test(`axe: no violations on any route (${name}, ${colorScheme})`, async () => {
    const page = await newPage(browser, viewport);
    await page.emulateMedia({ colorScheme });
    const found = [];
    for (const route of ROUTES) {
      await page.goto(server.url + route);
      await appReady(page);
      const results = await new AxeBuilder({ page }).analyze();
      for (const v of results.violations) {
        found.push(`${route}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
    }
    assert.deepEqual(found, []);
    await page.context().close();
  });
}

/** What scrolls sideways on the page: the document's overflow, and the elements that stick out. */
async function sideways(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
  });
}

// 320 CSS px: a phone at 320 px, and a 1280 px desktop window zoomed to 400 %; 640 × 400: the
// same window at 200 %. The largest text size at 320 px too.
for (const [name, viewport, textSize] of [
  ['320 px', { viewport: { width: 320, height: 640 } }, null],
  ['200 % zoom', { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }, null],
  ['320 px, largest text', { viewport: { width: 320, height: 640 } }, '3'],
]) {
  test(`no sideways scrolling on any route at ${name}`, async () => {
    const page = await newPage(browser, viewport);
    if (textSize) await page.addInitScript((size) => localStorage.setItem('beboerblad.tekst.v1', size), textSize);
    const found = [];
    for (const route of ROUTES) {
      await page.goto(server.url + route);
      await appReady(page);
      const out = await sideways(page);
      if (out.length) found.push(`${route}: ${out.join(', ')}`);
    }
    assert.deepEqual(found, []);
    await page.context().close();
  });
}

test('every button, field and menu link is at least 24 × 24 px (links inside text excepted)', async () => {
  for (const viewport of Object.values(VIEWPORTS)) {
    const page = await newPage(browser, viewport);
    const found = [];
    for (const route of ['/', '/artikel/ny-legeplads-aabner-i-afdeling-4', '/mine/bogmaerker']) {
      await page.goto(server.url + route);
      await appReady(page);
      const small = await page.evaluate(() => [...document.querySelectorAll('button, input, select, textarea, nav a, .smiley')]
        .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden' && !e.closest('.visually-hidden, [aria-hidden="true"]'))
        .filter((e) => !(e.type === 'radio' && e.closest('.smiley')))
        .map((e) => { const r = e.getBoundingClientRect(); return { e, w: r.width, h: r.height }; })
        .filter(({ w, h }) => w < 24 || h < 24)
        .map(({ e, w, h }) => `${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute('aria-label') || e.name || '').trim().slice(0, 30)}" ${Math.round(w)}×${Math.round(h)}`));
      found.push(...small.map((s) => `${route}: ${s}`));
    }
    assert.deepEqual(found, []);
    await page.context().close();
  }
});

test('with reduced motion asked for, nothing animates or scrolls smoothly', async () => {
  const page = await newPage(browser, VIEWPORTS.phone);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(server.url + '/artikel/ny-legeplads-aabner-i-afdeling-4');
  await appReady(page);
  const moving = await page.evaluate(() => [...document.querySelectorAll('*')]
    .map((e) => ({ e, s: getComputedStyle(e) }))
    .filter(({ s }) => s.scrollBehavior === 'smooth' || s.transitionDuration.split(',').some((d) => parseFloat(d) > 0)
      || (s.animationName !== 'none' && s.animationDuration.split(',').some((d) => parseFloat(d) > 0)))
    .map(({ e }) => `${e.tagName.toLowerCase()}.${e.className}`));
  assert.deepEqual(moving, []);
  // Without the request the smileys do move (so the check above can fail).
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const smiley = await page.evaluate(() => getComputedStyle(document.querySelector('.smiley-face')).transitionDuration);
  assert.notEqual(smiley, '0s');
  await page.context().close();
});
