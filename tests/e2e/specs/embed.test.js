// Embedding: the reader inside the housing association's page on another origin
// (examples/host/ on http://localhost:PORT, the reader on http://127.0.0.1:PORT), with
// the real server, the real snippet and a real browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import axe from 'axe-core';
import { DESKTOP, PHONE, VIEWPORTS, appReady, expectCspViolation, launch, launchProfile, newPage, startServer } from '../lib/harness.js';
import { startHost } from '../../../examples/host/server.mjs';
import { comment, embedded, fit, fits, until } from '../lib/embedding.js';

const ARTICLE = 'ny-legeplads-aabner-i-afdeling-4';
/** Its body links to https://example.org/lektiecafe. */
const LINKED = 'lektiecafeen-aabner-igen';
/** Gets the comments of the growing test (no other test touches it). */
const DISCUSSED = 'bier-paa-taget-i-afdeling-5';

/** A host page with the snippet and the given data-… options. */
const snippet = (options) => `<!DOCTYPE html>
<html lang="da"><head><meta charset="utf-8"><title>Foreningen</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml"></head>
<body><main><h1>Foreningen</h1>
<div data-beboerblad data-title="Skræppebladet" ${options}></div>
<script src="{{READER}}embed.js" async></script>
</main></body></html>`;

let server, host, stranger, browser;
before(async () => {
  host = await startHost({
    reader: () => `${server.url}/`,
    pages: {
      '/tema.html': snippet('data-accent="#8A1C1C" data-link="#ffee88" data-background="rød" data-font="serif" data-heading-font="comic"'),
    },
  });
  server = await startServer({ extraArgs: ['--embed-origin', host.origin, '--comment-rate', '200/600'] });
  // The same page on an origin the reader was not told about.
  stranger = await startHost({ reader: () => `${server.url}/` });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
  await stranger?.close();
});

const param = (page) => new URL(page.url()).searchParams.get('blad');
const waitForParam = (page, value) => page.waitForFunction(
  (v) => new URLSearchParams(location.search).get('blad') === v, value, { timeout: 10000 });

test('the frame is as tall as its content: it grows and shrinks with it, and nothing scrolls inside', async () => {
  await comment(server, DISCUSSED, 53);
  const page = await newPage(browser, PHONE);
  await page.goto(`${host.url}?blad=/artikel/${DISCUSSED}`);
  const { element, frame } = await embedded(page);
  await frame.getByRole('heading', { name: 'Kommentarer (50)' }).waitFor();
  const article = await until(() => fit(element, frame), fits, 'the frame fits the article');

  await frame.getByRole('button', { name: 'Vis flere kommentarer' }).click();
  await frame.getByRole('heading', { name: 'Kommentarer (53)' }).waitFor();
  const grown = await until(() => fit(element, frame), (f) => fits(f) && f.outer > article.outer + 100,
    'the frame grew with the comments');

  await frame.getByRole('link', { name: 'Mine seneste' }).click();
  await frame.getByRole('heading', { level: 1, name: 'Mine seneste artikler' }).waitFor();
  await until(() => fit(element, frame), (f) => fits(f) && f.outer < grown.outer / 3, 'the frame shrank to the short page');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the reader's page is in the host's address: back and forward step through it, reload and a shared link return to it", async () => {
  const page = await newPage(browser, PHONE);
  await page.goto(host.url);
  let { frame } = await embedded(page);
  await frame.locator('h1.front-title').waitFor();
  assert.equal(param(page), null, 'the start page needs no parameter');

  await frame.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Alle artikler' }).click();
  await waitForParam(page, '/arkiv');
  // The archive's own cards: until its page is shown, the front page's are there.
  await frame.getByRole('heading', { level: 1, name: 'Alle artikler' }).waitFor();
  const card = frame.locator('.card-title a').nth(2);
  const title = await card.textContent();
  await card.click();
  await frame.getByRole('heading', { level: 1, name: title }).waitFor();
  const article = new URL(frame.url()).pathname;
  assert.match(article, /^\/artikel\/[a-z0-9-]+$/);
  await waitForParam(page, article);

  await page.evaluate(() => history.back());
  await waitForParam(page, '/arkiv');
  await frame.getByRole('heading', { level: 1, name: 'Alle artikler' }).waitFor();
  await page.evaluate(() => history.back());
  await page.waitForFunction(() => !new URLSearchParams(location.search).has('blad'));
  await frame.locator('h1.front-title').waitFor();
  await page.evaluate(() => history.forward());
  await waitForParam(page, '/arkiv');
  await page.evaluate(() => history.forward());
  await waitForParam(page, article);
  await frame.getByRole('heading', { level: 1, name: title }).waitFor();

  await page.reload();
  ({ frame } = await embedded(page));
  await frame.getByRole('heading', { level: 1, name: title }).waitFor();
  assert.equal(param(page), article);

  const shared = await newPage(browser, DESKTOP);
  await shared.goto(page.url());
  const { frame: sharedFrame } = await embedded(shared);
  await sharedFrame.getByRole('heading', { level: 1, name: title }).waitFor();
  assert.deepEqual([...page.problems, ...shared.problems], []);
  await page.context().close();
  await shared.context().close();
});

test('a new page in the frame is shown from its top, even when the host page was scrolled past it', async () => {
  const page = await newPage(browser, PHONE);
  await page.goto(`${host.url}?blad=/arkiv`);
  const { element, frame } = await embedded(page);
  await until(() => fit(element, frame), fits, 'the frame fits the archive');
  const last = frame.locator('.card-title a').last();
  await last.scrollIntoViewIfNeeded();
  const top = () => element.evaluate((f) => f.getBoundingClientRect().top);
  assert.ok(await top() < -500, 'the frame top is far above the view');
  await last.click();
  await page.waitForFunction(() => /^\/artikel\//.test(new URLSearchParams(location.search).get('blad') ?? ''));
  await until(top, (t) => Math.abs(t) <= 1, 'the frame top is scrolled into view');
  await page.context().close();
});

test("the snippet's colours and font apply; unreadable and unknown values do not", async () => {
  const page = await newPage(browser, DESKTOP);
  await page.goto(`${host.url}tema.html`);
  const { element, frame } = await embedded(page);
  const src = await element.getAttribute('src');
  assert.match(src, /[?&]accent=8a1c1c(&|$)/);
  assert.doesNotMatch(src, /background|heading-font/, 'values outside the allowlist are not passed on');
  const style = await frame.evaluate(() => {
    const root = getComputedStyle(document.documentElement);
    return {
      accent: root.getPropertyValue('--bb-accent').trim(),
      link: root.getPropertyValue('--bb-link').trim(),
      button: getComputedStyle(document.querySelector('.current-issue .button')).backgroundColor,
      font: getComputedStyle(document.body).fontFamily,
    };
  });
  assert.equal(style.accent, '#8a1c1c');
  assert.equal(style.button, 'rgb(138, 28, 28)', 'the accent colours the buttons');
  assert.equal(style.link, '#17543a', 'a link colour too pale to read is left at the reader\'s own');
  assert.match(style.font, /^Georgia/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('embedded: a compact bar instead of the site header; links that leave the reader open in the top window', async () => {
  const page = await newPage(browser, DESKTOP);
  await page.route('https://example.org/**', (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: '<!DOCTYPE html><html lang="da"><title>Lektiecaféen</title><h1>Lektiecaféen</h1></html>',
  }));
  await page.goto(`${host.url}?blad=/artikel/${LINKED}`);
  let { frame } = await embedded(page);
  assert.equal(await frame.getByRole('banner').count(), 0, 'no second site header');
  assert.equal(await frame.locator('.brand').isVisible(), false, 'no second publication name');
  assert.ok(await frame.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Forside' }).isVisible());
  const open = frame.getByRole('link', { name: 'Åbn i læseren' });
  assert.equal(await open.getAttribute('href'), `/artikel/${LINKED}`);

  await frame.getByRole('link', { name: 'lektiecaféens side' }).click();
  await page.waitForURL('https://example.org/lektiecafe');
  await page.getByRole('heading', { name: 'Lektiecaféen' }).waitFor();

  await page.goBack();
  ({ frame } = await embedded(page));
  await frame.getByRole('link', { name: 'Åbn i læseren' }).click();
  await page.waitForURL(`${server.url}/artikel/${LINKED}`);
  await appReady(page);
  assert.equal(await page.getByRole('banner').count(), 1, 'the full reader, in the top window');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the frame installs no service worker', async () => {
  const page = await newPage(browser, PHONE, { serviceWorkers: 'allow' });
  // Counts the app's registrations in every frame (each still registers for real).
  await page.context().addInitScript(() => {
    window.registrations = 0;
    const container = navigator.serviceWorker;
    const register = container?.register.bind(container);
    if (register) container.register = (...args) => { window.registrations += 1; return register(...args); };
  });
  await page.goto(host.url);
  const { frame } = await embedded(page);
  // The app registers right before it marks itself ready, so by now it would have.
  assert.equal(await frame.evaluate(() => window.registrations), 0);
  // The same reader on its own does register: the count above could have been 1.
  const full = await page.context().newPage();
  await full.goto(`${server.url}/`);
  await appReady(full);
  assert.equal(await full.evaluate(() => window.registrations), 1);
  await page.context().close();
});

test('compact, in a narrow column, from a start page, leaving the address alone', async () => {
  const page = await newPage(browser, DESKTOP);
  await page.goto(`${host.url}kompakt.html`);
  const { element, frame } = await embedded(page);
  await frame.getByRole('heading', { level: 1, name: /Nyt fra afdelingerne/ }).waitFor();
  assert.equal(await frame.locator('html[data-compact]').count(), 1);
  const pictures = await frame.locator('.card-image').evaluateAll((images) => images.map((i) => getComputedStyle(i).display));
  assert.ok(pictures.length > 0 && pictures.every((d) => d === 'none'), 'list cards without pictures');
  await frame.locator('.card-title a').first().click();
  await frame.locator('.article-head h1').waitFor();
  await until(() => fit(element, frame), fits, 'the frame fits the article');
  assert.equal(page.url(), `${host.url}kompakt.html`, 'data-url-param="" keeps the address as it is');
  await page.context().close();
});

/** Which of the embed note's sentences shows (see my_lists.rs `EmbedNote`). */
async function shownNote(frame) {
  const note = frame.locator('.embed-note');
  const shown = [];
  for (const kind of ['shared', 'separate', 'none']) {
    if (await note.locator(`[data-storage="${kind}"]`).isVisible()) shown.push(kind);
  }
  return shown;
}

test('where the browser gives frames no storage (a private window), the embed says the lists last only for the visit', async () => {
  const page = await newPage(browser, PHONE);
  await page.goto(`${host.url}?blad=/artikel/${ARTICLE}`);
  const { frame } = await embedded(page);
  assert.equal(await frame.locator('html').getAttribute('data-storage'), 'none');
  assert.equal(await frame.locator('.notice').textContent(), '', 'no notice on every page: the lists say it');

  const title = await frame.locator('.article-head h1').textContent();
  await frame.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke' }).click();
  await frame.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Mine bogmærker' }).click();
  await frame.locator('.saved-list').getByRole('link', { name: title }).waitFor();
  assert.deepEqual(await shownNote(frame), ['none']);
  assert.match(await frame.locator('.embed-note').textContent(), /huskes kun, til du lukker siden/);
  const open = frame.locator('.embed-note').getByRole('link', { name: 'Åbn i læseren' });
  assert.equal(await open.getAttribute('href'), '/mine/bogmaerker');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('where the browser lets frames keep storage, the lists outlast a reload, and the embed says whose they are', async () => {
  const profile = await launchProfile(PHONE, { thirdPartyCookies: true });
  const { page } = profile;
  await page.goto(`${host.url}?blad=/artikel/${LINKED}`);
  let { frame } = await embedded(page);
  const title = await frame.locator('.article-head h1').textContent();
  await frame.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke' }).click();
  await frame.locator('.article-head .bookmark[aria-pressed="true"]').waitFor();

  await page.reload();
  ({ frame } = await embedded(page));
  await frame.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Mine bogmærker' }).click();
  await frame.locator('.saved-list').getByRole('link', { name: title }).waitFor();
  // Chromium gives a frame the reader's own storage when it allows third-party cookies;
  // the note says so, and the full reader indeed shows the same list.
  assert.deepEqual(await shownNote(frame), ['shared']);
  const full = await page.context().newPage();
  await full.goto(`${server.url}/mine/bogmaerker`);
  await appReady(full);
  await full.locator('.saved-list').getByRole('link', { name: title }).waitFor();
  assert.deepEqual(page.problems, []);
  await profile.close();
});

test('a site that is not allowed cannot show the reader; its visitors get a link instead', async () => {
  const page = await newPage(browser, PHONE);
  page.allowErrors = true; // the browser logs the refused frame
  await page.goto(stranger.url);
  await expectCspViolation((v) => /frame-ancestors/.test(v), 15000);
  const failed = page.locator('[data-beboerblad-failed]');
  await failed.waitFor();
  assert.equal(await failed.getByRole('link', { name: 'Åbn bladet' }).getAttribute('href'), `${server.url}/`);
  assert.equal(await page.locator('[data-beboerblad] iframe').count(), 0);
  await page.context().close();
});

test("the host page listens to its own frame of the reader only", async () => {
  const page = await newPage(browser, DESKTOP);
  await page.goto(`${host.url}?blad=/arkiv`);
  const { element, frame } = await embedded(page);
  const settled = await until(() => fit(element, frame), fits, 'the frame fits the archive');
  await page.evaluate(({ reader, origin }) => {
    window.seen = [];
    addEventListener('message', (e) => window.seen.push(e.data?.path));
    // From the host page itself (not the reader's origin) …
    window.postMessage({ type: 'beboerblad:embed', version: 1, path: '/artikel/forfalsket', height: 7 }, '*');
    // … and from another frame of the reader, which reports a page and height of its own.
    const other = document.createElement('iframe');
    other.title = 'En anden ramme';
    other.src = `${reader}blad?embed=${encodeURIComponent(origin)}`;
    document.querySelector('main').append(other);
  }, { reader: `${server.url}/`, origin: host.origin });
  await page.waitForFunction(() => window.seen.includes('/artikel/forfalsket') && window.seen.includes('/blad'));
  assert.equal(param(page), '/arkiv');
  assert.equal(await element.evaluate((f) => f.getBoundingClientRect().height), settled.outer);
  await page.context().close();
});

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`axe: no violations in embed mode, the host page included (${name})`, async () => {
    const page = await newPage(browser, viewport);
    const found = [];
    const pages = ['/', '/blad', '/blad/2024-05', '/sektion/nyt', '/arkiv', `/artikel/${ARTICLE}`, '/mine/bogmaerker',
      '/mine/seneste', '/findes-ikke'].map((route) => `${host.url}?blad=${route}`);
    for (const url of [...pages, `${host.url}kompakt.html`]) {
      await page.goto(url);
      const { frame } = await embedded(page);
      // AxeBuilder gives a frame 1 s to take axe in, and skips it silently when that is
      // too short (a busy machine): in once beforehand, the second time is quick.
      await frame.evaluate(axe.source);
      const results = await new AxeBuilder({ page }).analyze();
      for (const v of results.violations) {
        found.push(`${url}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
      const inFrame = results.passes.some((p) => p.nodes.some((n) => n.target.length > 1));
      assert.ok(inFrame, `${url}: axe looked inside the frame`);
    }
    assert.deepEqual(found, []);
    await page.context().close();
  });
}
