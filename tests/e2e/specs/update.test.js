// A deploy while the reader has the app open: the new version is offered ("Ny version –
// opdater"), taken on the reader's word, and offline reading still works afterwards —
// also for an article stored by the old version (its files are kept while it needs them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DIST, ROOT, VIEWPORTS, appReady, launch, newPage, pictureLoaded, problemsBesidesOffline, startServer, workerControls,
} from '../lib/harness.js';

const STORED_BEFORE = 'laeserbrev-lad-os-spise-sammen-hele-aaret';
const STORED_BEFORE_TITLE = 'Læserbrev: Lad os spise sammen hele året';
const OPEN = 'ny-legeplads-aabner-i-afdeling-4';
const OPEN_TITLE = 'Ny legeplads åbner i afdeling 4';

/**
 * A second build of the app in a new directory: the same app with a changed stylesheet
 * (a new hashed name and integrity), and its own service worker made by the build's
 * own step (scripts/sw-build.mjs), as a deploy of new code would have.
 */
function secondBuild(first) {
  const dir = mkdtempSync(join(tmpdir(), 'beboerblad-build2-'));
  cpSync(first, dir, { recursive: true });
  const css = readdirSync(dir).find((f) => /^main-[0-9a-f]+\.css$/.test(f));
  const text = `${readFileSync(join(dir, css), 'utf8')}\n/* second build */\n`;
  const name = `main-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.css`;
  for (const old of [css, `${css}.br`, `${css}.gz`]) rmSync(join(dir, old), { force: true });
  writeFileSync(join(dir, name), text);
  const integrity = `sha384-${createHash('sha384').update(text).digest('base64')}`;
  const index = readFileSync(join(dir, 'index.html'), 'utf8')
    .replace(new RegExp(`${css}"([^>]*?)integrity="[^"]*"`), `${name}"$1integrity="${integrity}"`);
  assert.ok(index.includes(name) && index.includes(integrity), 'the second build links its stylesheet');
  writeFileSync(join(dir, 'index.html'), index);
  rmSync(join(dir, 'sw.js.br'), { force: true });
  rmSync(join(dir, 'sw.js.gz'), { force: true });
  execFileSync('node', [join(ROOT, 'scripts/sw-build.mjs'), dir]);
  return { dir, css: name };
}

/** Waits until the worker holds `article` for offline reading (polled: the check is
 * asynchronous, which `waitForFunction` does not wait for). */
async function stored(page, article) {
  const deadline = Date.now() + 20000;
  const held = () => page.evaluate(async (id) => {
    const cache = await caches.open('beboerblad-articles');
    return (await cache.keys()).some((r) => r.url.endsWith(`/artikel/${id}`));
  }, article);
  while (!(await held())) {
    if (Date.now() > deadline) throw new Error(`the service worker did not store ${article} (after 20000 ms)`);
    await page.waitForTimeout(200);
  }
}

const stylesheet = (page) => page.evaluate(() => document.querySelector('link[rel="stylesheet"]').getAttribute('href'));

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`${name}: a new build is offered, taken, and offline reading still works`, async () => {
    const first = mkdtempSync(join(tmpdir(), 'beboerblad-build1-'));
    cpSync(DIST, first, { recursive: true });
    const second = secondBuild(first);
    const server = await startServer({ dist: first });
    const browser = await launch();
    try {
      const page = await newPage(browser, viewport, { serviceWorkers: 'allow' });
      await page.goto(`${server.url}/artikel/${STORED_BEFORE}`);
      await appReady(page);
      await workerControls(page);
      await page.goto(`${server.url}/artikel/${OPEN}`);
      await appReady(page);
      await stored(page, STORED_BEFORE);
      await stored(page, OPEN);
      const before = await stylesheet(page);
      assert.notEqual(before, `/${second.css}`);

      // Deploy: the server restarts with the second build; the open app looks for a
      // new version (as it does when shown again, and every hour).
      await server.restart({ dist: second.dir });
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
      const update = page.getByRole('button', { name: 'Ny version – opdater' });
      await update.waitFor({ timeout: 20000 });
      await update.click();
      await page.waitForFunction((css) => document.querySelector('link[rel="stylesheet"]')?.getAttribute('href') === css,
        `/${second.css}`, { timeout: 20000 });
      await appReady(page);
      await page.getByRole('heading', { level: 1, name: OPEN_TITLE }).waitFor();
      const shells = await page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('beboerblad-shell-')));
      assert.equal(shells.length, 1, `one version's shell is left: ${shells}`);
      assert.equal(await page.getByRole('button', { name: 'Ny version – opdater' }).count(), 0);

      // Offline after the deploy: the article read with the new version, and the one
      // stored by the old version (its page still names the old files), both open.
      await stored(page, OPEN);
      await server.halt();
      await page.context().setOffline(true);
      for (const [id, title] of [[OPEN, OPEN_TITLE], [STORED_BEFORE, STORED_BEFORE_TITLE]]) {
        await page.goto(`${server.url}/artikel/${id}`);
        await appReady(page);
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        await pictureLoaded(page);
        const sheet = await page.evaluate(() => [...document.styleSheets].some((s) => s.cssRules.length > 0));
        assert.ok(sheet, `${id}: its stylesheet loaded offline`);
      }
      assert.deepEqual(problemsBesidesOffline(page), []);
      await page.context().close();
    } finally {
      await browser.close();
      await server.stop();
      rmSync(first, { recursive: true, force: true });
      rmSync(second.dir, { recursive: true, force: true });
    }
  });
}
