// Installing the reader: Chromium finds nothing in the way on the demo, reads the web
// manifest as written, and every picture the manifest names is there at its size.
// On a phone and on a desktop, in a Chromium profile on disk (Chromium never installs
// from the throwaway profiles of the other specs: "in-incognito").
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, appReady, launchProfile, startServer } from '../lib/harness.js';

const ARTICLE = '/artikel/ny-legeplads-aabner-i-afdeling-4';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`install on ${name}`, () => {
    let profile, page, cdp;
    beforeEach(async () => {
      profile = await launchProfile(viewport);
      page = profile.page;
      cdp = await profile.context.newCDPSession(page);
    });
    afterEach(async () => {
      try {
        assert.deepEqual(page.problems, [], 'console errors or exceptions');
      } finally {
        await profile.close();
      }
    });

    test('Chromium finds no installability errors on the front page and on an article', async () => {
      for (const path of ['/', ARTICLE]) {
        await page.goto(server.url + path);
        await appReady(page);
        const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
        assert.deepEqual(installabilityErrors, [], `installability errors on ${path}`);
        await appManifest(cdp);
      }
    });

    test('the manifest: Danish names, the deployment root, the page\'s colours, icons, screenshots, shortcuts', async () => {
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      const { raw, manifest } = await appManifest(cdp);
      const root = `${server.url}/`;

      assert.equal(manifest.name, 'Skræppebladet – beboerblad');
      assert.equal(raw.short_name, 'Skræppebladet');
      assert.equal(raw.lang, 'da');
      assert.equal(raw.dir, 'ltr');
      assert.match(manifest.description, /^Beboerbladet for Boligforeningen Skræppen/);
      assert.deepEqual(raw.categories, ['news', 'magazines']);
      assert.equal(manifest.display, 'kStandalone');
      // Opened from an article, the app still starts at (and covers) the whole reader,
      // and its identity is the reader's root: it follows wherever the manifest is served.
      assert.equal(manifest.startUrl, root);
      assert.equal(manifest.scope, root);
      assert.equal(raw.id, '/', 'the server names the deployment by its base path');
      assert.equal(manifest.id, root);
      assert.equal((await cdp.send('Page.getAppId')).appId, root);

      // The colours are the page's own: its theme-color and its background.
      const shown = await page.evaluate(() => ({
        theme: document.querySelector('meta[name="theme-color"]').content,
        background: getComputedStyle(document.body).backgroundColor,
      }));
      assert.equal(raw.theme_color, shown.theme);
      assert.deepEqual(channels(manifest.backgroundColor), channels(shown.background));

      assert.deepEqual(raw.icons.map((i) => [i.sizes, i.purpose]),
        [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']]);
      assert.deepEqual(raw.screenshots.map((s) => [s.form_factor, s.sizes]), [['narrow', '390x844'], ['wide', '1280x800']]);
      for (const shot of raw.screenshots) assert.match(shot.label, /^Forsiden på en (telefon|computer): /);

      assert.deepEqual(manifest.shortcuts.map((s) => s.name), ['Nyeste blad', 'Mine bogmærker']);
      for (const shortcut of raw.shortcuts) {
        assert.deepEqual(shortcut.icons.map((i) => i.sizes), ['96x96'], `${shortcut.name}: one 96 px icon`);
      }
    });

    test('the shortcuts open the newest issue and the bookmarks', async () => {
      await page.goto(server.url + '/');
      const { manifest } = await appManifest(cdp);
      const [newest, bookmarks] = manifest.shortcuts;

      await page.goto(newest.url);
      await appReady(page);
      const target = page.locator(':target');
      assert.equal(await target.count(), 1, `${newest.url} names an element of the front page`);
      assert.equal(await target.textContent(), 'Nyeste blad');
      // The front page's "Nyeste blad" is the newest issue of the feed.
      const feed = await (await fetch(`${server.url}/feed.json`)).json();
      const newestIssue = [...feed._beboerblad.issues].sort((a, b) => b.date.localeCompare(a.date))[0];
      const issueLink = page.locator('.current-issue .current-issue-title a');
      assert.equal(await issueLink.textContent(), newestIssue.title);
      assert.equal(await issueLink.getAttribute('href'), `/blad/${newestIssue.id}`);

      await page.goto(bookmarks.url);
      await appReady(page);
      assert.equal(page.url(), `${server.url}/mine/bogmaerker`);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Mine bogmærker');
    });

    test('every icon and screenshot is there, a PNG of the size the manifest declares', async () => {
      await page.goto(server.url + '/');
      await appReady(page);
      const { raw, url: manifestUrl } = await appManifest(cdp);
      const images = [
        ...raw.icons,
        ...raw.screenshots,
        ...raw.shortcuts.flatMap((s) => s.icons),
        { src: await page.locator('link[rel="apple-touch-icon"]').getAttribute('href'), sizes: '180x180', type: 'image/png' },
      ];
      assert.equal(images.length, 3 + 2 + 2 + 1);
      for (const image of images) {
        const url = new URL(image.src, manifestUrl).href;
        const response = await fetch(url);
        assert.equal(response.status, 200, url);
        assert.equal(response.headers.get('content-type'), image.type, url);
        const size = pngSize(Buffer.from(await response.arrayBuffer()), url);
        assert.equal(`${size.width}x${size.height}`, image.sizes, url);
      }
    });

    test('the maskable icon keeps its art inside the safe zone; the home-screen icon for iOS is opaque', async () => {
      await page.goto(server.url + '/');
      await appReady(page);
      const { raw, url: manifestUrl } = await appManifest(cdp);
      const maskable = new URL(raw.icons.find((i) => i.purpose === 'maskable').src, manifestUrl).pathname;
      const apple = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
      const check = await page.evaluate(async ([maskable, apple]) => {
        const pixels = async (src) => {
          const bitmap = await createImageBitmap(await (await fetch(src)).blob());
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d');
          context.drawImage(bitmap, 0, 0);
          return { size: bitmap.width, data: context.getImageData(0, 0, bitmap.width, bitmap.height).data };
        };
        // Outside the circle of 40 % of the size around the centre, a mask may cut
        // anything away: only the background colour (the top left pixel) may be there.
        const m = await pixels(maskable);
        const background = [...m.data.slice(0, 4)];
        let outside = 0, inside = 0;
        for (let y = 0; y < m.size; y++) {
          for (let x = 0; x < m.size; x++) {
            const i = (y * m.size + x) * 4;
            const same = background.every((v, c) => Math.abs(m.data[i + c] - v) <= 2);
            const r = Math.hypot(x + 0.5 - m.size / 2, y + 0.5 - m.size / 2);
            if (r > 0.4 * m.size && !same) outside++;
            if (r <= 0.4 * m.size && !same) inside++;
          }
        }
        const a = await pixels(apple);
        let translucent = 0;
        for (let i = 3; i < a.data.length; i += 4) if (a.data[i] < 255) translucent++;
        return { background, outside, inside, translucent };
      }, [maskable, apple]);
      assert.equal(check.background[3], 255, 'the maskable icon is full bleed (opaque background)');
      assert.equal(check.outside, 0, 'pixels of art outside the safe zone');
      assert.ok(check.inside > 0, 'the maskable icon has art inside the safe zone');
      assert.equal(check.translucent, 0, 'translucent pixels in the apple-touch-icon');
    });
  });
}

/** The manifest the page links, as Chromium read it (`manifest`) and as written (`raw`). */
async function appManifest(cdp) {
  const result = await cdp.send('Page.getAppManifest');
  assert.equal(result.url, `${server.url}/manifest.webmanifest`, 'the manifest the page links');
  assert.deepEqual(result.errors, [], 'errors in the manifest');
  return { ...result, raw: JSON.parse(result.data) };
}

/** Red, green and blue of a CSS colour ("rgb(1, 2, 3)", "rgba(1,2,3,1)"). */
function channels(colour) {
  return colour.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
}

/** Width and height from a PNG's signature and IHDR chunk. */
function pngSize(bytes, what) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(bytes.subarray(0, 8).equals(signature), `${what} is not a PNG`);
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR', `${what}: no IHDR chunk first`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
