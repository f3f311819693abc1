// axe finds no accessibility violations on any route, on phone and desktop, light and dark.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { VIEWPORTS, appReady, launch, newPage, startServer } from '../lib/harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const ROUTES = ['/', '/blad', '/blad/2024-05', '/sektion/nyt', '/arkiv', '/arkiv/2', '/artikel/ny-legeplads-aabner-i-afdeling-4', '/artikel/maqha-al-hikayat', '/mine/bogmaerker', '/mine/seneste', '/kolofon', '/findes-ikke'];

for (const [name, viewport] of Object.entries(VIEWPORTS)) for (const colorScheme of ['light', 'dark']) {
  test(`axe: no violations on any route (${name}, ${colorScheme})`, async () => {
    const page = await newPage(browser, viewport);
    await page.emulateMedia({ colorScheme });
    const found = [];
    for (const route of ROUTES) {
      await page.goto(server.url + route);
      await appReady(page);
      const results = await new AxeBuilder({ page }).analyze();
      for (const v of results.violations) {
        found.push(`${route}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
    }
    assert.deepEqual(found, []);
    await page.context().close();
  });
}
