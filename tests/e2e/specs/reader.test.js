// A reader's journeys, on a phone and on a desktop.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWPORTS, appReady, launch, newPage, startServer, withServer } from '../lib/harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`reader on ${name}`, () => {
    test('front page → issue → section → article → related article, with back and forward', async () => {
      const page = await newPage(browser, viewport);
      await page.goto(server.url + '/');
      await appReady(page);
      assert.match(await page.title(), /Skræppebladet/);
      await page.getByRole('heading', { level: 2, name: 'Nyeste blad' }).waitFor();

      await page.getByRole('link', { name: 'Se indholdet' }).click();
      await page.waitForURL(/\/blad\/2024-06$/);
      const issueTitle = await page.getByRole('heading', { level: 1 }).textContent();
      assert.equal(issueTitle, '2024-06 september');
      await page.waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 5000 });
      assert.equal(await page.evaluate(() => document.activeElement.textContent), issueTitle, "focus moves to the new page's heading");
      assert.match(await page.title(), /2024-06 september – Skræppebladet/);

      // The table of contents is grouped by section; follow the first section heading.
      const sectionLink = page.locator('.toc-group h2 a').first();
      const sectionName = await sectionLink.textContent();
      await sectionLink.click();
      await page.waitForURL(/\/sektion\//);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), sectionName);

      const firstArticle = page.locator('.card-title a').first();
      const articleTitle = await firstArticle.textContent();
      await firstArticle.click();
      await page.waitForURL(/\/artikel\//);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), articleTitle);
      await page.getByRole('complementary', { name: 'Kilde' }).getByText('Denne artikel er bragt i Skræppebladet').waitFor();
      const articleUrl = page.url();

      const related = page.getByRole('region', { name: 'Læs også' }).locator('.card-title a').first();
      const relatedTitle = await related.textContent();
      await related.click();
      await page.waitForURL((u) => u.href !== articleUrl);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), relatedTitle);

      await page.goBack();
      await page.waitForURL(articleUrl);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), articleTitle);
      await page.goForward();
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), relatedTitle);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test('bookmark, reload, find it under Mine bogmærker, remove it', async () => {
      const page = await newPage(browser, viewport);
      await page.goto(server.url + '/blad');
      await appReady(page);
      await page.locator('.issue-tile h2 a').first().click();
      const link = page.locator('.card-title a').nth(1);
      const title = await link.textContent();
      await link.click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();

      const button = page.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke' });
      assert.equal(await button.getAttribute('aria-pressed'), 'false');
      await button.click();
      assert.equal(await button.getAttribute('aria-pressed'), 'true');

      await page.reload();
      await appReady(page);
      await page.waitForFunction(() => document.querySelector('.article-head .bookmark')?.getAttribute('aria-pressed') === 'true');

      await page.getByRole('link', { name: 'Mine bogmærker' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mine bogmærker' }).waitFor();
      const saved = page.getByRole('listitem').filter({ hasText: title });
      await saved.getByRole('link', { name: title }).waitFor();
      await saved.getByRole('button', { name: 'Fjern' }).click();
      await page.getByText('Du har ingen bogmærker endnu').waitFor();
      await page.reload();
      await appReady(page);
      await page.getByText('Du har ingen bogmærker endnu').waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test('recent articles: newest first, no duplicates, Ryd empties the list', async () => {
      const page = await newPage(browser, viewport);
      await page.goto(server.url + '/sektion/kultur');
      await appReady(page);
      const links = page.locator('.card-title a');
      const titles = [await links.nth(0).textContent(), await links.nth(1).textContent()];
      for (const title of [titles[0], titles[1], titles[0]]) {
        await page.goto(server.url + '/sektion/kultur');
        await appReady(page);
        await page.getByRole('link', { name: title, exact: true }).first().click();
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
      }
      await page.getByRole('link', { name: 'Mine seneste' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mine seneste artikler' }).waitFor();
      const listed = await page.locator('.saved-list li a').allTextContents();
      assert.deepEqual(listed, [titles[0], titles[1]]);
      await page.getByRole('button', { name: 'Ryd' }).click();
      await page.getByText('Du har ikke læst nogen artikler endnu').waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test('every article is reachable: Alle artikler, paged, newest first, also those in no section', () => withServer({
      // A post in no section and no issue, as plain feeds and quick notices have.
      prepare: (content) => {
        const file = join(content, 'feed.json');
        const feed = JSON.parse(readFileSync(file, 'utf8'));
        feed.items.push({ id: 'kort-nyt-uden-sektion', content_text: 'Vaskeriet i afdeling 2 er lukket mandag.', date_published: '2030-01-01T08:00:00+01:00' });
        writeFileSync(file, JSON.stringify(feed));
      },
    }, async (own) => {
      const page = await newPage(browser, viewport);
      await page.goto(own.url + '/');
      await appReady(page);
      await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Alle artikler' }).click();
      await page.waitForURL(/\/arkiv$/);
      await page.getByRole('heading', { level: 1, name: 'Alle artikler' }).waitFor();
      await page.getByText('37 artikler i alt, de nyeste først.').waitFor();
      const firstPage = await page.locator('.card-title a').allTextContents();
      assert.equal(firstPage.length, 20);
      assert.equal(firstPage[0], 'Vaskeriet i afdeling 2 er lukket mandag.', 'the untitled post, newest, titled from its text');
      const pager = page.getByRole('navigation', { name: 'Sider i arkivet' });
      await pager.getByText('Side 1 af 2').waitFor();
      // The header marks where the reader is: the archive's first page is the link's own
      // page, a later page is inside it.
      const archiveLink = page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Alle artikler' });
      assert.equal(await archiveLink.getAttribute('aria-current'), 'page');
      await pager.getByRole('link', { name: 'Ældre artikler →' }).click();
      await page.waitForURL(/\/arkiv\/2$/);
      await pager.getByText('Side 2 af 2').waitFor();
      assert.equal(await archiveLink.getAttribute('aria-current'), 'true');
      const secondPage = await page.locator('.card-title a').allTextContents();
      assert.equal(secondPage.length, 17);
      assert.equal(new Set([...firstPage, ...secondPage]).size, 37, 'no article twice');
      await page.reload();
      await appReady(page);
      assert.deepEqual(await page.locator('.card-title a').allTextContents(), secondPage, 'the server renders the same page');
      assert.equal(await archiveLink.getAttribute('aria-current'), 'true', 'and marks it the same');
      await page.locator('.card-title a').first().click();
      await page.getByRole('heading', { level: 1, name: secondPage[0] }).waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }));

    test('deep links reload on every route; unknown pages show the Danish 404', async () => {
      const page = await newPage(browser, viewport);
      for (const [path, h1] of [
        ['/blad', 'Alle blade'], ['/blad/2024-03', '2024-03 april'], ['/sektion/debat', 'Debat og læserbreve'],
        ['/arkiv', 'Alle artikler'], ['/arkiv/2', 'Alle artikler'], ['/arkiv/3', 'Siden findes ikke'],
        ['/mine/bogmaerker', 'Mine bogmærker'], ['/mine/seneste', 'Mine seneste artikler'], ['/findes/ikke', 'Siden findes ikke'],
        ['/artikel/findes-ikke', 'Siden findes ikke'],
      ]) {
        const missing = h1 === 'Siden findes ikke';
        page.allowErrors = missing; // the browser logs the 404 status of the page itself
        const response = await page.goto(server.url + path);
        assert.equal(response.status(), missing ? 404 : 200, path);
        await appReady(page);
        await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
        await page.reload();
        await appReady(page);
        await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
      }
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  });
}
