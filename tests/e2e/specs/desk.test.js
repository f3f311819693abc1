// The editors' desk at /redaktion: an editor (made with the real `add-editor` command)
// signs in, moderates comments while a reader watches from another browser context,
// reads the feedback figures and downloads them as CSV. Wrong passwords, forms without
// their CSRF token and visitors who are not signed in get nowhere. No JavaScript on the
// desk: it is plain HTML forms. Every test has a server (and so a database) of its own.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DESKTOP, VIEWPORTS, appReady, axeViolations, launch, newPage, withServer, workerControls } from '../lib/harness.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const EDITOR = { name: 'Hanne', password: 'grøn-postkasse-42' };
const ARTICLE = 'ny-legeplads-aabner-i-afdeling-4';
const TITLE = 'Ny legeplads åbner i afdeling 4';

/** A comment written through the real API by a new reader; its id. */
async function comment(server, name, body) {
  const { reader } = await (await fetch(`${server.url}/api/readers`, { method: 'POST' })).json();
  const response = await fetch(`${server.url}/api/articles/${ARTICLE}/comments`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reader, name, body }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()).comment.id;
}

/** A rating by a new reader through the real API. */
async function rate(server, value) {
  const { reader } = await (await fetch(`${server.url}/api/readers`, { method: 'POST' })).json();
  const response = await fetch(`${server.url}/api/articles/${ARTICLE}/rating`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reader, value }),
  });
  assert.equal(response.status, 200, await response.clone().text());
}

/** The comment texts a reader gets from the API now. */
async function readable(server) {
  const { comments } = await (await fetch(`${server.url}/api/articles/${ARTICLE}/comments`)).json();
  return comments.map((c) => c.body);
}

async function signIn(page, server, { name, password } = EDITOR) {
  await page.goto(`${server.url}/redaktion`);
  await page.getByLabel('Navn').fill(name);
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind' }).click();
}

/** The comment's box on the desk, by writer. */
function commentBox(page, name) {
  return page.getByRole('article', { name: `Kommentar fra ${name} til ${TITLE}` });
}

/** Reloads the reader's article page and returns the comment texts it shows, once taken over. */
async function readerSees(page, server, count) {
  await page.goto(`${server.url}/artikel/${ARTICLE}`);
  await appReady(page);
  await page.getByRole('heading', { name: `Kommentarer (${count})` }).waitFor();
  return page.locator('.comment-list .comment-body').allTextContents();
}

test('an editor moderates comments, reads the feedback and downloads it as CSV', () => withServer({ editors: [EDITOR] }, async (server) => {
  await comment(server, 'Ann', 'Første kommentar');
  await comment(server, 'Bent', 'Anden kommentar');
  for (const value of [4, 5, 4]) await rate(server, value);

  const reader = await newPage(browser, DESKTOP);
  assert.deepEqual(await readerSees(reader, server, 2), ['Første kommentar', 'Anden kommentar']);

  const desk = await newPage(browser, DESKTOP);
  await signIn(desk, server);
  await desk.getByRole('heading', { level: 1, name: 'Kommentarer' }).waitFor();
  assert.match(await desk.getByText('Logget ind som').textContent(), /Hanne/);

  // Hide: one click; gone for the reader (server page and the app) at once.
  await commentBox(desk, 'Ann').getByRole('button', { name: 'Skjul' }).click();
  await desk.getByRole('status').filter({ hasText: 'Kommentaren er skjult for læserne.' }).waitFor();
  await commentBox(desk, 'Ann').getByText('Skjult for læserne').waitFor();
  assert.deepEqual(await readerSees(reader, server, 1), ['Anden kommentar']);
  assert.deepEqual(await readable(server), ['Anden kommentar']);

  // Only the hidden ones, then show it again, with the keyboard.
  await desk.getByLabel('Kun skjulte').check();
  await desk.getByRole('button', { name: 'Vis', exact: true }).click();
  await desk.waitForURL(/skjulte=1/);
  assert.equal(await desk.getByRole('article').count(), 1);
  await commentBox(desk, 'Ann').getByRole('button', { name: 'Vis igen' }).focus();
  await desk.keyboard.press('Enter');
  await desk.getByRole('status').filter({ hasText: 'Kommentaren vises igen for læserne.' }).waitFor();
  assert.deepEqual(await readerSees(reader, server, 2), ['Første kommentar', 'Anden kommentar']);

  // Delete another, after the page that asks.
  await desk.goto(`${server.url}/redaktion`);
  await commentBox(desk, 'Bent').getByRole('link', { name: 'Slet…' }).click();
  await desk.getByRole('heading', { name: 'Slet kommentaren?' }).waitFor();
  assert.deepEqual(await readable(server), ['Første kommentar', 'Anden kommentar'], 'asking deletes nothing');
  await desk.getByRole('button', { name: 'Ja, slet kommentaren' }).click();
  await desk.getByRole('status').filter({ hasText: 'Kommentaren er slettet.' }).waitFor();
  assert.equal(await commentBox(desk, 'Bent').count(), 0);
  assert.deepEqual(await readerSees(reader, server, 1), ['Første kommentar']);

  // The log says who did what.
  await desk.getByRole('navigation', { name: 'Redaktionen' }).getByRole('link', { name: 'Log' }).click();
  const rows = await desk.getByRole('table').getByRole('row').allTextContents();
  assert.equal(rows.length, 4, rows.join('\n'));
  for (const [row, action] of rows.slice(1).map((r, i) => [r, ['slettede', 'viste igen', 'skjulte'][i]])) {
    assert.match(row, new RegExp(`Hanne${action}nr\\. \\d+ til ${TITLE}`), row);
  }

  // The feedback: the article's distribution is the ratings cast (4, 5, 4).
  await desk.getByRole('link', { name: 'Tilbagemeldinger' }).click();
  await desk.getByRole('heading', { level: 1, name: 'Læsernes tilbagemeldinger' }).waitFor();
  const distribution = `Fordeling af bedømmelserne af «${TITLE}»: Øv - ikke god 0, Nogenlunde 0, OK 0, Cool - god artikel 2, Kan anbefales 1`;
  await desk.getByRole('img', { name: distribution, exact: true }).waitFor();
  const row = desk.getByRole('row').filter({ has: desk.getByRole('rowheader', { name: TITLE }) });
  const [ratings, average, , comments] = await row.getByRole('cell').allTextContents();
  assert.deepEqual([ratings, average, comments], ['3', '4,3', '1']);
  // Sorting is a link, so it works without JavaScript.
  await desk.getByRole('link', { name: /^Gennemsnit/ }).first().click();
  await desk.waitForURL(/sorter=gennemsnit&orden=op/);

  const [download] = await Promise.all([
    desk.waitForEvent('download'),
    desk.getByRole('link', { name: 'Hent som CSV-fil (til regneark)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'tilbagemeldinger.csv');
  const csv = (await readFile(await download.path(), 'utf8')).split('\n');
  assert.match(csv[0], /^\ufeffBlad;Artikel-id;Titel;Bedømmelser;Gennemsnit;Øv - ikke god;Nogenlunde;OK;Cool - god artikel;Kan anbefales;Kommentarer$/);
  assert.ok(csv.includes(`2024-04 maj;${ARTICLE};${TITLE};3;4,33;0;0;0;2;1;1`), csv.join('\n'));

  // Signing out ends it.
  await desk.getByRole('button', { name: 'Log ud' }).click();
  await desk.getByRole('status').filter({ hasText: 'Du er logget ud.' }).waitFor();
  await desk.goto(`${server.url}/redaktion/tilbagemeldinger`);
  await desk.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();
  assert.deepEqual([...desk.problems, ...reader.problems], []);
  await desk.context().close();
  await reader.context().close();
}));

test('a wrong password is refused, and after five the address is refused for a while', () => withServer({ editors: [EDITOR] }, async (server) => {
  const page = await newPage(browser, DESKTOP);
  page.allowErrors = true; // the 401 and 429 answers show on the console
  for (let i = 0; i < 5; i += 1) {
    await signIn(page, server, { name: EDITOR.name, password: 'forkert-kodeord' });
    await page.getByRole('alert').filter({ hasText: 'Forkert navn eller adgangskode.' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Log ud' }).count(), 0);
  }
  await signIn(page, server, { name: EDITOR.name, password: 'forkert-kodeord' });
  await page.getByText(/for mange forkerte adgangskoder.*Prøv igen om 15 minutter/).waitFor();
  await signIn(page, server);
  await page.getByText(/for mange forkerte adgangskoder/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Log ud' }).count(), 0, 'the right password is refused too');
  await page.context().close();
}));

test('a form sent without its CSRF token is refused and does nothing', () => withServer({ editors: [EDITOR] }, async (server) => {
  await comment(server, 'Ann', 'Første kommentar');
  const page = await newPage(browser, DESKTOP);
  page.allowErrors = true; // the 403 answer shows on the console
  await signIn(page, server);
  const hide = commentBox(page, 'Ann').getByRole('button', { name: 'Skjul' });
  await hide.waitFor();
  // As a forged form on another site would arrive: the session cookie, but no token.
  await page.locator('input[name="csrf"]').evaluateAll((inputs) => inputs.forEach((i) => i.remove()));
  await hide.click();
  await page.getByRole('heading', { name: 'Formularen kunne ikke bruges' }).waitFor();
  assert.deepEqual(await readable(server), ['Første kommentar']);
  // Nor does signing out without it.
  await page.goto(`${server.url}/redaktion`);
  await page.locator('input[name="csrf"]').evaluateAll((inputs) => inputs.forEach((i) => i.remove()));
  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.getByRole('heading', { name: 'Formularen kunne ikke bruges' }).waitFor();
  await page.goto(`${server.url}/redaktion`);
  await page.getByRole('button', { name: 'Log ud' }).waitFor();
  await page.context().close();
}));

test('the desk is unreachable without signing in: pages, actions and the CSV', () => withServer({ editors: [EDITOR] }, async (server) => {
  const id = await comment(server, 'Ann', 'Første kommentar');
  const page = await newPage(browser, DESKTOP);
  page.allowErrors = true;
  for (const path of ['/redaktion', '/redaktion/log', '/redaktion/tilbagemeldinger', `/redaktion/kommentarer/${id}/slet`]) {
    await page.goto(server.url + path);
    await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/redaktion', path);
    assert.equal(await page.getByText('Første kommentar').count(), 0, path);
  }
  const csv = await page.request.get(`${server.url}/redaktion/tilbagemeldinger.csv`, { maxRedirects: 0 });
  assert.equal(csv.status(), 303);
  assert.doesNotMatch(await csv.text(), /Bedømmelser/);
  for (const action of ['skjul', 'slet']) {
    const response = await page.request.post(`${server.url}/redaktion/kommentarer/${id}/${action}`, { form: { csrf: 'x' }, maxRedirects: 0 });
    assert.equal(response.status(), 403, action);
  }
  assert.deepEqual(await readable(server), ['Første kommentar']);
  await page.context().close();
}));

test('desk pages never go into the service worker\'s caches', () => withServer({ editors: [EDITOR] }, async (server) => {
  await comment(server, 'Ann', 'Første kommentar');
  const page = await newPage(browser, DESKTOP, { serviceWorkers: 'allow' });
  await page.goto(`${server.url}/`);
  await appReady(page);
  await workerControls(page);
  await signIn(page, server);
  await page.getByRole('button', { name: 'Log ud' }).waitFor();
  await page.goto(`${server.url}/redaktion/log`);
  await page.getByRole('heading', { level: 1, name: 'Log over moderering' }).waitFor();
  // A reader's page visited after them is cached: by then the desk's would be too.
  await page.goto(`${server.url}/arkiv`);
  await appReady(page);
  const cached = () => page.evaluate(async () => {
    const paths = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
    }
    return paths;
  });
  await page.waitForFunction(async () => {
    for (const name of await caches.keys()) {
      if ((await (await caches.open(name)).keys()).some((r) => new URL(r.url).pathname === '/arkiv')) return true;
    }
    return false;
  }, null, { timeout: 10000 });
  assert.deepEqual((await cached()).filter((path) => path.startsWith('/redaktion')), []);
  await page.context().close();
}));

describe('axe on every desk page', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    test(`no violations (${name})`, () => withServer({ editors: [EDITOR] }, async (server) => {
      const id = await comment(server, 'Ann', 'Første kommentar');
      await rate(server, 4);
      const page = await newPage(browser, viewport);
      page.allowErrors = true;
      const found = [];
      await page.goto(`${server.url}/redaktion`);
      found.push(...await axeViolations(page, 'sign-in'));
      await signIn(page, server, { name: EDITOR.name, password: 'forkert-kodeord' });
      await page.getByRole('alert').waitFor();
      found.push(...await axeViolations(page, 'wrong password'));
      await signIn(page, server);
      await commentBox(page, 'Ann').getByRole('button', { name: 'Skjul' }).click();
      await page.getByRole('status').waitFor();
      found.push(...await axeViolations(page, 'comments'));
      for (const path of [`/kommentarer/${id}/slet`, '/log', '/tilbagemeldinger', '/findes-ikke']) {
        await page.goto(`${server.url}/redaktion${path}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        found.push(...await axeViolations(page, path));
      }
      await page.goto(`${server.url}/redaktion/log`);
      await page.locator('input[name="csrf"]').evaluateAll((inputs) => inputs.forEach((i) => i.remove()));
      await page.getByRole('button', { name: 'Log ud' }).click();
      await page.getByRole('heading', { name: 'Formularen kunne ikke bruges' }).waitFor();
      found.push(...await axeViolations(page, 'refused form'));
      assert.deepEqual(found, []);
      await page.context().close();
    }));
  }
});
