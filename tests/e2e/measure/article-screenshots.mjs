// Takes README's pictures of the article page from the real server and the real build:
// a desktop (1280×800) at the top of an article, with the side column beside it, and a
// phone (390×844) at the blocks under the article (source, copyright, contact, then the
// side column's lists). The reader's lists hold a few demo articles, as a reader's would.
// They are committed into docs/; run again after a change to how the article page looks
// (needs `bash scripts/build.sh` first and Pillow in .venv for the palette PNGs):
//   node measure/article-screenshots.mjs
import { join } from 'node:path';
import { DESKTOP, PHONE, ROOT, appReady } from '../lib/harness.js';
import { shootAll } from './shoot.mjs';

const ARTICLE = '/artikel/ny-legeplads-aabner-i-afdeling-4';
const SAVED = [
  ['sommerfest-i-gaarden-samlede-300-beboere', 'Sommerfest i gården samlede 300 beboere'],
  ['fotoudstilling-mine-naboer', 'Fotoudstilling: Mine naboer'],
  ['hoejbede-i-afdeling-2', 'Højbede i afdeling 2'],
].map(([id, title], i) => ({ id, title, at: 1_700_000_000_000 - i * 1000 }));
const SHOTS = [
  { file: 'article-desktop.png', viewport: { ...DESKTOP, deviceScaleFactor: 1 }, at: null },
  { file: 'article-phone.png', viewport: { ...PHONE, deviceScaleFactor: 1 }, at: 'Kilde' },
];
const OUT = join(ROOT, 'docs');

await shootAll(SHOTS, OUT, async (page, url, { at }) => {
  await page.addInitScript((json) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('beboerblad.bogmaerker.v1', json);
    localStorage.setItem('beboerblad.seneste.v1', json);
  }, JSON.stringify(SAVED));
  await page.goto(url + ARTICLE);
  await appReady(page);
  await page.getByRole('region', { name: 'Mine seneste artikler' }).getByRole('listitem').nth(SAVED.length).waitFor();
  if (at) {
    const box = await page.getByRole('complementary', { name: at }).boundingBox();
    await page.evaluate((y) => window.scrollTo(0, y - 16), box.y + await page.evaluate(() => window.scrollY));
  }
});
