// The article page as Skræppebladet's readers know it: the blocks under the article in
// their order, the side column beside it from 1024 px and below it on narrower screens,
// the reader's lists in it live, no shift when they fill in after takeover, and the
// colophon (/kolofon) from the server and in the app.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import {
  DESKTOP, VIEWPORTS, appReady, holdWasm, launch, layoutShifts, newPage, painted, recordLayoutShifts, startServer,
} from '../lib/harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const ARTICLE = '/artikel/ny-legeplads-aabner-i-afdeling-4';
const TITLE = 'Ny legeplads åbner i afdeling 4';
const COLOPHON_LINK = 'Se seneste kolofon og kontakt redaktionen';
const COPYRIGHT = /^© Skræppebladet\. Det er ikke tilladt at kopiere eller viderebringe elementer fra bladet/;

/** Saved lists as the reader's browser keeps them: `n` articles of the demo, newest first. */
const SEEDED = [
  ['sommerfest-i-gaarden-samlede-300-beboere', 'Sommerfest i gården samlede 300 beboere'],
  ['ladcyklen-kan-nu-lejes-i-beboerhuset', 'Ladcyklen kan nu lejes i Beboerhuset'],
  ['hoejbede-i-afdeling-2', 'Højbede i afdeling 2'],
  ['fotoudstilling-mine-naboer', 'Fotoudstilling: Mine naboer'],
  ['koret-synger-foraaret-ind', 'Koret synger foråret ind'],
  ['portraet-ingrid-har-boet-her-i-50-aar', 'Portræt: Ingrid har boet her i 50 år'],
  ['laeserbrev-lad-os-spise-sammen-hele-aaret', 'Læserbrev: Lad os spise sammen hele året'],
];

/** Puts `SEEDED` in both lists before the page's first script runs (first load only). */
async function seedLists(page) {
  const entries = SEEDED.map(([id, title], i) => ({ id, title, at: 1_700_000_000_000 - i * 1000 }));
  await page.addInitScript((json) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('beboerblad.bogmaerker.v1', json);
    localStorage.setItem('beboerblad.seneste.v1', json);
  }, JSON.stringify(entries));
}

/** The page's blocks, located by role and name. */
function blocks(page) {
  return {
    // The article itself (the cards of "Læs også" are articles too).
    article: page.getByRole('article').filter({ has: page.getByRole('heading', { level: 1 }) }),
    readAlso: page.getByRole('region', { name: 'Læs også' }),
    rating: page.getByRole('region', { name: 'Bedøm artiklen' }),
    comments: page.getByRole('region', { name: /^Kommentarer/ }),
    source: page.getByRole('complementary', { name: 'Kilde' }),
    copyright: page.getByText(COPYRIGHT),
    // In page order: the contact block under the article comes before the side column's.
    contact: page.getByRole('link', { name: COLOPHON_LINK }).first(),
    bookmarks: page.getByRole('region', { name: 'Mine bogmærker' }),
    recent: page.getByRole('region', { name: 'Mine seneste artikler' }),
    sections: page.getByRole('navigation', { name: 'Web-sektioner' }),
  };
}

async function box(locator) {
  const b = await locator.boundingBox();
  assert.ok(b, `${locator} is shown`);
  return b;
}

const bottom = (b) => b.y + b.height;

/** Asserts that each of `boxes` starts below the end of the one before it. */
function assertStacked(boxes, names) {
  for (let i = 1; i < boxes.length; i++) {
    assert.ok(boxes[i].y >= bottom(boxes[i - 1]) - 1, `${names[i]} (y ${boxes[i].y}) comes after ${names[i - 1]} (ends at ${bottom(boxes[i - 1])})`);
  }
}

/** The titles listed in a side-column block. */
async function listed(block) {
  return block.getByRole('listitem').getByRole('link').allTextContents();
}

describe('the blocks of the article page', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    test(`Læs også, rating, comments, source, copyright and contact follow the text in that order (${name})`, async () => {
      const page = await newPage(browser, viewport);
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      const b = blocks(page);
      const order = ['article', 'readAlso', 'rating', 'comments', 'source', 'copyright', 'contact'];
      const boxes = [];
      for (const key of order) boxes.push(await box(b[key]));
      assertStacked(boxes, order);
      await b.source.getByText(/^Denne artikel er bragt i Skræppebladet/).waitFor();
      assert.equal(await b.source.getByRole('img', { name: /^Forsiden af / }).count(), 1, "the issue's cover");

      const article = await box(b.article);
      const column = [await box(b.bookmarks), await box(b.recent), await box(b.sections)];
      assertStacked(column, ['Mine bogmærker', 'Mine seneste artikler', 'Web-sektioner']);
      const contactLinks = page.getByRole('link', { name: COLOPHON_LINK });
      if (name === 'desktop') {
        // Beside the article, from its top, with its own contact block last.
        assert.ok(column[0].x >= article.x + article.width, 'the side column is right of the article');
        assert.ok(column[0].y < article.y + 100, 'the side column starts at the top of the article');
        assert.equal(await contactLinks.count(), 2);
        assertStacked([column[2], await box(contactLinks.last())], ['Web-sektioner', 'the side column contact']);
      } else {
        // Below everything the article has, in the same column.
        assertStacked([boxes.at(-1), column[0]], ['contact', 'Mine bogmærker']);
        assert.ok(Math.abs(column[0].x - article.x) < 2, 'in line with the article');
        assert.equal(await contactLinks.count(), 1, 'one contact block on a phone');
      }
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }

  test('the side column stands beside the article from 1024 px and below it at 1023 px', async () => {
    const page = await newPage(browser, { viewport: { width: 1024, height: 800 } });
    await page.goto(server.url + ARTICLE);
    await appReady(page);
    const b = blocks(page);
    let article = await box(b.article);
    let bookmarks = await box(b.bookmarks);
    assert.ok(bookmarks.x >= article.x + article.width && bookmarks.y < bottom(article), 'beside at 1024 px');
    await page.setViewportSize({ width: 1023, height: 800 });
    await painted(page);
    article = await box(b.article);
    bookmarks = await box(b.bookmarks);
    assert.ok(bookmarks.y >= bottom(await box(b.contact)), 'below the article at 1023 px');
    await page.context().close();
  });
});

describe('the side lists', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    test(`bookmarking and reading show in the column without a reload; five of each; Se alle (${name})`, async () => {
      const page = await newPage(browser, viewport);
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      await page.evaluate(() => { window.notReloaded = true; });
      const b = blocks(page);
      await b.bookmarks.getByText('Du har ingen bogmærker endnu.').waitFor();
      await b.recent.getByRole('link', { name: TITLE }).waitFor();

      await page.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke' }).click();
      await b.bookmarks.getByRole('link', { name: TITLE }).waitFor();
      assert.equal(await b.bookmarks.getByText('Du har ingen bogmærker endnu.').count(), 0);

      const next = b.readAlso.getByRole('heading').getByRole('link').first();
      const nextTitle = (await next.textContent()).trim();
      await next.click();
      await page.getByRole('heading', { level: 1, name: nextTitle }).waitFor();
      await b.recent.getByRole('link', { name: nextTitle, exact: true }).waitFor();
      assert.deepEqual(await listed(b.recent), [nextTitle, TITLE], 'the article just opened first');
      assert.deepEqual(await listed(b.bookmarks), [TITLE]);
      assert.equal(await page.evaluate(() => window.notReloaded), true, 'no reload');

      await b.bookmarks.getByRole('link', { name: 'Se alle bogmærker' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mine bogmærker' }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: nextTitle }).waitFor();
      await b.recent.getByRole('link', { name: 'Se alle seneste artikler' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mine seneste artikler' }).waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }

  test('each list shows its five newest entries', async () => {
    const page = await newPage(browser, DESKTOP);
    await seedLists(page);
    await page.goto(server.url + ARTICLE);
    await appReady(page);
    const b = blocks(page);
    await b.recent.getByRole('link', { name: TITLE }).waitFor();
    const titles = SEEDED.map(([, title]) => title);
    assert.deepEqual(await listed(b.bookmarks), titles.slice(0, 5));
    assert.deepEqual(await listed(b.recent), [TITLE, ...titles.slice(0, 4)], 'the open article is the newest read');
    await page.context().close();
  });
});

describe('takeover of the article page', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    test(`the lists fill in after takeover without a layout shift: CLS 0 (${name})`, async () => {
      const page = await newPage(browser, viewport);
      await seedLists(page);
      await recordLayoutShifts(page);
      const release = await holdWasm(page);
      await page.goto(server.url + ARTICLE, { waitUntil: 'domcontentloaded' });
      const b = blocks(page);
      // The frames are there before the app runs, empty; bring them into view.
      await b.recent.scrollIntoViewIfNeeded();
      assert.equal(await b.recent.getByRole('listitem').count(), 0, 'the server cannot know the lists');
      await painted(page);
      release();
      await appReady(page);
      await b.bookmarks.getByRole('link', { name: SEEDED[0][1] }).waitFor();
      await b.recent.getByRole('link', { name: TITLE }).waitFor();
      await painted(page);
      const shifts = await layoutShifts(page);
      assert.equal(shifts.reduce((a, c) => a + c, 0), 0, `CLS is 0 (${shifts})`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }
});

describe('the colophon', () => {
  test('/kolofon from the server, readable without JavaScript', async () => {
    const page = await newPage(browser, VIEWPORTS.phone, { javaScriptEnabled: false });
    const response = await page.goto(server.url + '/kolofon');
    assert.equal(response.status(), 200);
    await page.getByRole('heading', { level: 1, name: 'Kolofon og kontakt' }).waitFor();
    await page.getByText('Ansvarshavende redaktør: Hanne Mortensen.', { exact: true }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Kontakt redaktionen' }).waitFor();
    await page.context().close();
  });

  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    test(`from an article's contact block into the app's colophon; axe finds nothing on either (${name})`, async () => {
      const page = await newPage(browser, viewport);
      await seedLists(page);
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      await blocks(page).bookmarks.getByRole('link', { name: SEEDED[0][1] }).waitFor();
      const found = [];
      const axe = async (where) => {
        const results = await new AxeBuilder({ page }).analyze();
        for (const v of results.violations) found.push(`${where}: ${v.id} ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      };
      await axe('article');
      await page.evaluate(() => { window.notReloaded = true; });
      await blocks(page).contact.click();
      await page.getByRole('heading', { level: 1, name: 'Kolofon og kontakt' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/kolofon');
      assert.equal(await page.evaluate(() => window.notReloaded), true, 'an in-app navigation');
      await page.getByText('Oplag: 2.800.', { exact: true }).waitFor();
      assert.equal(await page.title(), 'Kolofon og kontakt – Skræppebladet');
      await axe('/kolofon');
      assert.deepEqual(found, []);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }
});
