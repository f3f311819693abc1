// Server rendering: readable without JavaScript, first text before the WASM, and an
// invisible takeover (no layout shift, identical pixels, scroll and focus kept).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { VIEWPORTS, appReady, holdWasm, launch, layoutShifts, newPage, painted, recordLayoutShifts, startServer } from '../lib/harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const ARTICLE = '/artikel/ny-legeplads-aabner-i-afdeling-4';

/** Waits until every image in or near the viewport has loaded (lazy ones too). */
async function imagesLoaded(page) {
  // In view: loaded (a lazy picture that has not started yet also says `complete`);
  // further down, at least not still loading.
  await page.waitForFunction(() => [...document.images].every((img) => {
    const { top, bottom } = img.getBoundingClientRect();
    if (bottom > 0 && top < window.innerHeight) return img.complete && img.naturalWidth > 0;
    return top >= window.innerHeight * 2 || img.complete;
  }));
}

describe('without JavaScript', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    test(`read an article and navigate issue → section → article (${name})`, async () => {
      const page = await newPage(browser, viewport, { javaScriptEnabled: false });
      await page.goto(server.url + '/');
      await page.getByRole('link', { name: 'Se indholdet' }).click();
      await page.getByRole('heading', { level: 1, name: '2024-06 september' }).waitFor();
      await page.locator('.toc-group h2 a', { hasText: 'Kultur og fritid' }).click();
      await page.getByRole('heading', { level: 1, name: 'Kultur og fritid' }).waitFor();
      const link = page.locator('.card-title a').first();
      const title = await link.textContent();
      await link.click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const paragraphs = await page.locator('.article-body p').count();
      assert.ok(paragraphs >= 3, 'the body is in the page');
      // Ratings and comments can be read; writing needs the app, and the page says so.
      await page.getByRole('heading', { level: 2, name: /Kommentarer/ }).waitFor();
      await page.getByText('for at skrive en skal JavaScript være slået til').waitFor({ state: 'visible' });
      assert.equal(await page.getByRole('button', { name: 'Send kommentar' }).isVisible(), false);
      // Related articles and the issue link work as plain links.
      await page.getByRole('complementary', { name: 'Kilde' }).getByRole('link').last().click();
      await page.waitForURL(/\/(blad|sektion)\//);
      // Every article can be reached through the archive's pages.
      await page.getByRole('link', { name: 'Alle artikler' }).click();
      await page.getByRole('heading', { level: 1, name: 'Alle artikler' }).waitFor();
      await page.getByRole('link', { name: 'Ældre artikler →' }).click();
      await page.waitForURL(/\/arkiv\/2$/);
      assert.ok(await page.locator('.card-title a').count() > 0, 'the second archive page lists articles');
      await page.context().close();
    });
  }
});

describe('taking over the server page', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    test(`first text before the WASM; same pixels, no shift, scroll and focus kept (${name})`, async () => {
      const page = await newPage(browser, viewport);
      await recordLayoutShifts(page);
      const release = await holdWasm(page);
      await page.goto(server.url + ARTICLE, { waitUntil: 'domcontentloaded' });
      const first = page.locator('.article-body p').first();
      await first.waitFor({ state: 'visible' });
      assert.equal(await page.locator('html[data-app="ready"]').count(), 0, 'text is visible before the app runs');
      await imagesLoaded(page);

      // Scroll a little and focus a link, as a reader might while the WASM loads.
      await page.evaluate(() => window.scrollTo(0, 300));
      await imagesLoaded(page);
      const focusTarget = page.getByRole('complementary', { name: 'Kilde' }).getByRole('link').last();
      await focusTarget.focus();
      // Focusing scrolls the link into view: wait for the pictures that brings into view (the
      // server makes a picture's WebP copy on its first request, so they may still come).
      await imagesLoaded(page);
      await page.evaluate(() => document.fonts.ready);
      await painted(page);
      // The reader's own lists in the side column fill in after takeover by design (the
      // server cannot know them); everything else must look the same.
      const mine = [page.locator('.side-list')];
      const before = await page.screenshot({ mask: mine });
      const scrollBefore = await page.evaluate(() => window.scrollY);

      release();
      await appReady(page);
      await imagesLoaded(page);
      await painted(page);
      const after = await page.screenshot({ mask: mine });
      assert.equal(await page.evaluate(() => window.scrollY), scrollBefore, 'scroll position kept');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), await focusTarget.textContent(), 'focus kept');
      if (!before.equals(after)) {
        writeFileSync(`/tmp/takeover-${name}-before.png`, before);
        writeFileSync(`/tmp/takeover-${name}-after.png`, after);
      }
      assert.ok(before.equals(after), `the viewport looks the same before and after takeover (see /tmp/takeover-${name}-*.png)`);
      const shifts = await layoutShifts(page);
      assert.equal(shifts.reduce((a, b) => a + b, 0), 0, `CLS is 0 (${shifts})`);
      assert.deepEqual(page.problems, []);

      // And the app works: client-side navigation to a related article.
      await page.getByRole('region', { name: 'Læs også' }).locator('.card-title a').first().click();
      await page.waitForURL((u) => !u.pathname.endsWith('ny-legeplads-aabner-i-afdeling-4'));
      await page.context().close();
    });
  }

  // Issue 11: no long task during takeover. Trunk's loader dispatches
  // `TrunkApplicationStarted` at the end of the task that instantiated the WASM; the page
  // must not have been taken over in that same task, but in tasks after it.
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    test(`the page is taken over in tasks after the WASM's instantiation (${name})`, async () => {
      const page = await newPage(browser, viewport);
      await page.addInitScript(() => {
        addEventListener('TrunkApplicationStarted', () => {
          window.__readyWhenStarted = document.documentElement.dataset.app === 'ready';
        });
      });
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      assert.equal(await page.evaluate(() => window.__readyWhenStarted), false, 'not taken over in the instantiation task');
      // The parts hydrated later (rating, comments, side column) work like the rest.
      await page.getByRole('region', { name: 'Mine seneste artikler' }).getByRole('link', { name: 'Ny legeplads åbner i afdeling 4' }).waitFor();
      await page.getByRole('button', { name: /Send kommentar/ }).waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }
});

// The page's `Link` header preloads the WASM as the `<link>` in its head does (issue 11:
// the download starts with the response's headers): the two must be one request.
test('the WebAssembly is preloaded by the page\'s Link header and fetched once', async () => {
  const page = await newPage(browser, VIEWPORTS.phone);
  const requests = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('.wasm')) requests.push(r.url()); });
  const response = await page.goto(server.url + ARTICLE);
  await appReady(page);
  const wasm = await page.locator('link[rel="preload"][href$=".wasm"]').getAttribute('href');
  assert.equal(response.headers().link,
    `<${wasm}>; rel=preload; as=fetch; crossorigin=anonymous; type="application/wasm"; integrity="${
      await page.locator('link[rel="preload"][href$=".wasm"]').getAttribute('integrity')}"`);
  assert.deepEqual(requests, [server.url + wasm], 'one request for the WASM');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
