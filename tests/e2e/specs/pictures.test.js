// Pictures as a phone needs them: the server's WebP copies at the width the screen shows
// (srcset/sizes), never the original JPEG, the first picture fetched early; the same
// markup after the app has taken over and after navigating inside it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP, PHONE, ROOT, appReady, launch, newPage, startServer } from '../lib/harness.js';
import { NETWORKS, SLOW_PHONE, throttle } from '../lib/profiles.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const ID = 'ny-legeplads-aabner-i-afdeling-4';
const ORIGINAL = `/images/${ID}.jpg`;

/**
 * Every picture response of the page: path → { type, bytes }. `settled()` waits for the
 * bodies still being read: call it before closing the page (a body read after the close
 * fails outside any test).
 */
function recordPictures(page) {
  const seen = new Map();
  const reading = [];
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'image') return;
    reading.push(r.body().then((body) => {
      seen.set(new URL(r.url()).pathname, { type: r.headers()['content-type'], bytes: body.length });
    }));
  });
  seen.settled = () => Promise.all(reading);
  return seen;
}

/** Opens the article on a `viewport` with its picture responses recorded (see
 * `recordPictures`), once the app has taken over. */
async function openArticle(viewport) {
  const page = await newPage(browser, viewport);
  const pictures = recordPictures(page);
  await page.goto(server.url + `/artikel/${ID}`);
  await appReady(page);
  return { page, pictures };
}

/** The address the picture `img` (a locator) was taken from, once it is scrolled to and
 * its pixels are in. */
async function shownSource(img) {
  await img.scrollIntoViewIfNeeded();
  await img.page().waitForFunction((i) => i.complete && i.naturalWidth > 0, await img.elementHandle());
  return new URL(await img.evaluate((i) => i.currentSrc)).pathname;
}

/** The hero picture once its pixels are in: the address it was taken from. */
const heroSource = (page) => shownSource(page.locator('.hero img'));

/** `card` (a list item) as a phone shows a card with a thumbnail: its picture 7.5rem wide
 * beside the title, from the 240 copy (210 device pixels at 1.75), and no lead. */
async function assertThumbnail(card) {
  const thumbnail = card.locator('img');
  assert.match(await shownSource(thumbnail), /^\/billede\/240\/images\//);
  const picture = await thumbnail.boundingBox();
  const title = await card.getByRole('heading').boundingBox();
  assert.equal(Math.round(picture.width), 120);
  assert.ok(picture.x + picture.width <= title.x, `the thumbnail (${JSON.stringify(picture)}) is beside the title (${JSON.stringify(title)})`);
  assert.equal(await card.locator('.card-summary').isVisible(), false);
}

/** `card` (a list item) with its picture across it and its lead; the picture's width. */
async function assertAcross(card) {
  const picture = await card.locator('img').boundingBox();
  const box = await card.boundingBox();
  assert.ok(Math.abs(picture.width - box.width) <= 2, `picture ${picture.width} px wide in a card of ${box.width}`);
  assert.equal(await card.locator('.card-summary').isVisible(), true);
  return picture.width;
}

describe('the article picture', () => {
  test('a phone gets the WebP copy for its screen, not the original JPEG', async () => {
    const { page, pictures } = await openArticle(PHONE);
    // 390 px wide, 2 device pixels each: the 800 copy (the original is 800 wide).
    assert.equal(await heroSource(page), `/billede/800${ORIGINAL}`);
    const copy = await waitFor(() => pictures.get(`/billede/800${ORIGINAL}`));
    assert.equal(copy.type, 'image/webp');
    const original = statSync(join(ROOT, 'content', ORIGINAL)).size;
    assert.ok(copy.bytes < original, `the copy (${copy.bytes} bytes) is smaller than the original (${original})`);
    assert.equal(pictures.has(ORIGINAL), false, 'the original JPEG was downloaded too');
    // The picture is fetched early and reserves its place.
    const img = page.locator('.hero img');
    assert.equal(await img.getAttribute('fetchpriority'), 'high');
    assert.equal(await img.getAttribute('loading'), null);
    assert.deepEqual([await img.getAttribute('width'), await img.getAttribute('height')], ['800', '450']);

    // Further down, the cover in the source box: lazy, and the smallest copy (4.5rem at 2×: 144 pixels).
    const cover = page.getByRole('complementary', { name: 'Kilde' }).getByRole('img');
    assert.equal(await cover.getAttribute('loading'), 'lazy');
    assert.match(await shownSource(cover), /^\/billede\/240\/images\/forside-/);
    assert.deepEqual(page.problems, []);
    await pictures.settled();
    await page.context().close();
  });

  test('a cheap phone gets the copies its screen needs: 680 at the top, thumbnails under "Læs også"', async () => {
    // 412 px at 1.75: a 380 px column is 665 device pixels. With only 400 and 800 the
    // browser takes the 800 copy; the 680 copy is enough and smaller.
    const { page, pictures } = await openArticle(SLOW_PHONE);
    assert.equal(await heroSource(page), `/billede/680${ORIGINAL}`);
    const copy = await waitFor(() => pictures.get(`/billede/680${ORIGINAL}`));
    assert.equal(copy.type, 'image/webp');
    // "Læs også": a thumbnail beside each title; title, section, date and bookmark button
    // only, the lead is left out on a phone.
    await assertThumbnail(page.getByRole('region', { name: 'Læs også' }).getByRole('listitem').first());
    assert.equal([...pictures.keys()].some((p) => p.startsWith('/billede/800/')), false, [...pictures.keys()].join(', '));
    assert.deepEqual(page.problems, []);
    await pictures.settled();
    await page.context().close();
  });

  test('"Læs også" keeps its pictures across the card and its leads from 40rem (desktop)', async () => {
    const page = await newPage(browser, DESKTOP);
    await page.goto(server.url + `/artikel/${ID}`);
    await appReady(page);
    const width = await assertAcross(page.getByRole('region', { name: 'Læs også' }).getByRole('listitem').first());
    assert.ok(width > 250, `${width}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('pictures rendered by the app after navigating name the copies too (desktop)', async () => {
    const page = await newPage(browser, DESKTOP);
    await page.goto(server.url + `/artikel/${ID}`);
    await appReady(page);
    const link = page.getByRole('region', { name: 'Læs også' }).getByRole('heading').getByRole('link').first();
    const title = (await link.textContent()).trim();
    const href = await link.getAttribute('href');
    await link.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const id = href.split('/').pop();
    // A 640 px column on a 1× screen: the 680 copy, the smallest that fills it.
    assert.equal(await heroSource(page), `/billede/680/images/${id}.jpg`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('the front page', () => {
  test('a cheap phone: the cover\'s 240 copy, each section\'s first card across, the others as thumbnails', async () => {
    const page = await newPage(browser, SLOW_PHONE);
    const pictures = recordPictures(page);
    await page.goto(server.url + '/');
    await appReady(page);
    // The current issue's cover stands in an 8.5rem column: 238 device pixels, the 240 copy.
    const cover = page.getByRole('region', { name: 'Nyeste blad' }).locator('img');
    assert.match(await shownSource(cover), /^\/billede\/240\/images\/forside-/);
    const cards = page.getByRole('region', { name: 'Nyt fra afdelingerne' }).getByRole('listitem');
    // The section's first card: its picture across the card (the page's LCP), and its lead.
    assert.match(await shownSource(cards.first().locator('img')), /^\/billede\/680\/images\//);
    await assertAcross(cards.first());
    // The next: a thumbnail beside the title, no lead.
    await assertThumbnail(cards.nth(1));
    // Each section opens with a card across: the first card of the next section too.
    const second = page.locator('.front-section').nth(1).getByRole('listitem').first().locator('img');
    assert.match(await shownSource(second), /^\/billede\/680\/images\//);
    assert.equal([...pictures.keys()].some((p) => p.startsWith('/billede/800/') || p.startsWith('/billede/400/')), false, [...pictures.keys()].join(', '));
    assert.deepEqual(page.problems, []);
    await pictures.settled();
    await page.context().close();
  });

  test('from 40rem (desktop) every card keeps its picture across and its lead', async () => {
    const page = await newPage(browser, DESKTOP);
    await page.goto(server.url + '/');
    await appReady(page);
    const cards = page.getByRole('region', { name: 'Nyt fra afdelingerne' }).getByRole('listitem');
    assert.ok(await cards.count() >= 2);
    for (const card of [cards.first(), cards.nth(1)]) await assertAcross(card);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a slow phone fetches the pictures of sections further down when the reader scrolls near them', async () => {
    const page = await newPage(browser, SLOW_PHONE);
    // On a slow network the browser's lazy loading reaches further ahead.
    await throttle(page.context(), page, { network: NETWORKS[0] });
    const pictures = recordPictures(page);
    await page.goto(server.url + '/');
    await appReady(page);
    await page.waitForLoadState('networkidle');
    // The third section starts three screens down: the browser's lazy loading alone
    // fetches its pictures with the page's first ones, beside the app's download.
    const third = page.locator('.front-section').nth(2);
    const originals = await third.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')));
    assert.ok(originals.length >= 2, `${originals}`);
    const fetched = () => [...pictures.keys()].filter((p) => originals.some((o) => p.endsWith(o)));
    assert.deepEqual(fetched(), [], 'pictures of the third section fetched before the reader scrolled');
    await third.getByRole('heading', { level: 2 }).scrollIntoViewIfNeeded();
    assert.match(await shownSource(third.getByRole('listitem').first().locator('img')), /^\/billede\/\d+\/images\//);
    assert.ok(fetched().length >= 1);
    // Once the reader has scrolled past every section, each has been drawn and keeps its
    // size: the content stands where it stood, a heading 1.5rem (24 px) below the end of
    // the section before, its cards as wide as the first section's and where they are.
    const sections = page.locator('.front-section');
    for (let i = 3; i < await sections.count(); i += 1) {
      await shownSource(sections.nth(i).getByRole('listitem').last().locator('img'));
    }
    const layout = await page.locator('.front-section').evaluateAll((sections) => sections.map((s) => {
      const cards = s.querySelector('.cards').getBoundingClientRect();
      return {
        top: s.querySelector('h2').getBoundingClientRect().top,
        bottom: s.lastElementChild.getBoundingClientRect().bottom,
        left: cards.left,
        width: cards.width,
      };
    }));
    const gaps = layout.slice(1).map((s, i) => Math.round(s.top - layout[i].bottom));
    assert.deepEqual(gaps, gaps.map(() => 24));
    assert.deepEqual(layout.map((s) => [s.left, s.width]), layout.map(() => [layout[0].left, layout[0].width]));
    assert.deepEqual(page.problems, []);
    await pictures.settled();
    await page.context().close();
  });

  test('an issue\'s own page on a cheap phone: its cover (an 8rem column) from the 240 copy', async () => {
    const front = await newPage(browser, SLOW_PHONE);
    await front.goto(server.url + '/');
    const href = await front.getByRole('region', { name: 'Nyeste blad' }).getByRole('link', { name: 'Se indholdet' }).getAttribute('href');
    await front.context().close();
    // Opened afresh: no copy of the cover in the browser's cache from the front page.
    const page = await newPage(browser, SLOW_PHONE);
    await page.goto(server.url + href);
    await appReady(page);
    assert.match(await shownSource(page.locator('.issue-head img')), /^\/billede\/240\/images\/forside-/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

/** Polls `read` until it returns something (the response handler is asynchronous). */
async function waitFor(read, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
