// Search (issue 12): the header's field in the app, the same address without JavaScript
// (the server's page), old spellings (aa, oe) finding å and ø, the Danish message when
// nothing matches, and offline search over the articles stored on the device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, appReady, axeViolations, launch, newPage, problemsBesidesOffline, startServer, workerControls,
} from '../lib/harness.js';

const LEGEPLADS = 'Ny legeplads åbner i afdeling 4';
const LEGEPLADS_ID = 'ny-legeplads-aabner-i-afdeling-4';

/** The titles of the results, in order. */
async function resultTitles(page) {
  return page.locator('.search-results').getByRole('heading').allInnerTexts();
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`${name}: searching from the header in the app, and nothing found`, async () => {
    const server = await startServer();
    const browser = await launch();
    try {
      const page = await newPage(browser, viewport);
      await page.goto(server.url + '/');
      await appReady(page);
      // A client-side route: the page is not loaded again.
      await page.evaluate(() => { window.__samePage = true; });
      const field = page.getByRole('search').getByRole('searchbox', { name: 'Søg i bladet' });
      await field.fill('Legeplads aabner');
      await field.press('Enter');
      await page.waitForURL(/\/soeg\?q=Legeplads%20aabner$/);
      await page.getByRole('heading', { level: 1, name: 'Søg i bladet' }).waitFor();
      const status = page.getByRole('status').filter({ hasText: 'passer til »Legeplads aabner«' });
      await status.waitFor();
      assert.equal((await resultTitles(page))[0], LEGEPLADS, 'the title match first; aa found å');
      const first = page.locator('.search-results li').first();
      assert.ok((await first.locator('mark').count()) > 0, 'the snippet marks the match');
      assert.equal(await page.evaluate(() => window.__samePage), true, 'no page load');
      assert.equal(await field.inputValue(), 'Legeplads aabner');
      assert.deepEqual(await axeViolations(page, '/soeg with results'), []);

      // Nothing found: said in Danish, in the live region.
      await field.fill('zebraflodhest');
      await field.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Ingen artikler passer til »zebraflodhest«.' }).waitFor();
      assert.equal(await page.locator('.search-results li').count(), 0);
      assert.deepEqual(await axeViolations(page, '/soeg without results'), []);

      // A result opens its article.
      await page.goBack();
      await status.waitFor();
      await page.locator('.search-results').getByRole('link', { name: LEGEPLADS }).click();
      await page.getByRole('heading', { level: 1, name: LEGEPLADS }).waitFor();
      assert.deepEqual(page.problems, []);
    } finally {
      await browser.close();
      await server.stop();
    }
  });

  test(`${name}: a result bookmarked on a search page opened from its address keeps its issue's name`, async () => {
    const server = await startServer();
    const browser = await launch();
    try {
      const page = await newPage(browser, viewport);
      // The page's own data holds only the newest issue (2024-06); the article is in 2024-04.
      await page.goto(server.url + '/soeg?q=legeplads');
      await appReady(page);
      const hit = page.locator('.search-results li').filter({ has: page.getByRole('link', { name: LEGEPLADS }) });
      await hit.getByRole('button', { name: 'Gem som bogmærke' }).click();
      await hit.getByRole('button', { name: 'Gem som bogmærke', pressed: true }).waitFor();
      await page.goto(server.url + '/mine/bogmaerker');
      await appReady(page);
      const saved = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: LEGEPLADS }) });
      await saved.getByText('2024-04 maj · Nyt fra afdelingerne', { exact: true }).waitFor();
      assert.deepEqual(page.problems, []);
    } finally {
      await browser.close();
      await server.stop();
    }
  });

  test(`${name}: without JavaScript the field sends the form and the server answers with results`, async () => {
    const server = await startServer();
    const browser = await launch();
    try {
      const page = await newPage(browser, viewport, { javaScriptEnabled: false });
      await page.goto(server.url + '/');
      const field = page.getByRole('searchbox', { name: 'Søg i bladet' });
      await field.fill('foraaret');
      await Promise.all([page.waitForURL(/\/soeg\?q=foraaret$/), field.press('Enter')]);
      await page.getByRole('status').filter({ hasText: 'passer til »foraaret«' }).waitFor();
      const titles = await resultTitles(page);
      // "aa" finds "å": foråret (and forårets, a prefix) in two titles, which come first.
      assert.deepEqual(new Set(titles.slice(0, 2)),
        new Set(['Koret synger foråret ind i Beboerhuset', 'Haveklubben sår forårets første frø']), titles.join(' | '));
      assert.ok((await page.locator('.search-results mark').count()) > 0);
      // "oe" finds "ø", and a word's beginning is enough.
      await page.goto(`${server.url}/soeg?q=H%C3%B8stfe`);
      assert.equal((await resultTitles(page))[0], 'Høstfest i haveklubben med græskar og honning');
      await page.goto(`${server.url}/soeg?q=hoestfest`);
      assert.equal((await resultTitles(page))[0], 'Høstfest i haveklubben med græskar og honning');
      assert.deepEqual(page.problems, []);
    } finally {
      await browser.close();
      await server.stop();
    }
  });
}

test('offline, search covers the articles stored on the device and says so', async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    const page = await newPage(browser, VIEWPORTS.phone, { serviceWorkers: 'allow' });
    await page.goto(`${server.url}/artikel/${LEGEPLADS_ID}`);
    await appReady(page);
    await workerControls(page);
    await page.goto(`${server.url}/mine/seneste`);
    await appReady(page);
    await page.locator('.saved').filter({ hasText: LEGEPLADS }).getByText('Kan læses offline').waitFor({ timeout: 20000 });

    await server.halt();
    await page.context().setOffline(true);
    await page.goto(`${server.url}/soeg`);
    await appReady(page);
    const field = page.getByRole('searchbox', { name: 'Søg i bladet' });
    // "afdeling" is in many articles; only the stored one is on the device.
    await field.fill('afdeling');
    await field.press('Enter');
    await page.getByRole('status').filter({ hasText: '1 artikel passer til »afdeling«.' }).waitFor();
    await page.getByText('Du er offline: kun artikler, der er gemt på denne enhed, er søgt igennem.').waitFor();
    assert.deepEqual(await resultTitles(page), [LEGEPLADS]);
    assert.ok((await page.locator('.search-results mark').count()) > 0, 'the snippet marks the match offline too');
    // The result opens from the device.
    await page.locator('.search-results').getByRole('link', { name: LEGEPLADS }).click();
    await page.getByRole('heading', { level: 1, name: LEGEPLADS }).waitFor();
    assert.deepEqual(problemsBesidesOffline(page), []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
