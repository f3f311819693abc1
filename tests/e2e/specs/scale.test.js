// The reader at archive scale (issue 12, "Feed at scale"): a server with a generated
// archive of 3,000 articles in 120 issues; front page → issue → article → section →
// its page 2 and back → /arkiv → /arkiv/2 inside the app. Each page fetches only its own page file (a few KB,
// the same whatever the archive's size): no request fetches the feed, its pages, or
// anything near the archive's size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWPORTS, appReady, axeViolations, launch, newPage, startServer } from '../lib/harness.js';

const ARTICLES = 3000;
const ISSUES = 120;
const SECTIONS = [['nyt', 'Nyt'], ['kultur', 'Kultur'], ['debat', 'Debat']];
/** Any one answer, and all of them together, stay far below the archive (about 3 MB). */
const ONE_MAX = 40_000;
const ALL_MAX = 150_000;

/** Newest first: article 0 is the newest. Original filler text. */
function archive() {
  const day = (n) => new Date(Date.UTC(2026, 0, 1) - n * 86_400_000).toISOString().slice(0, 10);
  const per = ARTICLES / ISSUES;
  const issues = Array.from({ length: ISSUES }, (_, i) => ({ id: `nr-${i}`, title: `Nummer ${ISSUES - i}`, date: day(i * per) }));
  const items = Array.from({ length: ARTICLES }, (_, a) => ({
    id: `artikel-${a}`,
    title: `Artikel nummer ${a} fra afdelingen`,
    summary: 'Et kort resumé om livet i boligafdelingen.',
    content_html: `<p>Første afsnit af artikel ${a}.</p>` + '<p>Naboerne mødes i fælleshuset og taler om haven.</p>'.repeat(15),
    date_published: day(a),
    _beboerblad: { issue: `nr-${Math.floor(a / per)}`, page: (a % per) + 1, section: SECTIONS[a % 3][0], related: [`artikel-${(a + 1) % ARTICLES}`] },
  }));
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1', title: 'Arkivbladet',
    _beboerblad: { publication: { name: 'Arkivbladet' }, issues, sections: SECTIONS.map(([id, name]) => ({ id, name })) },
    items,
  });
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`${name}: at 3,000 articles each page fetches only what it shows`, async () => {
    const feed = archive();
    const server = await startServer({
      prepare: (content) => {
        rmSync(join(content, 'feed'), { recursive: true, force: true });
        writeFileSync(join(content, 'feed.json'), feed);
      },
    });
    const browser = await launch();
    try {
      const page = await newPage(browser, viewport);
      const fetched = [];
      page.on('requestfinished', async (request) => {
        if (['fetch', 'xhr'].includes(request.resourceType())) {
          const sizes = await request.sizes();
          fetched.push({ path: new URL(request.url()).pathname, bytes: sizes.responseBodySize + sizes.responseHeadersSize });
        }
      });
      await page.goto(server.url + '/');
      await appReady(page);
      const heading = (text) => page.getByRole('heading', { level: 1, name: text }).waitFor();

      await page.getByRole('link', { name: 'Se indholdet' }).click();
      await heading(`Nummer ${ISSUES}`);
      await page.getByRole('main').getByRole('link', { name: 'Artikel nummer 0 fra afdelingen' }).click();
      await heading('Artikel nummer 0 fra afdelingen');
      await page.getByRole('region', { name: 'Læs også' }).getByRole('link', { name: 'Artikel nummer 1 fra afdelingen' }).waitFor();
      await page.getByRole('navigation', { name: 'Sektioner', exact: true }).getByRole('link', { name: 'Debat' }).click();
      await heading('Debat');
      // A section is paged as the archive is: its eight newest, then page 2 and back.
      const main = page.getByRole('main');
      const sectionPages = page.getByRole('navigation', { name: 'Sider i sektionen' });
      await sectionPages.getByText('Side 1 af 125').waitFor();
      assert.equal(await main.getByRole('article').count(), 8);
      await sectionPages.getByRole('link', { name: 'Ældre artikler →' }).click();
      await sectionPages.getByText('Side 2 af 125').waitFor();
      await heading('Debat');
      assert.equal(new URL(page.url()).pathname, '/sektion/debat/2');
      await main.getByRole('link', { name: 'Artikel nummer 26 fra afdelingen' }).waitFor();
      assert.equal(await main.getByRole('article').count(), 8);
      assert.deepEqual(await axeViolations(page, `/sektion/debat/2 at scale (${name})`), []);
      // The header still shows where the reader is: in Debat (page 1 is the current page,
      // this is a later page of it).
      const debat = page.getByRole('navigation', { name: 'Sektioner', exact: true }).getByRole('link', { name: 'Debat' });
      assert.equal(await debat.getAttribute('aria-current'), 'true');
      await sectionPages.getByRole('link', { name: '← Nyere artikler' }).click();
      await sectionPages.getByText('Side 1 af 125').waitFor();
      assert.equal(new URL(page.url()).pathname, '/sektion/debat');
      await main.getByRole('link', { name: 'Artikel nummer 2 fra afdelingen' }).waitFor();
      await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Alle artikler' }).click();
      await heading('Alle artikler');
      await page.getByText(`Side 1 af ${ARTICLES / 20}`).waitFor();
      await page.getByRole('link', { name: 'Ældre artikler →' }).click();
      await page.getByText(`Side 2 af ${ARTICLES / 20}`).waitFor();
      await page.getByRole('main').getByRole('link', { name: 'Artikel nummer 20 fra afdelingen' }).waitFor();
      assert.deepEqual(await axeViolations(page, `/arkiv/2 at scale (${name})`), []);
      assert.equal(await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Alle artikler' }).getAttribute('aria-current'), 'true');
      assert.equal(await debat.getAttribute('aria-current'), null);

      const paths = fetched.map((f) => f.path);
      for (const wanted of ['/feed/blad/nr-0.json', '/feed/artikel/artikel-0.json', '/feed/sektion/debat/1.json', '/feed/sektion/debat/2.json', '/feed/arkiv/1.json', '/feed/arkiv/2.json']) {
        assert.ok(paths.includes(wanted), `${wanted} was fetched: ${paths.join(', ')}`);
      }
      const whole = paths.filter((p) => p === '/feed.json' || /^\/feed\/\d+\.json$/.test(p));
      assert.deepEqual(whole, [], 'no page fetched the feed');
      for (const { path, bytes } of fetched) assert.ok(bytes < ONE_MAX, `${path}: ${bytes} bytes`);
      const total = fetched.reduce((sum, f) => sum + f.bytes, 0);
      assert.ok(total < ALL_MAX, `${total} bytes fetched in all (the archive is ${feed.length})`);
      assert.ok(feed.length > 20 * ALL_MAX, 'the archive is large enough for the bound to mean something');
      assert.deepEqual(page.problems, []);
      await page.context().close();
    } finally {
      await browser.close();
      await server.stop();
    }
  });
}
