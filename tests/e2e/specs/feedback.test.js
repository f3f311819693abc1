// Ratings and comments on an article: a reader's journeys against the real API and
// database. Every test has a server (and so a database) of its own.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, appReady, launch, newPage, painted, readerId, storedRating, withServer } from '../lib/harness.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ARTICLE = 'ny-legeplads-aabner-i-afdeling-4';
const PATH = `/artikel/${ARTICLE}`;
const NAMES = { 1: 'Øv - ikke god', 2: 'Nogenlunde', 3: 'OK', 4: 'Cool - god artikel', 5: 'Kan anbefales' };

async function open(page, server, path = PATH) {
  await page.goto(server.url + path);
  await appReady(page);
}

function radio(page, value) {
  return page.getByRole('radiogroup', { name: 'Bedøm artiklen' }).getByRole('radio', { name: NAMES[value], exact: true });
}

/** The value of the checked smiley (null when none). */
async function shownVote(page) {
  return page.evaluate(() => {
    const checked = document.querySelector('.smileys input[type=radio]:checked');
    return checked ? Number(checked.value) : null;
  });
}

/** The vote shown settles on `value`, and the server stored exactly that. */
async function expectVote(page, server, value) {
  await page.waitForFunction((v) => {
    const checked = document.querySelector('.smileys input[type=radio]:checked');
    return (checked ? Number(checked.value) : null) === v && document.querySelector('.smileys')?.getAttribute('aria-busy') === 'false';
  }, value, { timeout: 10000 });
  const stored = await storedRating(server, ARTICLE, await readerId(page));
  assert.equal(stored.mine, value, 'the vote shown is the vote stored');
}

/**
 * Holds every rating request of `page` until the test decides: `next(method)` gives the
 * next held request (waiting for it), to `continue()`, `abort()`, `fulfill()` or
 * `fetch()` now and deliver later. `sent` lists every request in order.
 */
async function holdRatings(page) {
  const held = [];
  const sent = [];
  let wake = () => {};
  await page.route(/\/api\/articles\/[^/]+\/rating/, (route) => {
    const request = route.request();
    sent.push({ method: request.method(), value: request.postDataJSON()?.value ?? null });
    held.push(route);
    wake();
  });
  return {
    sent,
    async next(method, timeout = 10000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const i = held.findIndex((r) => r.request().method() === method);
        if (i >= 0) return held.splice(i, 1)[0];
        if (Date.now() > deadline) throw new Error(`no ${method} rating request within ${timeout} ms; sent: ${JSON.stringify(sent)}`);
        await new Promise((r) => { wake = r; setTimeout(r, 100); });
      }
    },
  };
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`ratings on ${name}`, () => {
    test('rate, change your mind, reload shows your choice and the distribution', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      await open(page, server);
      for (const value of [1, 2, 3, 4, 5]) await radio(page, value).waitFor();
      await page.getByText('Klik på en smiley - du kan skifte mening bagefter').waitFor();

      await radio(page, 3).check();
      await page.getByRole('status').filter({ hasText: 'Din bedømmelse er gemt' }).waitFor();
      await radio(page, 5).check();
      await page.getByText('1 bedømmelse · gennemsnit 5,0').waitFor();
      await expectVote(page, server, 5);

      await page.reload();
      await appReady(page);
      await expectVote(page, server, 5);
      await page.getByText('1 bedømmelse · gennemsnit 5,0').waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }));

    test('a refused rating is rolled back with a Danish message and not sent again', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true;
      await open(page, server);
      const puts = [];
      // A definitive refusal (4xx); a 5xx would leave it in the outbox (see outbox.test.js).
      await page.route('**/api/**/rating', (route) => {
        if (route.request().method() !== 'PUT') return route.continue();
        puts.push(route.request().postDataJSON().value);
        return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"unknown_article","message":"x"}}' });
      });
      await radio(page, 2).click();
      await page.getByRole('status').filter({ hasText: 'Din bedømmelse blev ikke gemt: Artiklen findes ikke længere.' }).waitFor();
      await expectVote(page, server, null);
      assert.equal(await page.evaluate(() => localStorage.getItem('beboerblad.udbakke.v1')), '[]', 'it left the outbox');
      assert.deepEqual(puts, [2]);
      await page.context().close();
    }));

    test('race: the first fetch answers after a newer vote and cannot overwrite it', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      const ratings = await holdRatings(page);
      await open(page, server);
      const firstGet = await ratings.next('GET');
      const stale = await firstGet.fetch(); // the server's answer from before the vote…
      await radio(page, 5).check();
      await (await ratings.next('PUT')).continue();
      await page.getByRole('status').filter({ hasText: 'Din bedømmelse er gemt' }).waitFor();
      await firstGet.fulfill({ response: stale }); // …arrives after it
      await painted(page);
      await expectVote(page, server, 5);
      await page.getByText('1 bedømmelse · gennemsnit 5,0').waitFor();
      await page.unrouteAll({ behavior: 'wait' });
      await page.reload();
      await appReady(page);
      await expectVote(page, server, 5);
      await page.context().close();
    }));

    test('race: the first vote fails slowly, the second (sent after it) wins', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true;
      const ratings = await holdRatings(page);
      await open(page, server);
      await (await ratings.next('GET')).continue();
      await radio(page, 3).check();
      const first = await ratings.next('PUT');
      await radio(page, 1).check();
      await radio(page, 2).check();
      assert.equal(await shownVote(page), 2, 'the newest choice shows at once');
      await first.abort('connectionreset');
      await (await ratings.next('PUT')).continue();
      await page.getByRole('status').filter({ hasText: 'Din bedømmelse er gemt' }).waitFor();
      await expectVote(page, server, 2);
      assert.deepEqual(ratings.sent.filter((r) => r.method === 'PUT').map((r) => r.value), [3, 2],
        'one request at a time; the choice overtaken while waiting is never sent');
      await page.unrouteAll({ behavior: 'wait' });
      await page.reload();
      await appReady(page);
      await expectVote(page, server, 2);
      await page.context().close();
    }));

    test('race: the first vote is stored, the second is refused: back to the first', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true;
      const ratings = await holdRatings(page);
      await open(page, server);
      await (await ratings.next('GET')).continue();
      await radio(page, 4).check();
      const first = await ratings.next('PUT');
      await radio(page, 1).check();
      await first.continue();
      await (await ratings.next('PUT')).fulfill({ status: 422, contentType: 'application/json', body: '{"error":{"code":"value_out_of_range","message":"no"}}' });
      await page.getByRole('status').filter({ hasText: 'Din bedømmelse blev ikke gemt' }).waitFor();
      await (await ratings.next('GET')).continue(); // the widget asks what was stored
      await expectVote(page, server, 4);
      await page.unrouteAll({ behavior: 'wait' });
      await page.reload();
      await appReady(page);
      await expectVote(page, server, 4);
      await page.context().close();
    }));

    test('race: slow answers in order, the newest intent wins', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      const ratings = await holdRatings(page);
      await open(page, server);
      await (await ratings.next('GET')).continue();
      await radio(page, 5).check();
      const first = await ratings.next('PUT');
      const stored = await first.fetch();
      await radio(page, 2).check();
      await page.getByRole('button', { name: 'Fjern min bedømmelse' }).click();
      await radio(page, 3).check();
      await first.fulfill({ response: stored });
      await (await ratings.next('PUT')).continue();
      await page.getByRole('status').filter({ hasText: 'Din bedømmelse er gemt' }).waitFor();
      await expectVote(page, server, 3);
      assert.deepEqual(ratings.sent.map((r) => `${r.method} ${r.value}`), ['GET null', 'PUT 5', 'PUT 3']);
      await page.context().close();
    }));
  });

  describe(`comments on ${name}`, () => {
    test('post a comment, reload, it is there, delete it', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      await open(page, server);
      const text = `Dejligt initiativ fra ${name}! Læs mere på https://example.org/${name}`;
      await page.getByRole('textbox', { name: 'Navn' }).fill('Birthe');
      await page.getByRole('textbox', { name: 'Kommentar' }).fill(text);
      await page.getByText(`${text.length} / 4000 tegn`).waitFor();
      await page.getByRole('button', { name: 'Send kommentar' }).click();
      await page.getByRole('status').filter({ hasText: 'Din kommentar er sendt' }).waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Kommentar' }).inputValue(), '');

      await page.reload();
      await appReady(page);
      const item = page.getByRole('listitem').filter({ hasText: `Dejligt initiativ fra ${name}` });
      await item.waitFor();
      await item.getByRole('link', { name: `https://example.org/${name}` }).waitFor();
      assert.equal(await item.getByRole('link').getAttribute('rel'), 'nofollow ugc noopener noreferrer');
      assert.equal(await page.getByRole('textbox', { name: 'Navn' }).inputValue(), 'Birthe', 'name remembered');
      await item.getByRole('button', { name: 'Slet' }).click();
      await page.getByRole('status').filter({ hasText: 'Din kommentar er slettet' }).waitFor();
      await page.reload();
      await appReady(page);
      await page.getByRole('heading', { name: 'Kommentarer (0)' }).waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }));

    test('comments are a keyed list: adding or deleting one leaves the others\' elements alone', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      await open(page, server);
      await page.getByRole('textbox', { name: 'Navn' }).fill('Aase');
      for (const text of ['Første kommentar', 'Anden kommentar']) {
        await page.getByRole('textbox', { name: 'Kommentar' }).fill(text);
        await page.getByRole('button', { name: 'Send kommentar' }).click();
        // Sent: the reader's own comment (with "Slet"), no longer the copy waiting in the outbox.
        await page.locator('.comment-list > li').filter({ hasText: text }).getByRole('button', { name: 'Slet' }).waitFor();
      }
      const second = await page.locator('.comment-list > li').filter({ hasText: 'Anden kommentar' }).elementHandle();
      await page.getByRole('textbox', { name: 'Kommentar' }).fill('Tredje kommentar');
      await page.getByRole('button', { name: 'Send kommentar' }).click();
      await page.getByRole('heading', { name: 'Kommentarer (3)' }).waitFor();
      await page.locator('.comment-list > li').filter({ hasText: 'Første kommentar' }).getByRole('button', { name: 'Slet' }).click();
      await page.getByRole('heading', { name: 'Kommentarer (2)' }).waitFor();
      // A list rebuilt by position would now show the third comment in this element.
      assert.equal(await second.evaluate((li) => li.isConnected), true, 'the second comment keeps its element');
      assert.match(await second.evaluate((li) => li.querySelector('.comment-body').textContent), /^Anden kommentar$/);
      await page.context().close();
    }));

    test('load more comments: the next page is added once, the shown ones stay', () => withServer({ extraArgs: ['--comment-rate', '200/600'] }, async (server) => {
      const issued = await fetch(`${server.url}/api/readers`, { method: 'POST' });
      assert.equal(issued.status, 201);
      const { reader } = await issued.json();
      for (let i = 1; i <= 53; i++) {
        const response = await fetch(`${server.url}/api/articles/${ARTICLE}/comments`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ reader, name: `Beboer ${i}`, body: `Kommentar nummer ${i}` }),
        });
        assert.equal(response.status, 201, await response.text());
      }
      const page = await newPage(browser, viewport);
      await open(page, server);
      await page.getByRole('heading', { name: 'Kommentarer (50)' }).waitFor();
      const first = await page.locator('.comment-list > li').first().elementHandle();
      const more = page.getByRole('button', { name: 'Vis flere kommentarer' });
      await more.click();
      await page.getByRole('heading', { name: 'Kommentarer (53)' }).waitFor();
      await more.waitFor({ state: 'detached' });
      const bodies = await page.locator('.comment-list .comment-body').allTextContents();
      assert.deepEqual(bodies, Array.from({ length: 53 }, (_, i) => `Kommentar nummer ${i + 1}`));
      assert.equal(await first.evaluate((li) => li.isConnected), true, 'the first page was not rebuilt');
      await page.context().close();
    }));

    test('a delete the server refuses: the comment stays and the reader is told why', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true;
      await open(page, server);
      await page.getByRole('textbox', { name: 'Navn' }).fill('Ole');
      await page.getByRole('textbox', { name: 'Kommentar' }).fill('Den her bliver');
      await page.getByRole('button', { name: 'Send kommentar' }).click();
      const item = page.getByRole('listitem').filter({ hasText: 'Den her bliver' });
      await item.getByRole('button', { name: 'Slet' }).waitFor();
      // The secret kept in this browser no longer matches the server's.
      await page.evaluate(() => {
        const key = 'beboerblad.mine-kommentarer.v1';
        const secrets = JSON.parse(localStorage.getItem(key));
        for (const id of Object.keys(secrets)) secrets[id] = 'f'.repeat(secrets[id].length);
        localStorage.setItem(key, JSON.stringify(secrets));
      });
      await page.reload();
      await appReady(page);
      await item.getByRole('button', { name: 'Slet' }).click();
      await page.getByRole('status').filter({ hasText: 'Kommentaren blev ikke slettet: Du kan kun slette dine egne kommentarer' }).waitFor();
      await item.waitFor();
      await page.reload();
      await appReady(page);
      await page.getByRole('heading', { name: 'Kommentarer (1)' }).waitFor();
      await page.context().close();
    }));

    test('server down: the comment waits in the list, survives a reload and is sent once the server is back', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true;
      await open(page, server);
      let down = true;
      await page.route('**/api/**', (route) => (down ? route.abort('connectionrefused') : route.continue()));
      const text = `Skrevet fra ${name}: husk fællesspisningen på torsdag.`;
      await page.getByRole('textbox', { name: 'Navn' }).fill('Ole');
      await page.getByRole('textbox', { name: 'Kommentar' }).fill(text);
      await page.getByRole('button', { name: 'Send kommentar' }).click();
      await page.getByRole('status').filter({ hasText: 'Der er ingen forbindelse til bladets server. Kommentaren er gemt og sendes, når forbindelsen er tilbage.' }).waitFor();
      const item = page.getByRole('listitem').filter({ hasText: text });
      await item.getByText('Venter på forbindelse – sendes automatisk').waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Kommentar' }).inputValue(), '', 'the form is free for the next one');

      await page.reload();
      await appReady(page);
      await item.getByText('Venter på forbindelse – sendes automatisk').waitFor();
      down = false;
      // Sent again by itself (a timer: no `online` event comes when only the server was away).
      await page.getByRole('status').filter({ hasText: 'Din kommentar er sendt' }).waitFor();
      await item.getByRole('button', { name: 'Slet' }).waitFor();
      await page.getByRole('heading', { name: 'Kommentarer (1)' }).waitFor();
      const stored = await (await fetch(`${server.url}/api/articles/${ARTICLE}/comments`)).json();
      assert.deepEqual(stored.comments.map((c) => c.body), [text]);
      await page.context().close();
    }));

    test('an answer that is not JSON is reported as such, not as a lost connection', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      await open(page, server);
      await page.route('**/api/**/comments', (route) => (route.request().method() === 'POST'
        ? route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Wi-Fi login</title>' })
        : route.continue()));
      await page.getByRole('textbox', { name: 'Navn' }).fill('Ole');
      await page.getByRole('textbox', { name: 'Kommentar' }).fill('Virker det?');
      await page.getByRole('button', { name: 'Send kommentar' }).click();
      await page.getByRole('status').filter({ hasText: 'Bladets server svarede noget uventet. Kommentaren er gemt og sendes igen om lidt.' }).waitFor();
      assert.equal(await page.getByText('ingen forbindelse').count(), 0);
      // The text is kept (it may or may not have arrived: sent again under its key, it is stored once).
      const item = page.getByRole('listitem').filter({ hasText: 'Virker det?' });
      await item.getByText('Venter på bladets server – sendes automatisk').waitFor();
      await page.unroute('**/api/**/comments');
      await item.getByRole('button', { name: 'Slet' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Din kommentar er sendt' }).waitFor();
      await page.context().close();
    }));

    test('too many comments: a Danish message with the wait, the draft kept', () => withServer({}, async (server) => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true;
      await open(page, server);
      await page.route('**/api/**/comments', (route) => (route.request().method() === 'POST'
        ? route.fulfill({ status: 429, headers: { 'Retry-After': '120', 'Content-Type': 'application/json' }, body: '{"error":{"code":"rate_limited","message":"slow down"}}' })
        : route.continue()));
      await page.getByRole('textbox', { name: 'Navn' }).fill('Ole');
      await page.getByRole('textbox', { name: 'Kommentar' }).fill('Endnu en kommentar');
      await page.getByRole('button', { name: 'Send kommentar' }).click();
      await page.getByRole('status').filter({ hasText: 'Prøv igen om 2 minutter' }).waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Kommentar' }).inputValue(), 'Endnu en kommentar');
      await page.getByRole('textbox', { name: 'Navn' }).fill('');
      await page.unroute('**/api/**/comments');
      await page.getByRole('button', { name: 'Send kommentar' }).click();
      await page.getByRole('status').filter({ hasText: 'Skriv dit navn.' }).waitFor();
      await page.context().close();
    }));
  });
}
