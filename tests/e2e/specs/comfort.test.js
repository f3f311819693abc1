// Reading comfort: dark mode, on a phone and on a desktop.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, appReady, launch, newPage, painted, startServer } from '../lib/harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const ARTICLE = '/artikel/ny-legeplads-aabner-i-afdeling-4';

/** The page's background colour as [r, g, b]. */
async function background(page) {
  const css = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  return css.match(/\d+/g).slice(0, 3).map(Number);
}
const isDark = (rgb) => Math.max(...rgb) < 64;
const isLight = (rgb) => Math.min(...rgb) > 200;

/** Records, when `<body>` first appears, the choices `<html>` carries then (before any paint of the body). */
async function recordAtBody(page) {
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body) {
        const html = document.documentElement;
        window.__atBody = { theme: html.getAttribute('data-theme') ?? 'none', textSize: html.getAttribute('data-text-size') ?? 'none' };
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`dark mode on ${name}`, () => {
    test('follows the system setting, with JavaScript off too', async () => {
      const page = await newPage(browser, viewport, { javaScriptEnabled: false });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(server.url + ARTICLE);
      assert.ok(isDark(await background(page)), `dark background, got ${await background(page)}`);
      await page.emulateMedia({ colorScheme: 'light' });
      assert.ok(isLight(await background(page)), `light background, got ${await background(page)}`);
      await page.context().close();
    });

    test('a manual choice persists and is applied before the first paint, before the app runs', async () => {
      const page = await newPage(browser, viewport);
      await page.emulateMedia({ colorScheme: 'light' });
      await recordAtBody(page);
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      const toggle = page.getByRole('button', { name: 'Mørk skærm' });
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      await toggle.click();
      await page.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'dark');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      assert.ok(isDark(await background(page)));

      // Reload with the app held back: the choice comes from the page itself.
      let held = 0;
      await page.route(/\.wasm$/, () => { held += 1; });
      await page.reload({ waitUntil: 'domcontentloaded' });
      assert.equal(await page.evaluate(() => window.__atBody.theme), 'dark', 'dark before <body> was parsed');
      assert.ok(isDark(await background(page)));
      await page.waitForFunction(() => document.readyState === 'complete');
      assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-app')), false);
      assert.ok(held > 0, 'the app was held back');
      await page.unroute(/\.wasm$/);

      // With the app: it takes the page over with the same choice shown.
      await page.reload();
      await appReady(page);
      assert.equal(await page.getByRole('button', { name: 'Mørk skærm' }).getAttribute('aria-pressed'), 'true');
      assert.ok(isDark(await background(page)));
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test('choosing what the system shows again follows the system from then on', async () => {
      const page = await newPage(browser, viewport);
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(server.url + '/');
      await appReady(page);
      const toggle = page.getByRole('button', { name: 'Mørk skærm' });
      await page.waitForFunction(() => document.querySelector('.theme-toggle')?.getAttribute('aria-pressed') === 'true');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      assert.ok(isLight(await background(page)), 'light on a dark system');
      await page.reload();
      await appReady(page);
      assert.ok(isLight(await background(page)), 'the light choice persists');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-theme')), false, 'back to the system');
      await page.emulateMedia({ colorScheme: 'light' });
      await page.waitForFunction(() => document.querySelector('.theme-toggle')?.getAttribute('aria-pressed') === 'false');
      assert.ok(isLight(await background(page)));
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  });
}

/** The article text's font size in pixels. */
const bodySize = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize));
/** Whether the page scrolls sideways. */
const scrollsSideways = (page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`text size on ${name}`, () => {
    test('A+ and A− scale the article text in four steps, persist, and never make the page scroll sideways', async () => {
      const page = await newPage(browser, viewport);
      await recordAtBody(page);
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      const tools = page.getByRole('group', { name: 'Tekststørrelse' });
      const larger = tools.getByRole('button', { name: 'Større tekst' });
      const smaller = tools.getByRole('button', { name: 'Mindre tekst' });
      assert.equal(await smaller.getAttribute('aria-disabled'), 'true');
      const sizes = [await bodySize(page)];
      for (let i = 0; i < 3; i += 1) {
        await larger.click();
        await page.waitForFunction((before) => parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize) > before, sizes.at(-1));
        sizes.push(await bodySize(page));
      }
      assert.ok(sizes[3] >= sizes[0] * 1.45, `the largest step is half as large again: ${sizes}`);
      assert.equal(await larger.getAttribute('aria-disabled'), 'true', 'no fifth step');
      await page.keyboard.press('Enter');
      await painted(page);
      assert.equal(await bodySize(page), sizes[3]);
      assert.equal(await tools.getByText('150 %').count(), 1, 'the size is shown (a live region)');
      assert.equal(await tools.locator('[aria-live="polite"]').textContent(), '150 %');
      const focused = await page.evaluate(() => document.activeElement?.textContent);
      assert.equal(focused, 'A+ Større tekst', 'focus stays on the button at the last step');

      // The size is applied before the first paint on the next visit, and kept at 320 px.
      await page.reload({ waitUntil: 'domcontentloaded' });
      assert.equal(await page.evaluate(() => window.__atBody.textSize), '3', 'the size before <body> was parsed');
      assert.equal(await bodySize(page), sizes[3]);
      await appReady(page);
      assert.equal(await page.getByRole('button', { name: 'Større tekst' }).getAttribute('aria-disabled'), 'true');
      for (const width of [320, viewport.viewport.width]) {
        await page.setViewportSize({ width, height: 700 });
        assert.equal(await scrollsSideways(page), false, `no sideways scrolling at ${width} px`);
      }
      await page.getByRole('button', { name: 'Mindre tekst' }).click();
      await page.waitForFunction(() => document.documentElement.getAttribute('data-text-size') === '2');
      assert.ok(Math.abs(await bodySize(page) - sizes[2]) < 0.5);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  });
}

const ARABIC = { id: 'maqha-al-hikayat', title: 'مقهى الحكايات يفتح أبوابه في بيت السكان', lang: 'ar', dir: 'rtl' };
const SOMALI = { id: 'qashinka-cuntada', title: 'Qashinka cuntada: sidee loo kala soocaa?', lang: 'so', dir: 'ltr' };

/** How the article's text and the Danish interface around it are marked. */
function marking(page) {
  return page.evaluate(() => {
    const of = (selector) => {
      const e = document.querySelector(selector);
      return { lang: e.getAttribute('lang'), dir: getComputedStyle(e).direction };
    };
    return {
      page: { lang: document.documentElement.lang, dir: getComputedStyle(document.body).direction },
      title: of('.article h1'), body: of('.article-body'), byline: of('.byline'), rating: of('.rating'), header: of('.site-header'),
    };
  });
}

function assertMarked(m, article) {
  assert.deepEqual(m.page, { lang: 'da', dir: 'ltr' }, 'the page stays Danish, left to right');
  assert.deepEqual(m.title, { lang: article.lang, dir: article.dir });
  assert.deepEqual(m.body, { lang: article.lang, dir: article.dir });
  for (const part of [m.byline, m.rating, m.header]) assert.deepEqual(part, { lang: null, dir: 'ltr' }, 'the interface is Danish');
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`other languages on ${name}`, () => {
    test('the server marks an Arabic and a Somali article with their language and direction', async () => {
      const page = await newPage(browser, viewport, { javaScriptEnabled: false });
      for (const article of [ARABIC, SOMALI]) {
        await page.goto(`${server.url}/artikel/${article.id}`);
        assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), article.title);
        assertMarked(await marking(page), article);
      }
      await page.context().close();
    });

    test('in-app navigation marks them too, and a Danish article after them is not', async () => {
      const page = await newPage(browser, viewport);
      await page.goto(server.url + '/blad/2024-03');
      await appReady(page);
      for (const article of [ARABIC, SOMALI]) {
        await page.getByRole('link', { name: article.title }).first().click();
        await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
        assertMarked(await marking(page), article);
        await page.goBack();
        await page.waitForURL(/\/blad\/2024-03$/);
      }
      await page.getByRole('link', { name: ARABIC.title }).first().click();
      await page.getByRole('heading', { level: 1, name: ARABIC.title }).waitFor();
      const related = page.getByRole('region', { name: 'Læs også' }).locator('.card-title a').first();
      const danish = await related.textContent();
      await related.click();
      await page.getByRole('heading', { level: 1, name: danish }).waitFor();
      const m = await marking(page);
      assert.deepEqual([m.title, m.body], [{ lang: null, dir: 'ltr' }, { lang: null, dir: 'ltr' }]);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  });
}

const TITLE = 'Ny legeplads åbner i afdeling 4';

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`share on ${name}`, () => {
    test('with a share sheet: "Del" shares the title and the canonical URL', async () => {
      const page = await newPage(browser, viewport);
      await page.addInitScript(() => {
        window.__shared = [];
        navigator.share = async (data) => { window.__shared.push(data); };
      });
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      await page.getByRole('button', { name: 'Del', exact: true }).click();
      await page.waitForFunction(() => window.__shared.length === 1);
      const [shared] = await page.evaluate(() => window.__shared);
      assert.deepEqual(shared, { title: TITLE, text: TITLE, url: server.url + ARTICLE });
      assert.equal(await page.getByRole('button', { name: 'Kopiér link' }).count(), 0);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test('without one: "Kopiér link" copies title and URL and says so in a live region', async () => {
      const page = await newPage(browser, viewport);
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      assert.equal(await page.evaluate(() => typeof navigator.share), 'undefined', 'this Chromium has no share sheet');
      await page.getByRole('button', { name: 'Kopiér link' }).click();
      await page.getByRole('status').filter({ hasText: 'Linket er kopieret.' }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${TITLE}\n${server.url}${ARTICLE}`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  });
}

describe('print', () => {
  test('the PDF has the article, its byline, source, copyright and address, and none of the navigation or widgets', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const page = await newPage(browser, VIEWPORTS.desktop);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(server.url + ARTICLE);
    await appReady(page);
    await page.getByText(`Artiklens adresse: ${server.url}${ARTICLE}`).waitFor({ state: 'attached' });
    const pdf = await getDocument({ data: new Uint8Array(await page.pdf({ format: 'A4' })), isEvalSupported: false }).promise;
    let text = '';
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const content = await (await pdf.getPage(n)).getTextContent();
      text += content.items.map((i) => i.str + (i.hasEOL ? '\n' : '')).join('') + '\n';
    }
    const flat = text.replace(/\s+/g, ' ');
    for (const wanted of [TITLE, 'Af ', 'Denne artikel er bragt i Skræppebladet', '© Skræppebladet.', `Artiklens adresse: ${server.url}${ARTICLE}`]) {
      assert.ok(flat.includes(wanted), `the PDF has "${wanted}": ${flat.slice(0, 400)}`);
    }
    assert.ok(/\d{1,2}\. \w+ 20\d\d/.test(flat), 'the date');
    for (const unwanted of ['Gå til indholdet', 'Hovedmenu', 'Alle artikler', 'Mine bogmærker', 'Gem som bogmærke', 'Kopiér link', 'Mørk skærm', 'Læs også', 'Skriv en kommentar', 'Web-sektioner', 'Mine seneste artikler', 'Se seneste kolofon']) {
      assert.ok(!flat.includes(unwanted), `the PDF has no "${unwanted}"`);
    }
    // Black on white whatever the screen shows, and the picture no larger than a third of a page.
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
    const hero = await page.evaluate(() => document.querySelector('.hero img').getBoundingClientRect().height);
    assert.ok(hero > 50 && hero <= 9 * 96 / 2.54 + 1, `picture height ${hero}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

/**
 * A scripted stand-in for the browser's speech synthesis (headless Chromium has no
 * voices): one Danish voice; `window.__speech` records what is said and ends the
 * current utterance on `finish()`.
 */
function fakeSpeech() {
  const voice = { name: 'Test dansk', lang: 'da-DK', voiceURI: 'test-da', localService: true, default: true };
  const state = { spoken: [], current: null, paused: false, cancelled: 0, resumed: 0 };
  window.__speech = state;
  state.finish = () => { const u = state.current; state.current = null; u?.onend?.({}); };
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  const synth = new EventTarget();
  Object.assign(synth, {
    getVoices: () => [voice],
    speak(u) {
      state.spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.name });
      state.current = u;
      setTimeout(() => u.onstart?.({}), 0);
    },
    pause() { state.paused = true; },
    resume() { state.paused = false; state.resumed += 1; },
    cancel() { state.cancelled += 1; state.current = null; },
  });
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
}

const reading = (page) => page.evaluate(() => [...document.querySelectorAll('.reading-now')].map((e) => e.textContent));
const inView = (page) => page.waitForFunction(() => {
  const r = document.querySelector('.reading-now')?.getBoundingClientRect();
  return r && r.top >= 0 && r.bottom <= innerHeight;
}, null, { timeout: 5000 });

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`read aloud on ${name}`, () => {
    test('with a Danish voice: play, the paragraph read marked and in view, pause, resume, stop', async () => {
      const page = await newPage(browser, viewport);
      await page.addInitScript(fakeSpeech);
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      const tools = page.getByRole('group', { name: 'Læs op' });
      await tools.getByRole('button', { name: 'Læs op' }).click();
      await page.waitForFunction(() => document.querySelectorAll('.reading-now').length === 1);
      const spoken = await page.evaluate(() => window.__speech.spoken);
      assert.deepEqual(spoken, [{ text: TITLE, lang: 'da-DK', voice: 'Test dansk' }]);
      assert.deepEqual(await reading(page), [TITLE]);

      // On through the lead to the text; each part marked in turn and scrolled into view.
      for (let i = 0; i < 3; i += 1) await page.evaluate(() => window.__speech.finish());
      await page.waitForFunction(() => window.__speech.spoken.length === 4 && document.querySelector('.article-body .reading-now'));
      const second = await page.locator('.article-body p').nth(1).textContent();
      assert.deepEqual(await reading(page), [second]);
      assert.equal((await page.evaluate(() => window.__speech.spoken))[3].text, second);
      await inView(page);

      await tools.getByRole('button', { name: 'Pause' }).click();
      assert.equal(await page.evaluate(() => window.__speech.paused), true);
      await tools.getByRole('button', { name: 'Fortsæt' }).click();
      assert.equal(await page.evaluate(() => window.__speech.resumed), 1);
      await tools.getByRole('button', { name: 'Stop' }).click();
      await tools.getByRole('button', { name: 'Læs op' }).waitFor();
      assert.deepEqual(await reading(page), []);
      assert.ok(await page.evaluate(() => window.__speech.cancelled) > 0);
      assert.equal(await tools.getByRole('button', { name: 'Stop' }).count(), 0);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test('hidden without a Danish voice, and on an article in another language', async () => {
      const page = await newPage(browser, viewport);
      await page.goto(server.url + ARTICLE);
      await appReady(page);
      await page.getByRole('button', { name: 'Kopiér link' }).waitFor();
      assert.equal(await page.evaluate(() => speechSynthesis.getVoices().some((v) => v.lang.startsWith('da'))), false);
      assert.equal(await page.getByRole('button', { name: 'Læs op' }).count(), 0);
      await page.context().close();

      const faked = await newPage(browser, viewport);
      await faked.addInitScript(fakeSpeech);
      await faked.goto(`${server.url}/artikel/${ARABIC.id}`);
      await appReady(faked);
      await faked.getByRole('button', { name: 'Kopiér link' }).waitFor();
      assert.equal(await faked.getByRole('button', { name: 'Læs op' }).count(), 0);
      await faked.context().close();
    });
  });
}
