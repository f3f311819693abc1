// Reading offline with the real service worker (sw.js from the real build) on
// http://127.0.0.1: bookmarked and recently read articles with their pictures, the
// offline page for the rest, the offline indicator, and the app opening with no network.
// "No network" is real: the server is stopped, and the browser is told it is offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, appReady, launch, newPage, pictureLoaded, problemsBesidesOffline, startServer, withTimeout, workerControls,
} from '../lib/harness.js';

const READ = 'ny-legeplads-aabner-i-afdeling-4';
const READ_TITLE = 'Ny legeplads åbner i afdeling 4';
const BOOKMARKED = 'laeserbrev-lad-os-spise-sammen-hele-aaret';
const BOOKMARKED_TITLE = 'Læserbrev: Lad os spise sammen hele året';
/** Related to BOOKMARKED ("Læs også"), never opened. */
const RELATED_TITLE = 'Fællesspisning hver torsdag';
const NEVER_OPENED = 'hoestfest-i-haveklubben';

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`${name}: bookmarked and recent articles read offline, others show the offline page`, async () => {
    const server = await startServer();
    const browser = await launch();
    try {
      const page = await newPage(browser, viewport, { serviceWorkers: 'allow' });
      // Online: read one article, bookmark another.
      await page.goto(`${server.url}/artikel/${READ}`);
      await appReady(page);
      await workerControls(page);
      await page.goto(`${server.url}/artikel/${BOOKMARKED}`);
      await appReady(page);
      await page.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke' }).click();
      // The lists say what the device holds, once the worker has stored it.
      await page.getByRole('link', { name: 'Mine bogmærker' }).first().click();
      const bookmarkRow = page.locator('.saved').filter({ hasText: BOOKMARKED_TITLE });
      await bookmarkRow.getByText('Kan læses offline').waitFor({ timeout: 20000 });
      await page.goto(`${server.url}/mine/seneste`);
      await appReady(page);
      for (const title of [READ_TITLE, BOOKMARKED_TITLE]) {
        await page.locator('.saved').filter({ hasText: title }).getByText('Kan læses offline').waitFor({ timeout: 20000 });
      }

      // No network at all.
      await server.halt();
      await page.context().setOffline(true);
      const status = page.getByRole('status').filter({ hasText: 'Du er offline' });
      await status.waitFor();

      // The app opens offline, on the front page and on the stored articles, pictures too.
      await page.goto(server.url + '/');
      await appReady(page);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      for (const [id, title] of [[READ, READ_TITLE], [BOOKMARKED, BOOKMARKED_TITLE]]) {
        await page.goto(`${server.url}/artikel/${id}`);
        await appReady(page);
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        assert.ok((await page.locator('.article-body p').count()) > 0, `${id}: the text is there`);
        await pictureLoaded(page);
      }
      await status.waitFor();

      // Inside the app, from a list to a stored article: its page file comes from the
      // page the device holds (the app fetches no feed).
      await page.goto(`${server.url}/mine/bogmaerker`);
      await appReady(page);
      await page.locator('.saved').getByRole('link', { name: BOOKMARKED_TITLE }).click();
      await page.getByRole('heading', { level: 1, name: BOOKMARKED_TITLE }).waitFor();
      assert.ok((await page.locator('.article-body p').count()) > 0, 'the stored text, reached in the app');

      // In the app: a related article the device does not hold.
      await page.getByRole('region', { name: 'Læs også' }).getByRole('link', { name: RELATED_TITLE }).click();
      await page.getByRole('heading', { level: 1, name: 'Ikke tilgængelig offline' }).waitFor();
      await page.getByRole('button', { name: 'Tilbage' }).click();
      await page.getByRole('heading', { level: 1, name: BOOKMARKED_TITLE }).waitFor();

      // Opened directly (a link from elsewhere, the address bar): the offline page, never
      // the browser's error page, with the way back and a way to try again later.
      await page.goto(`${server.url}/artikel/${NEVER_OPENED}`);
      await appReady(page);
      await page.getByRole('heading', { level: 1, name: 'Ikke tilgængelig offline' }).waitFor();
      const retry = page.getByRole('link', { name: 'Prøv igen' });
      assert.equal(await retry.getAttribute('href'), `/artikel/${NEVER_OPENED}`);
      await page.getByRole('button', { name: 'Tilbage' }).click();
      await page.getByRole('heading', { level: 1, name: BOOKMARKED_TITLE }).waitFor();

      // The connection comes back: the indicator goes.
      await page.context().setOffline(false);
      await withTimeout(status.waitFor({ state: 'detached' }), 5000, '"Du er offline" stays after reconnecting');
      assert.deepEqual(problemsBesidesOffline(page), []);
      await page.context().close();
    } finally {
      await browser.close();
      await server.stop();
    }
  });
}

test('a stored article comes from the worker without hints that fetch the app ahead of the page, and still takes over', async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    const page = await newPage(browser, VIEWPORTS.phone, { serviceWorkers: 'allow' });
    const article = `${server.url}/artikel/${BOOKMARKED}`;
    const hints = 'link[rel="modulepreload"], link[rel="preload"][href$=".wasm"]';
    await page.goto(article);
    await appReady(page);
    await workerControls(page);
    // From the server the page hints the app's files (Trunk's modulepreload and preload).
    assert.ok((await page.locator(hints).count()) > 0, 'the page from the server has hints');
    assert.match((await page.request.get(article)).headers().link ?? '', /_bg\.wasm>; rel=preload/, 'and a Link header');
    await page.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke' }).click();
    await page.getByRole('link', { name: 'Mine bogmærker' }).first().click();
    await page.locator('.saved').filter({ hasText: BOOKMARKED_TITLE }).getByText('Kan læses offline').waitFor({ timeout: 20000 });

    // The device holds the files: fetched early, they would only compete with the first paint.
    const answer = page.waitForResponse((r) => r.url() === article && r.request().isNavigationRequest());
    await page.goto(article);
    const stored = await answer;
    assert.ok(stored.fromServiceWorker(), 'the worker answered the visit');
    assert.equal(stored.headers().link, undefined, 'the stored page has no Link header that preloads the WASM');
    await appReady(page);
    assert.equal(await page.locator(hints).count(), 0, 'the stored page has no hints');
    await page.getByRole('heading', { level: 1, name: BOOKMARKED_TITLE }).waitFor();
    await pictureLoaded(page);
    assert.ok(await page.evaluate(() => [...document.styleSheets].some((s) => s.cssRules.length > 0)), 'its stylesheet applies');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('a comment hidden after an article was stored is gone once the stored copy has been opened', async () => {
  const token = 'moderator-token-for-the-stored-copy-test-0123456789';
  const server = await startServer({ extraArgs: ['--admin-token', token] });
  const browser = await launch();
  try {
    const page = await newPage(browser, VIEWPORTS.phone, { serviceWorkers: 'allow' });
    await page.goto(`${server.url}/artikel/${BOOKMARKED}`);
    await appReady(page);
    await workerControls(page);
    const text = 'Et indlæg som redaktionen senere skjuler';
    await page.getByRole('textbox', { name: 'Navn' }).fill('Gitte');
    await page.getByRole('textbox', { name: 'Kommentar' }).fill(text);
    await page.getByRole('button', { name: 'Send kommentar' }).click();
    const comment = page.getByRole('listitem').filter({ hasText: text });
    await comment.waitFor();
    await page.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke' }).click();
    await page.goto(`${server.url}/mine/bogmaerker`);
    await appReady(page);
    await page.locator('.saved').filter({ hasText: BOOKMARKED_TITLE }).getByText('Kan læses offline').waitFor({ timeout: 20000 });
    // The copy the device holds was made at the first visit, before the comment; a visit
    // refreshes it in the background. Wait until the stored copy shows the comment.
    await page.goto(`${server.url}/artikel/${BOOKMARKED}`);
    await appReady(page);
    const storedWithComment = () => page.evaluate(async ([path, wanted]) => {
      const response = await caches.match(path);
      return Boolean(response) && (await response.text()).includes(wanted);
    }, [`${server.url}/artikel/${BOOKMARKED}`, text]);
    const deadline = Date.now() + 20000;
    while (!(await storedWithComment())) {
      if (Date.now() > deadline) throw new Error('the stored copy never got the comment');
      await new Promise((r) => setTimeout(r, 200));
    }

    const listed = await (await fetch(`${server.url}/api/articles/${BOOKMARKED}/comments`)).json();
    const { id } = listed.comments.find((c) => c.body === text);
    const hidden = await fetch(`${server.url}/api/comments/${id}/hide`, {
      method: 'POST', headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(hidden.status, 204, await hidden.text());

    // The worker answers with the stored page at once (it still holds the comment) …
    const stored = page.waitForResponse((r) => r.url() === `${server.url}/artikel/${BOOKMARKED}` && r.request().isNavigationRequest());
    await page.goto(`${server.url}/artikel/${BOOKMARKED}`);
    const answer = await stored;
    assert.ok(answer.fromServiceWorker(), 'the worker answered the visit');
    assert.ok((await answer.text()).includes(text), 'with the stored copy, which still has the comment');
    await appReady(page);
    // … and the app asks for the comments as they are now.
    await withTimeout(comment.waitFor({ state: 'detached' }), 10000, 'the hidden comment is still shown from the stored copy');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
