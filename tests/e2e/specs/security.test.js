// Safe on the open internet: the page's Content-Security-Policy lets the app run and
// nothing else, and the comment form needs no inline handler to stay put.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, appReady, expectCspViolation, launch, newPage, startServer } from '../lib/harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const ARTICLE = '/artikel/ny-legeplads-aabner-i-afdeling-4';

test('the app takes over under a strict policy; an injected inline script is blocked', async () => {
  const page = await newPage(browser, PHONE);
  const response = await page.goto(server.url + ARTICLE);
  const policy = response.headers()['content-security-policy'];
  assert.match(policy, /script-src 'self' 'nonce-[0-9a-f]{32}' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(policy, /unsafe-inline/);
  await appReady(page);

  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.head.append(script);
  });
  await expectCspViolation((v) => /script-src(-elem)? blocked inline /.test(v));
  assert.equal(await page.evaluate(() => window.__injected), undefined, 'the injected script did not run');
  assert.deepEqual(page.problems.filter((p) => !p.includes('Content Security Policy')), []);
  await page.context().close();
});

test('Send before the app has loaded: the reader stays on the page', async () => {
  const page = await newPage(browser, PHONE);
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
  const navigations = [];
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations.push(frame.url()); });
  await page.goto(server.url + ARTICLE);
  navigations.length = 0;
  assert.equal(await page.locator('html[data-app="ready"]').count(), 0, 'the app has not started');

  await page.getByLabel('Navn', { exact: true }).fill('Birthe');
  await page.getByLabel('Kommentar', { exact: true }).fill('For tidligt sendt');
  await page.getByRole('button', { name: 'Send kommentar' }).click();
  assert.deepEqual(navigations, [], 'the click did not load another page');
  assert.equal(page.url(), server.url + ARTICLE);

  release();
  await appReady(page);
  assert.deepEqual(navigations, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
