// When the feed cannot be read (or is not the one our server publishes): one page (never
// two), the Danish reason, and "Prøv igen" recovers once the feed is fixed; the server
// keeps serving the last good feed when a reload of its files fails. Every test has its
// own server and content.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, VIEWPORTS, appReady, launch, newPage, withServer } from '../lib/harness.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const FEED = join(ROOT, 'content', 'feed.json');
const ARTICLE = '/artikel/ny-legeplads-aabner-i-afdeling-4';
const MESSAGES = {
  invalid: 'Bladets indhold kunne ikke læses',
  unavailable: 'Bladet er ikke tilgængeligt på serveren lige nu',
  http: 'Bladets server svarede med en fejl',
};

/** Exactly one page: one header, one main, one footer at most, no endless loading. */
async function assertOnePage(page) {
  assert.equal(await page.locator('header.site-header').count(), 1, 'one header');
  assert.equal(await page.locator('main#indhold').count(), 1, 'one main');
  assert.ok(await page.locator('footer.site-footer').count() <= 1, 'at most one footer');
  assert.equal(await page.getByText('Henter bladet').count(), 0, 'not stuck loading');
}

const BROKEN_ON_DISK = {
  'truncated JSON': { break: (content) => writeFileSync(join(content, 'feed.json'), readFileSync(FEED, 'utf8').slice(0, 700)), message: MESSAGES.invalid },
  'feed file missing': { break: (content) => rmSync(join(content, 'feed.json')), message: MESSAGES.unavailable },
};

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`a broken feed on ${name}`, () => {
    for (const [what, { break: breakFeed, message }] of Object.entries(BROKEN_ON_DISK)) {
      test(`${what} from the start: one page, the reason in Danish, Prøv igen after the fix`, () => withServer({ prepare: breakFeed }, async (server) => {
        const page = await newPage(browser, viewport);
        page.allowErrors = true; // the browser logs the page's 503 status
        const response = await page.goto(server.url + ARTICLE);
        assert.equal(response.status(), 503);
        await appReady(page);
        const alert = page.getByRole('alert');
        await alert.getByRole('heading', { name: 'Bladet kan ikke vises lige nu' }).waitFor();
        await alert.getByText(message).waitFor();
        await assertOnePage(page);
        assert.deepEqual(page.problems.filter((p) => p.startsWith('pageerror')), [], 'the app did not crash');

        copyFileSync(FEED, join(server.content, 'feed.json'));
        await alert.getByRole('button', { name: 'Prøv igen' }).click();
        await page.getByRole('heading', { level: 1, name: 'Ny legeplads åbner i afdeling 4' }).waitFor();
        assert.equal(await page.getByRole('alert').count(), 0);
        await assertOnePage(page);
        // The header has its sections again, and navigation works.
        await page.getByRole('navigation', { name: 'Sektioner' }).getByRole('link').first().click();
        await page.waitForURL(/\/sektion\//);
        await page.context().close();
      }));
    }

    for (const [what, answer, message] of [
      ['HTTP 500', { status: 500, contentType: 'text/plain', body: 'Internal Server Error' }, MESSAGES.http],
      ['the wrong content type', { status: 200, contentType: 'text/html', body: '<!doctype html><title>Log ind på netværket</title>' }, MESSAGES.invalid],
      // The app reads only the feed our server publishes; a raw feed is the server's to read.
      ['a raw third-party feed', { status: 200, contentType: 'application/feed+json', body: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Haveklubben', items: [{ id: 7, content_text: 'Kartofler i spand.' }] }) }, MESSAGES.invalid],
      ['a feed cut off in transit', { status: 200, contentType: 'application/feed+json', body: '{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "a' }, MESSAGES.invalid],
    ]) {
      test(`${what} for the feed: the reason in Danish, Prøv igen recovers`, () => withServer({}, async (server) => {
        const page = await newPage(browser, viewport);
        page.allowErrors = true;
        let broken = true;
        await page.route('**/feed/**', (route) => (broken ? route.fulfill(answer) : route.continue()));
        await page.goto(server.url + ARTICLE);
        await appReady(page);
        // The article came with the page; the next page needs the feed.
        await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Alle artikler' }).click();
        const alert = page.getByRole('alert');
        await alert.getByText(message).waitFor();
        await assertOnePage(page);
        broken = false;
        await alert.getByRole('button', { name: 'Prøv igen' }).click();
        await page.getByRole('heading', { level: 1, name: 'Alle artikler' }).waitFor();
        assert.equal(await page.getByRole('alert').count(), 0);
        await page.context().close();
      }));
    }

    test('a broken update on disk: pages and the feed stay at the last good version', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      await page.goto(server.url + '/');
      await appReady(page);
      writeFileSync(join(server.content, 'feed.json'), '{"items": [ {"id": "x", "title": "Halv');
      // A full page load reads the files again: the last good magazine is served.
      const response = await page.goto(server.url + ARTICLE);
      assert.equal(response.status(), 200);
      await appReady(page);
      await page.getByRole('heading', { level: 1, name: 'Ny legeplads åbner i afdeling 4' }).waitFor();
      // In-app navigation fetches the feed: the last good one.
      await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Alle artikler' }).click();
      await page.getByRole('heading', { level: 1, name: 'Alle artikler' }).waitFor();
      assert.equal(await page.getByRole('alert').count(), 0);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }));
  });
}
