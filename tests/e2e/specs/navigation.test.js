// Moving from article to article inside the app (issue 11): the articles an article
// suggests under "Læs også" are fetched while the reader reads, so opening one needs no
// request; a reader who asked their browser to save data gets nothing fetched ahead.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, appReady, launch, newPage, startServer, withTimeout } from '../lib/harness.js';

const ARTICLE = '/artikel/ny-legeplads-aabner-i-afdeling-4';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** The paths of the article page files the page asks for, as they are asked for. */
function recordPageFiles(page) {
  const asked = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/feed/artikel/')) asked.push(path);
  });
  return asked;
}

/** Resolves once the page's idle callbacks asked for until the next frame have run. */
async function afterAppIdle(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestIdleCallback(() => done()))));
}

/** The page file of each article linked under "Læs også". */
async function suggestedFiles(page) {
  const links = page.getByRole('region', { name: 'Læs også' }).getByRole('heading').getByRole('link');
  const hrefs = await links.evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  assert.ok(hrefs.length > 0, 'the article suggests other articles');
  return hrefs.map((h) => `/feed/artikel/${h.split('/').pop()}.json`);
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`article to article on ${name}`, () => {
    test('the suggested articles are fetched ahead, and opening one asks the server for nothing', async () => {
      const page = await newPage(browser, viewport);
      const asked = recordPageFiles(page);
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      const files = await suggestedFiles(page);
      await withTimeout(
        (async () => { while (!files.every((f) => asked.includes(f))) await page.waitForEvent('request'); })(),
        10000,
        `every suggested article's file fetched ahead (asked: ${asked.join(', ')})`,
      );
      // Each once, and nothing the page does not suggest.
      assert.deepEqual([...asked].sort(), [...files].sort());

      const link = page.getByRole('region', { name: 'Læs også' }).getByRole('heading').getByRole('link').first();
      const title = (await link.textContent()).trim();
      const before = asked.length;
      await link.click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.locator('.article-body p').first().waitFor();
      // Its own suggestions are fetched ahead in turn (the first article came with the
      // server's page); no file is asked for twice, the opened article's included.
      const first = `/feed/artikel/${ARTICLE.split('/').pop()}.json`;
      const next = (await suggestedFiles(page)).filter((f) => f !== first);
      await withTimeout(
        (async () => { while (!next.every((f) => asked.includes(f))) await page.waitForEvent('request'); })(),
        10000,
        `the next article's suggestions fetched ahead (asked: ${asked.join(', ')})`,
      );
      assert.equal(new Set(asked).size, asked.length, `each file asked for once (after the click: ${asked.slice(before).join(', ')})`);
      assert.ok(!asked.includes(first), 'the page the server sent is never fetched');
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test('the rating, the comments and the side column follow the article opened, and back', async () => {
      const page = await newPage(browser, viewport);
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      const first = (await page.getByRole('heading', { level: 1 }).textContent()).trim();
      const smiley = (name) => page.getByRole('radiogroup', { name: 'Bedøm artiklen' }).getByRole('radio', { name, exact: true });
      /** The page shows `title`, its parts are its own (none left inert), and `vote` is checked. */
      const settled = (title, vote) => page.waitForFunction(([t, v]) => {
        const checked = document.querySelector('.smileys input[type=radio]:checked');
        return document.querySelector('main h1')?.textContent.trim() === t
          && document.querySelector('[inert]') === null
          && document.querySelector('.smileys')?.getAttribute('aria-busy') === 'false'
          && (checked ? Number(checked.value) : null) === v;
      }, [title, vote], { timeout: 10000 });

      await smiley('Cool - god artikel').check();
      await settled(first, 4);
      const link = page.getByRole('region', { name: 'Læs også' }).getByRole('heading').getByRole('link').first();
      const second = (await link.textContent()).trim();
      await link.click();
      // The next article's own rating (none yet), usable: rated here, it is its own.
      await settled(second, null);
      await smiley('OK').check();
      await settled(second, 3);
      assert.equal(await page.getByRole('region', { name: 'Kommentarer' }).count(), 1, 'one comments block');
      await page.goBack();
      await settled(first, 4);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test('from an article to its issue, into an article, back, and into another: each is shown', async () => {
      // Each page the app has no data for asks for its file as it is opened, however the
      // reader got there (a page left on "Henter bladet …" never shows).
      const page = await newPage(browser, viewport);
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      await page.getByRole('complementary', { name: 'Kilde' }).getByRole('link').first().click();
      await page.waitForURL(/\/blad\//);
      const issue = (await page.getByRole('heading', { level: 1 }).textContent()).trim();
      const open = async (n) => {
        const link = page.locator('main .card-title a').nth(n);
        const title = (await link.textContent()).trim();
        await link.click();
        await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: 10000 });
      };
      await open(2);
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: issue }).waitFor({ timeout: 10000 });
      await open(3);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test('a browser saving data fetches nothing ahead; the article still opens', async () => {
      const page = await newPage(browser, viewport);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setDataSaverOverride', { dataSaverEnabled: true });
      const asked = recordPageFiles(page);
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      assert.equal(await page.evaluate(() => navigator.connection.saveData), true);
      const files = await suggestedFiles(page);
      const link = page.getByRole('region', { name: 'Læs også' }).getByRole('heading').getByRole('link').first();
      const title = (await link.textContent()).trim();
      // Nothing was fetched ahead by the time the reader follows a link: the click's own
      // fetch is the first. The app's work after the paint is an idle callback asked for
      // in an animation frame; ours, asked for the same way later, runs after it.
      await afterAppIdle(page);
      assert.deepEqual(asked, []);
      const fetched = page.waitForRequest((r) => new URL(r.url()).pathname === files[0]);
      await link.click();
      await withTimeout(fetched, 10000, 'the opened article\'s file fetched on the click');
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      // Nor are the new article's suggestions fetched ahead.
      await afterAppIdle(page);
      assert.deepEqual(asked, [files[0]]);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  });
}
