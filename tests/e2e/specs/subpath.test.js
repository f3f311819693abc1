// Served under a sub-path (--base-path /skraeppebladet/): the whole reader works there,
// on its own and embedded in the association's site, and nothing leaks to the root.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, appReady, launch, newPage, readerId, startServer } from '../lib/harness.js';
import { startHost } from '../../../examples/host/server.mjs';
import { embedded, fit, fits, until } from '../lib/embedding.js';

const BASE = '/skraeppebladet/';

let server, host, browser;
before(async () => {
  host = await startHost({ reader: () => `${server.url}${BASE}` });
  server = await startServer({ extraArgs: ['--base-path', BASE, '--embed-origin', host.origin] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
});

test("a reader's journey under the sub-path: pages, assets, feed, images and API", async () => {
  const page = await newPage(browser, PHONE);
  const paths = [];
  const failures = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  page.on('response', (r) => { if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`); });
  const feed = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith(`${BASE}feed/artikel/`));

  await page.goto(`${server.url}/skraeppebladet`);
  assert.equal(page.url(), `${server.url}${BASE}`, 'the base without its slash leads to it');
  await appReady(page);
  const header = await page.locator('.site-header').evaluate((h) => getComputedStyle(h).backgroundColor);
  assert.equal(header, 'rgb(31, 92, 58)', 'the stylesheet came from below the base');

  const card = page.locator('.card-title a').first();
  const title = await card.textContent();
  await card.click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  assert.equal((await feed).status(), 200, "the app loads the article's page file from below the base");
  const article = new URL(page.url()).pathname;
  assert.match(article, /^\/skraeppebladet\/artikel\/[a-z0-9-]+$/);
  await page.waitForFunction(() => {
    const img = document.querySelector('.hero img');
    return img?.complete && img.naturalWidth > 0;
  });

  await page.getByRole('radiogroup', { name: 'Bedøm artiklen' }).getByRole('radio', { name: 'Kan anbefales', exact: true }).check();
  await page.getByText('Tak! Din bedømmelse er gemt.').waitFor();
  const reader = await readerId(page);
  const id = article.split('/').pop();
  const stored = await fetch(`${server.url}${BASE}api/articles/${id}/rating`, { headers: { 'Beboerblad-Reader': reader } });
  assert.equal((await stored.json()).mine, 5, 'the rating went to the API below the base');

  await page.reload();
  await appReady(page);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  const outside = paths.slice(1).filter((p) => !p.startsWith(BASE)); // [0]: the redirected address
  assert.equal(paths[0], '/skraeppebladet');
  assert.deepEqual(outside, [], 'every request stayed below the base');
  assert.deepEqual(failures, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the manifest and the service worker follow the sub-path', async () => {
  const page = await newPage(browser, PHONE, { serviceWorkers: 'allow' });
  await page.goto(`${server.url}${BASE}`);
  await appReady(page);
  const manifest = await page.locator('link[rel="manifest"]').getAttribute('href');
  assert.equal(manifest, `${BASE}manifest.webmanifest`);
  const response = await fetch(new URL(manifest, server.url));
  assert.equal(response.status, 200);
  const { id, start_url: start, scope } = await response.json();
  assert.equal(new URL(start, response.url).pathname, BASE, 'the installed app opens at the base');
  assert.equal(new URL(scope, response.url).pathname, BASE);
  assert.equal(id, BASE, 'the installed app is this deployment, not the whole site');
  const cdp = await page.context().newCDPSession(page);
  assert.equal((await cdp.send('Page.getAppId')).appId, `${server.url}${BASE}`);
  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return { scope: registration.scope, script: registration.active?.scriptURL };
  });
  assert.deepEqual(worker, { scope: `${server.url}${BASE}`, script: `${server.url}${BASE}sw.js` });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('embedded in the association\'s site from under the sub-path', async () => {
  const page = await newPage(browser, PHONE);
  await page.goto(host.url);
  const { element, frame } = await embedded(page);
  await until(() => fit(element, frame), fits, 'the frame fits the front page');
  await frame.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Alle artikler' }).click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('blad') === '/arkiv');
  assert.equal(new URL(frame.url()).pathname, `${BASE}arkiv`);
  assert.equal(await frame.getByRole('link', { name: 'Åbn i læseren' }).getAttribute('href'), `${BASE}arkiv`);
  await until(() => fit(element, frame), fits, 'the frame fits the archive');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('nothing is served outside the sub-path; the root leads to it', async () => {
  for (const path of ['/artikel/ny-legeplads-aabner-i-afdeling-4', '/feed.json', '/embed.js', '/api/openapi.json']) {
    const response = await fetch(server.url + path, { redirect: 'manual' });
    assert.equal(response.status, 404, path);
  }
  const root = await fetch(`${server.url}/`, { redirect: 'manual' });
  assert.equal(root.status, 307);
  assert.equal(root.headers.get('location'), BASE);
});
