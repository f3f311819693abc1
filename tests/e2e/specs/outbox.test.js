// Ratings and comments made without a connection: kept in the outbox (localStorage),
// shown as waiting, and delivered exactly once when the connection is back, also when an
// answer is lost and the write is sent again (the server answers a repeated
// Idempotency-Key with the first result). Real server, real database, real Chromium; the
// connection is cut with Playwright's offline mode and by failing the API requests.
//
// Without a service worker (the harness blocks it unless asked) a browser cannot load a
// page offline: those reloads happen with the network on and only the API failing. The
// last test has the real service worker and reloads with no network at all.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, appReady, launch, newPage, painted, readerId, startServer, storedRating, withServer, workerControls,
} from '../lib/harness.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ARTICLE = 'ny-legeplads-aabner-i-afdeling-4';
const PATH = `/artikel/${ARTICLE}`;
const NAMES = { 1: 'Øv - ikke god', 2: 'Nogenlunde', 3: 'OK', 4: 'Cool - god artikel', 5: 'Kan anbefales' };
const OUTBOX = 'beboerblad.udbakke.v1';
const WAITING = 'Venter på forbindelse – sendes automatisk';

async function open(page, server) {
  await page.goto(server.url + PATH);
  await appReady(page);
}

async function reload(page) {
  await page.reload();
  await appReady(page);
}

function radio(page, value) {
  return page.getByRole('radiogroup', { name: 'Bedøm artiklen' }).getByRole('radio', { name: NAMES[value], exact: true });
}

function status(page, text) {
  return page.getByRole('status').filter({ hasText: text });
}

/** The outbox as stored in the browser. */
async function outbox(page) {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]'), OUTBOX);
}

/** The article's comments as the server has them. */
async function serverComments(server) {
  const response = await fetch(`${server.url}/api/articles/${ARTICLE}/comments`);
  assert.equal(response.status, 200);
  return (await response.json()).comments;
}

/** Cuts the connection: the browser goes offline and every API request fails. */
async function goOffline(page) {
  const cut = { api: true };
  await page.context().setOffline(true);
  await page.route('**/api/**', (route) => (cut.api ? route.abort('internetdisconnected') : route.fallback()));
  return cut;
}

/** Waits until `check()` holds; fails with `what` after `ms`. */
async function until(what, check, ms = 15000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every write the page sends to the API, with its idempotency key and answer. */
function recordWrites(page) {
  const writes = [];
  page.on('request', (request) => {
    if (!['PUT', 'POST', 'DELETE'].includes(request.method()) || !request.url().includes('/api/articles/')) return;
    const write = { method: request.method(), key: request.headers()['idempotency-key'] ?? null, body: request.postDataJSON() };
    writes.push(write);
    request.response().then((response) => {
      write.status = response?.status() ?? null;
      write.replayed = response?.headers()['idempotent-replayed'] ?? null;
    }, () => {});
  });
  return writes;
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`the outbox on ${name}`, () => {
    test('offline: a rating and a comment wait, survive two reloads and are delivered exactly once', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true; // failed requests are logged on the console
      const writes = recordWrites(page);
      await open(page, server);
      await page.getByRole('textbox', { name: 'Navn' }).fill('Grethe');
      const cut = await goOffline(page);

      // The reader has no reader id yet: it is asked for when the writes go.
      await radio(page, 2).check();
      await radio(page, 4).check();
      await status(page, 'Du er offline. Din bedømmelse sendes, når forbindelsen er tilbage.').waitFor();
      const text = `Skrevet i vaskekælderen (${name}) – uden net.`;
      await page.getByRole('textbox', { name: 'Kommentar' }).fill(text);
      await page.getByRole('button', { name: 'Send kommentar' }).click();
      await status(page, 'Du er offline. Kommentaren er gemt og sendes, når du er online igen.').waitFor();
      const item = page.getByRole('listitem').filter({ hasText: text });
      await item.getByText(WAITING).waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Kommentar' }).inputValue(), '', 'the form is free');
      const queued = await outbox(page);
      assert.deepEqual(queued.map((e) => e.job), [
        { rating: { value: 4 } },
        { comment: { name: 'Grethe', body: text } },
      ], 'one rating (the newest choice) and the comment');
      assert.equal(await page.evaluate(() => localStorage.getItem('beboerblad.laeser.v1')), null, 'no reader id yet');

      // Two reloads while the server cannot be reached: still waiting, still shown.
      await page.context().setOffline(false);
      for (let i = 0; i < 2; i++) {
        await reload(page);
        await item.getByText(WAITING).waitFor();
        await status(page, 'Der er ingen forbindelse til bladets server. Din bedømmelse sendes, når forbindelsen er tilbage.').waitFor();
        assert.equal(await radio(page, 4).isChecked(), true, 'the waiting choice shows');
        assert.deepEqual((await outbox(page)).map((e) => e.key), queued.map((e) => e.key), 'the same writes, the same keys');
      }
      assert.deepEqual(await serverComments(server), []);

      // Back online, but the first answer to the comment is lost on the way back: the
      // server stored it, the app sees a broken connection and sends it again.
      let lost = 0;
      await page.route('**/api/articles/*/comments', async (route) => {
        if (route.request().method() !== 'POST' || lost > 0) return route.fallback();
        lost += 1;
        const answer = await route.fetch();
        assert.equal(answer.status(), 201, 'the server stored it');
        await route.abort('connectionreset');
      });
      cut.api = false;
      await page.context().setOffline(true);
      await page.context().setOffline(false); // the `online` event
      await status(page, 'Din kommentar er sendt').waitFor();
      await item.getByRole('button', { name: 'Slet' }).waitFor();
      assert.equal(lost, 1);
      assert.deepEqual((await serverComments(server)).map((c) => c.body), [text], 'one comment');
      const posts = writes.filter((w) => w.method === 'POST');
      assert.equal(posts.length >= 2, true, `sent again after the lost answer: ${JSON.stringify(posts)}`);
      assert.deepEqual([...new Set(posts.map((w) => w.key))], [queued[1].key], 'always under its one key');
      await until('the answer to the last POST', () => posts.at(-1).status !== undefined);
      assert.equal(posts.at(-1).status, 201);
      assert.equal(posts.at(-1).replayed, 'true', 'the last answer was the first one, replayed');
      const puts = writes.filter((w) => w.method === 'PUT');
      assert.deepEqual(puts.map((w) => w.body.value), puts.map(() => 4), 'only the newest choice is sent');
      assert.equal((await storedRating(server, ARTICLE, await readerId(page))).mine, 4);
      assert.deepEqual(await outbox(page), []);

      // Two more reloads: still one comment, and it is the reader's own (the secret came
      // with the replayed answer).
      await reload(page);
      await reload(page);
      await page.getByRole('heading', { name: 'Kommentarer (1)' }).waitFor();
      // The reader's own rating comes with the widget's fetch once the page is painted.
      await radio(page, 4).and(page.locator(':checked')).waitFor({ timeout: 10000 });
      assert.equal(await page.getByText(WAITING).count(), 0);
      await item.getByRole('button', { name: 'Slet' }).click();
      await status(page, 'Din kommentar er slettet').waitFor();
      assert.deepEqual(await serverComments(server), []);
      await page.context().close();
    }));

    test('a comment the server refuses comes back into the draft with the reason', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true;
      await open(page, server);
      await page.getByRole('textbox', { name: 'Navn' }).fill('Karl');
      const cut = await goOffline(page);
      const long = `For lang: ${'bla '.repeat(1001)}`.trim();
      await page.getByRole('textbox', { name: 'Kommentar' }).fill(long);
      await page.getByRole('button', { name: 'Send kommentar' }).click();
      await status(page, 'Kommentaren er gemt og sendes, når du er online igen.').waitFor();
      // Written while the first one waits: kept too.
      await page.getByRole('textbox', { name: 'Kommentar' }).fill('Og så en kort.');

      cut.api = false;
      await page.context().setOffline(false);
      await status(page, 'Kommentaren blev ikke sendt, men din tekst er gemt her: Kommentaren må højst være 4000 tegn.').waitFor();
      const draft = `${long}\n\nOg så en kort.`;
      assert.equal(await page.getByRole('textbox', { name: 'Kommentar' }).inputValue(), draft);
      assert.deepEqual(await outbox(page), []);
      assert.deepEqual(await serverComments(server), []);
      await reload(page);
      await page.waitForFunction((d) => document.querySelector('#kommentar-tekst')?.value === d, draft);
      await page.context().close();
    }));

    test('a server that cannot take it now (503): the rating waits and is sent again by itself', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true;
      const writes = recordWrites(page);
      await open(page, server);
      let busy = true;
      await page.route('**/api/**/rating', (route) => (route.request().method() === 'PUT' && busy
        ? route.fulfill({ status: 503, headers: { 'Retry-After': '1', 'Content-Type': 'application/json' }, body: '{"error":{"code":"busy","message":"busy"}}' })
        : route.fallback()));
      await radio(page, 5).check();
      await status(page, 'Bladets server kan ikke tage imod det lige nu. Din bedømmelse er gemt her og sendes igen om lidt.').waitFor();
      assert.equal(await radio(page, 5).isChecked(), true, 'not rolled back: it waits');
      busy = false;
      await status(page, 'Tak! Din bedømmelse er gemt.').waitFor();
      assert.equal((await storedRating(server, ARTICLE, await readerId(page))).mine, 5);
      const puts = writes.filter((w) => w.method === 'PUT');
      assert.equal(puts.length >= 2, true, JSON.stringify(puts));
      assert.deepEqual([...new Set(puts.map((w) => w.key))], [puts[0].key], 'sent again under the same key');
      await page.context().close();
    }));

    test('the sender at start and the rating widget share one queue: never two ratings of an article at once', () => withServer({}, async (server) => {
      const first = await newPage(browser, viewport);
      first.allowErrors = true;
      const context = first.context();
      await open(first, server);
      await goOffline(first);
      await radio(first, 3).check();
      await status(first, 'Du er offline. Din bedømmelse sendes, når forbindelsen er tilbage.').waitFor();
      await first.close(); // the app is closed with the rating still waiting
      await context.setOffline(false);

      // At the next start the waiting rating is sent; its answer is held back.
      const events = [];
      const held = [];
      await context.route('**/api/**/rating', (route) => {
        if (route.request().method() !== 'PUT') return route.fallback();
        events.push(`PUT ${route.request().postDataJSON().value}`);
        held.push(route);
      });
      const page = await context.newPage();
      await open(page, server);
      await until('the waiting rating sent at start', () => held.length === 1);
      assert.equal(await page.locator('.smileys').getAttribute('aria-busy'), 'true');
      await radio(page, 5).check(); // the reader changes their mind meanwhile
      await painted(page);
      assert.deepEqual(events, ['PUT 3'], 'the newer choice waits for the answer');
      events.push('answer 3');
      await held.shift().continue();
      await until('the newer choice sent after the answer', () => held.length === 1);
      await held.shift().continue();
      await status(page, 'Tak! Din bedømmelse er gemt.').waitFor();
      assert.deepEqual(events, ['PUT 3', 'answer 3', 'PUT 5']);
      assert.equal((await storedRating(server, ARTICLE, await readerId(page))).mine, 5);
      await context.close();
    }));

    test('with the service worker: reloaded with no network at all, then delivered once', async () => {
      const server = await startServer();
      try {
        const page = await newPage(browser, viewport, { serviceWorkers: 'allow' });
        page.allowErrors = true;
        const writes = recordWrites(page);
        await open(page, server);
        await workerControls(page);
        // The article is kept for offline reading once the worker has stored it.
        await page.getByRole('link', { name: 'Mine seneste' }).first().click();
        await page.locator('.saved').filter({ hasText: 'Ny legeplads åbner i afdeling 4' }).getByText('Kan læses offline').waitFor({ timeout: 20000 });
        await open(page, server);
        await page.getByRole('textbox', { name: 'Navn' }).fill('Inge');

        await server.halt();
        await page.context().setOffline(true);
        await radio(page, 1).check();
        await status(page, 'Du er offline. Din bedømmelse sendes, når forbindelsen er tilbage.').waitFor();
        const text = `Uden net og uden server (${name}).`;
        await page.getByRole('textbox', { name: 'Kommentar' }).fill(text);
        await page.getByRole('button', { name: 'Send kommentar' }).click();
        const item = page.getByRole('listitem').filter({ hasText: text });
        await item.getByText(WAITING).waitFor();

        await reload(page); // answered by the service worker
        await item.getByText(WAITING).waitFor();
        assert.equal(await radio(page, 1).isChecked(), true);
        await status(page, 'Du er offline. Kommentaren er gemt og sendes, når du er online igen.').waitFor();

        await server.restart();
        await page.context().setOffline(false);
        await item.getByRole('button', { name: 'Slet' }).waitFor({ timeout: 20000 });
        assert.deepEqual((await serverComments(server)).map((c) => c.body), [text]);
        assert.equal((await storedRating(server, ARTICLE, await readerId(page))).mine, 1);
        const posts = writes.filter((w) => w.method === 'POST');
        assert.deepEqual([...new Set(posts.map((w) => w.key))].length, 1, JSON.stringify(posts));
        assert.deepEqual(await outbox(page), []);
        await page.context().close();
      } finally {
        await server.stop();
      }
    });
  });
}
