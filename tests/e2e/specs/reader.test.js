// A reader's journeys, on a phone and on a desktop.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, appReady, launch, newPage, startServer } from '../lib/harness.js';

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
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'indhold', 'focus moves to the new page');
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
      await page.getByRole('complementary', { name: 'Kilde' }).getByText('Bragt i Skræppebladet').waitFor();
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

    test('deep links reload on every route; unknown pages show the Danish 404', async () => {
      const page = await newPage(browser, viewport);
      for (const [path, h1] of [
        ['/blad', 'Alle blade'], ['/blad/2024-03', '2024-03 april'], ['/sektion/debat', 'Debat og læserbreve'],
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

    test('feed down: a clear Danish message, and Prøv igen recovers', async () => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true; // the failed fetch is logged by the browser
      let down = true;
      await page.route('**/feed*.json', (route) => (down ? route.fulfill({ status: 503, body: 'nede' }) : route.continue()));
      await page.goto(server.url + '/');
      await appReady(page);
      await page.getByRole('link', { name: 'Alle blade' }).first().click();
      const alert = page.getByRole('alert');
      await alert.getByText('Bladets server svarede med en fejl').waitFor();
      down = false;
      await alert.getByRole('button', { name: 'Prøv igen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Alle blade' }).waitFor();
      assert.equal(await page.getByRole('alert').count(), 0);
      await page.context().close();
    });
  });
}
