// Takes README's screenshot of the editors' desk: the feedback view (Tilbagemeldinger) on
// a desktop, from the real server and the real build, with ratings and comments cast
// through the real API on the demo's newest issue. Writes docs/desk-feedback.png (run
// again after a change to how the desk looks; needs `bash scripts/build.sh` first):
//   node measure/desk-screenshot.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP, ROOT, launch, newPage, startServer } from '../lib/harness.js';
import { palette, shoot } from './shoot.mjs';

const OUT = join(ROOT, 'docs', 'desk-feedback.png');
const EDITOR = { name: 'Hanne', password: 'skærmbillede-kodeord' };

// Invented ratings (1–5) and comment counts for the newest issue's first articles.
const RATINGS = [[5, 5, 4, 4, 5, 3], [4, 3, 4, 2], [5, 4, 5, 5, 4], [2, 3, 1, 3], [4, 4, 5], [3, 4]];
const COMMENTS = [3, 1, 2, 0, 1, 0];

const server = await startServer({ editors: [EDITOR], extraArgs: ['--new-voters', '1000,1000,1000', '--reader-rate', '1000/60', '--comment-rate', '1000/60'] });
const browser = await launch();
try {
  const api = async (method, path, body) => {
    const response = await fetch(server.url + path, {
      method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const feed = JSON.parse(readFileSync(join(server.content, 'feed.json'), 'utf8'));
  const newest = feed.items[0]._beboerblad.issue;
  const articles = feed.items.filter((item) => item._beboerblad?.issue === newest).map((item) => item.id);
  for (const [i, values] of RATINGS.entries()) {
    for (const value of values) {
      const { reader } = await api('POST', '/api/readers');
      await api('PUT', `/api/articles/${articles[i]}/rating`, { reader, value });
    }
    for (let n = 0; n < COMMENTS[i]; n += 1) {
      const { reader } = await api('POST', '/api/readers');
      await api('POST', `/api/articles/${articles[i]}/comments`, { reader, name: 'Læser', body: `Kommentar ${n + 1}` });
    }
  }
  const page = await newPage(browser, { ...DESKTOP, deviceScaleFactor: 1 });
  await page.goto(`${server.url}/redaktion`);
  await page.getByLabel('Navn').fill(EDITOR.name);
  await page.getByLabel('Adgangskode').fill(EDITOR.password);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('button', { name: 'Log ud' }).waitFor();
  await page.goto(`${server.url}/redaktion/tilbagemeldinger`);
  await page.getByRole('heading', { level: 1, name: 'Læsernes tilbagemeldinger' }).waitFor();
  await shoot(page, OUT);
  await page.context().close();
} finally {
  await browser.close();
  await server.stop();
}
palette([OUT]);
