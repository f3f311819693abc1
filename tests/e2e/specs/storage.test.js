// My lists across tabs, and when the browser's storage misbehaves.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, appReady, launch, newPage, startServer } from '../lib/harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const ARTICLE = '/artikel/ny-legeplads-aabner-i-afdeling-4';

test('bookmarks stay in sync across open tabs', async () => {
  const first = await newPage(browser, PHONE);
  const second = await first.context().newPage();
  await first.goto(server.url + ARTICLE);
  await second.goto(server.url + '/mine/bogmaerker');
  await appReady(first);
  await appReady(second);
  await second.getByText('Du har ingen bogmærker endnu').waitFor();
  await first.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke' }).click();
  await second.getByRole('link', { name: 'Ny legeplads åbner i afdeling 4' }).waitFor();
  await second.getByRole('button', { name: 'Fjern' }).click();
  await first.waitForFunction(() => document.querySelector('.article-head .bookmark')?.getAttribute('aria-pressed') === 'false');
  assert.deepEqual(first.problems, []);
  await first.context().close();
});

test('full storage: the reader is told quietly, the app keeps working', async () => {
  const page = await newPage(browser, PHONE);
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto(server.url + ARTICLE);
  await appReady(page);
  const button = page.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke' });
  await button.click();
  await page.getByRole('status').filter({ hasText: 'lager er fuldt' }).waitFor();
  assert.equal(await button.getAttribute('aria-pressed'), 'true', 'kept for this visit');
  await page.getByRole('link', { name: 'Alle blade' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Alle blade' }).waitFor();
  await page.context().close();
});

test('no storage at all: the app works and says lists are not kept', async () => {
  const page = await newPage(browser, PHONE);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  await page.goto(server.url + ARTICLE);
  await appReady(page);
  await page.getByRole('status').filter({ hasText: 'tillader ikke at gemme' }).waitFor();
  await page.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke' }).click();
  await page.getByRole('link', { name: 'Mine bogmærker' }).click();
  // The article's side column lists it too: look once the list's own page shows.
  await page.getByRole('heading', { level: 1, name: 'Mine bogmærker' }).waitFor();
  await page.getByRole('link', { name: 'Ny legeplads åbner i afdeling 4' }).waitFor();
  await page.context().close();
});

test('corrupt stored list: a Danish notice, the list starts over, a copy is kept', async () => {
  const page = await newPage(browser, PHONE);
  await page.goto(server.url + '/');
  await page.evaluate(() => localStorage.setItem('beboerblad.bogmaerker.v1', '{oops'));
  await page.goto(server.url + '/mine/bogmaerker');
  await appReady(page);
  await page.getByRole('status').filter({ hasText: 'kunne ikke læses' }).waitFor();
  await page.getByText('Du har ingen bogmærker endnu').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('beboerblad.bogmaerker.v1.ulaeselig')), '{oops');
  await page.context().close();
});

test('articles opened directly (not in the app) are all remembered in "Mine seneste"', async () => {
  const page = await newPage(browser, PHONE);
  const opened = [
    ['ny-legeplads-aabner-i-afdeling-4', 'Ny legeplads åbner i afdeling 4'],
    ['hoestfest-i-haveklubben', 'Høstfest i haveklubben med græskar og honning'],
  ];
  for (const [id, title] of opened) {
    await page.goto(`${server.url}/artikel/${id}`);
    await appReady(page);
    // Recorded once the page runs: wait for it in storage before leaving the page.
    await page.waitForFunction((id) => (localStorage.getItem('beboerblad.seneste.v1') ?? '').includes(`"${id}"`), id);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  }
  await page.goto(`${server.url}/mine/seneste`);
  await appReady(page);
  const links = page.locator('.saved-list a');
  await page.waitForFunction(() => document.querySelectorAll('.saved-list a').length === 2);
  assert.deepEqual(await links.allTextContents(), [opened[1][1], opened[0][1]], 'newest first');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
