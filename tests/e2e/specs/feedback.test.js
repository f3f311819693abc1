// Ratings and comments on an article: a reader's journeys against the real API and database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, appReady, launch, newPage, startServer } from '../lib/harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const ARTICLES = { phone: '/artikel/ny-legeplads-aabner-i-afdeling-4', desktop: '/artikel/sommerfesten-2024-program' };

async function open(page, path) {
  await page.goto(server.url + path);
  await appReady(page);
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`ratings and comments on ${name}`, () => {
    const path = ARTICLES[name];

    test('rate, change your mind, reload shows your choice and the distribution', async () => {
      const page = await newPage(browser, viewport);
      await open(page, path);
      const group = page.getByRole('radiogroup', { name: 'Bedøm artiklen' });
      await group.waitFor();
      const names = ['Øv - ikke god', 'Nogenlunde', 'OK', 'Cool - god artikel', 'Kan anbefales'];
      for (const n of names) await group.getByRole('radio', { name: n, exact: true }).waitFor();
      await page.getByText('Klik på en smiley - du kan skifte mening bagefter').waitFor();

      await group.getByRole('radio', { name: 'OK', exact: true }).check();
      await page.getByRole('status').filter({ hasText: 'Din bedømmelse er gemt' }).waitFor();
      await group.getByRole('radio', { name: 'Kan anbefales' }).check();
      await page.getByText('1 bedømmelse · gennemsnit 5,0').waitFor();

      await page.reload();
      await appReady(page);
      await page.waitForFunction(() => document.querySelector('input[type=radio][value="5"]')?.checked === true);
      assert.equal(await group.getByRole('radio', { name: 'OK', exact: true }).isChecked(), false);
      await page.getByText('1 bedømmelse · gennemsnit 5,0').waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test('a refused rating is rolled back with a Danish message', async () => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true;
      await open(page, path);
      await page.route('**/api/**/rating', (route) =>
        route.request().method() === 'PUT'
          ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"x"}}' })
          : route.continue());
      const radio = page.getByRole('radio', { name: 'Nogenlunde' });
      await radio.check({ force: true }).catch(() => {});
      await page.getByRole('status').filter({ hasText: 'Din bedømmelse blev ikke gemt' }).waitFor();
      await page.waitForFunction(() => document.querySelector('input[type=radio][value="2"]')?.checked === false);
      await page.context().close();
    });

    test('post a comment, reload, it is there, delete it', async () => {
      const page = await newPage(browser, viewport);
      await open(page, path);
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
      assert.equal(await item.getByRole('link').getAttribute('rel'), 'nofollow ugc noopener');
      assert.equal(await page.getByRole('textbox', { name: 'Navn' }).inputValue(), 'Birthe', 'name remembered');
      await item.getByRole('button', { name: 'Slet' }).click();
      await page.getByRole('status').filter({ hasText: 'Din kommentar er slettet' }).waitFor();
      await page.reload();
      await appReady(page);
      await page.getByRole('heading', { name: 'Kommentarer (0)' }).waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test('server down: the reader sees why, the draft survives a reload and posts once the server is back', async () => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true;
      await open(page, path);
      let down = true;
      await page.route('**/api/**', (route) => (down ? route.abort('connectionrefused') : route.continue()));
      const draft = `Kladde fra ${name}: husk fællesspisningen på torsdag.`;
      await page.getByRole('textbox', { name: 'Navn' }).fill('Ole');
      await page.getByRole('textbox', { name: 'Kommentar' }).fill(draft);
      await page.getByRole('button', { name: 'Send kommentar' }).click();
      await page.getByRole('status').filter({ hasText: 'ingen forbindelse til bladets server' }).waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Kommentar' }).inputValue(), draft);

      await page.reload();
      await appReady(page);
      await page.waitForFunction((d) => document.querySelector('#kommentar-tekst')?.value === d, draft);
      down = false;
      await page.getByRole('button', { name: 'Send kommentar' }).click();
      await page.getByRole('status').filter({ hasText: 'Din kommentar er sendt' }).waitFor();
      await page.getByRole('listitem').filter({ hasText: draft }).waitFor();
      await page.context().close();
    });

    test('too many comments: a Danish message with the wait, the draft kept', async () => {
      const page = await newPage(browser, viewport);
      page.allowErrors = true;
      await open(page, path);
      await page.route('**/api/**/comments', (route) => route.request().method() === 'POST'
        ? route.fulfill({ status: 429, headers: { 'Retry-After': '120', 'Content-Type': 'application/json' }, body: '{"error":{"code":"rate_limited","message":"slow down"}}' })
        : route.continue());
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
    });
  });
}
