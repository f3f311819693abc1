// A reader with a keyboard only, on phone and desktop: front page → issue → article →
// rate → comment → bookmark → "Mine bogmærker", with the focus always visible, the skip
// link first, and after each in-app navigation the focus on the new page's heading and
// the new page announced.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, VIEWPORTS, appReady, launch, newPage, startServer } from '../lib/harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const MAX_TABS = 400;

/** Presses Tab until `target` has the focus (fails after MAX_TABS); checks it shows. */
async function tabTo(page, target) {
  const handle = await target.elementHandle();
  for (let n = 0; n < MAX_TABS; n += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((e) => document.activeElement === e, handle)) {
      await assertFocusVisible(page);
      return;
    }
  }
  throw new Error(`${MAX_TABS} presses of Tab never reached ${target}`);
}

/** The focused element (or, for a smiley, its face) is drawn with a focus outline. */
async function assertFocusVisible(page) {
  const shown = await page.evaluate(() => {
    const active = document.activeElement;
    const drawn = active.matches('.smiley input') ? active.nextElementSibling : active;
    const style = getComputedStyle(drawn);
    const box = drawn.getBoundingClientRect();
    return {
      what: `${active.tagName.toLowerCase()} "${(active.textContent || active.getAttribute('aria-label') || active.value || '').trim().slice(0, 40)}"`,
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      inView: box.bottom > 0 && box.top < innerHeight && box.width > 0,
    };
  });
  assert.ok(shown.outline, `no visible focus on ${shown.what}`);
  assert.ok(shown.inView, `the focused ${shown.what} is not in view`);
}

/** After an in-app navigation: focus on the new page's heading, and the page announced. */
async function arrivedAt(page, heading) {
  const h1 = page.getByRole('heading', { level: 1, name: heading });
  await h1.waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 5000 });
  assert.equal((await page.evaluate(() => document.activeElement.textContent)).trim(), heading);
  await page.getByRole('status').filter({ hasText: `Side: ${heading}` }).waitFor({ state: 'attached', timeout: 5000 });
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`keyboard only on ${name}`, () => {
    test('front page → issue → article → rate → comment → bookmark → Mine bogmærker', async () => {
      const page = await newPage(browser, viewport);
      await page.goto(server.url + '/');
      await appReady(page);

      // The first Tab reaches the skip link, shown; Enter moves the focus to the content.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Gå til indholdet');
      await assertFocusVisible(page);
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'indhold');

      await tabTo(page, page.getByRole('link', { name: 'Se indholdet' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/blad\/2024-06$/);
      await arrivedAt(page, '2024-06 september');

      const first = page.locator('.card-title a').first();
      const title = (await first.textContent()).trim();
      await tabTo(page, page.getByRole('link', { name: title, exact: true }).first());
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/artikel\//);
      await arrivedAt(page, title);

      // Rate: Tab into the smileys, arrows choose.
      const smileys = page.getByRole('radiogroup', { name: 'Bedøm artiklen' });
      await tabTo(page, smileys.getByRole('radio', { name: 'Øv - ikke god', exact: true }));
      for (let n = 0; n < 3; n += 1) await page.keyboard.press('ArrowRight');
      await page.getByRole('status').filter({ hasText: 'Tak! Din bedømmelse er gemt.' }).waitFor();
      assert.ok(await smileys.getByRole('radio', { name: 'Cool - god artikel', exact: true }).isChecked());

      // Comment.
      await tabTo(page, page.getByRole('textbox', { name: 'Navn' }));
      await page.keyboard.type('Tastatur-Tove');
      await tabTo(page, page.getByRole('textbox', { name: 'Kommentar' }));
      await page.keyboard.type(`Skrevet uden mus på ${name}.`);
      await tabTo(page, page.getByRole('button', { name: 'Send kommentar' }));
      await page.keyboard.press('Enter');
      await page.getByRole('listitem').filter({ hasText: `Skrevet uden mus på ${name}.` }).waitFor();

      // Bookmark, then the bookmarks.
      const bookmark = page.locator('.article-head').getByRole('button', { name: 'Gem som bogmærke' });
      await tabTo(page, bookmark);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('.article-head .bookmark')?.getAttribute('aria-pressed') === 'true', null, { timeout: 5000 });
      await tabTo(page, page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Mine bogmærker' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/mine\/bogmaerker$/);
      await arrivedAt(page, 'Mine bogmærker');
      await page.getByRole('main').getByRole('link', { name: title }).first().waitFor();
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  });
}

/** How many pixels of the focus outline's colour lie in the band of `margin` CSS pixels
 * on each side of the focused element, read from a screenshot (in a blank page of the same
 * context: the app's Content-Security-Policy allows no `data:` picture). */
async function outlineAround(page, margin) {
  const focused = page.locator(':focus');
  const box = await focused.boundingBox();
  const colour = await focused.evaluate((e) => getComputedStyle(e).outlineColor);
  const clip = { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin };
  const png = (await page.screenshot({ clip, scale: 'css' })).toString('base64');
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(async ({ png, colour, margin }) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      context.drawImage(bitmap, 0, 0);
      const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      const [r, g, b] = colour.match(/\d+/g).map(Number);
      const count = (x0, x1, y0, y1) => {
        let n = 0;
        for (let y = y0; y < y1; y += 1) {
          for (let x = x0; x < x1; x += 1) {
            const i = (y * width + x) * 4;
            if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 60) n += 1;
          }
        }
        return n;
      };
      return {
        top: count(margin, width - margin, 0, margin),
        bottom: count(margin, width - margin, height - margin, height),
        left: count(0, margin, margin, height - margin),
        right: count(width - margin, width, margin, height - margin),
      };
    }, { png, colour, margin });
  } finally {
    await blank.close();
  }
}

describe('the parts drawn as the reader scrolls near them', () => {
  test('a link at the edge of one shows its whole focus outline (phone)', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto(server.url + '/');
    await appReady(page);
    // The third section of the front page is drawn only as it comes near (its heading's
    // link at its top left corner); the outline is 3 px wide, 2 px outside the link.
    const link = page.locator('.front-section').nth(2).getByRole('heading', { level: 2 }).getByRole('link');
    await tabTo(page, link);
    const sides = await outlineAround(page, 6);
    for (const [side, pixels] of Object.entries(sides)) {
      assert.ok(pixels > 0, `the outline is cut off ${side} of the link: ${JSON.stringify(sides)}`);
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
