// Takes README's screenshots of reading comfort: an article on a phone with a dark
// screen, and the same article at the largest text size, from the real server and the
// real build, into docs/. They are committed; run again after a change to how articles
// look (needs `bash scripts/build.sh` first):
//   node measure/comfort-screenshots.mjs
import { join } from 'node:path';
import { PHONE, ROOT, appReady, launch, newPage, startServer } from '../lib/harness.js';
import { picturesInView, shoot } from './shoot.mjs';

const ARTICLE = '/artikel/ny-legeplads-aabner-i-afdeling-4';
const SHOTS = [
  { file: 'screenshot-dark.png', colorScheme: 'dark', textSize: null },
  { file: 'screenshot-large-text.png', colorScheme: 'light', textSize: '3' },
];

const server = await startServer();
const browser = await launch();
try {
  for (const { file, colorScheme, textSize } of SHOTS) {
    const page = await newPage(browser, { ...PHONE, deviceScaleFactor: 1 });
    await page.emulateMedia({ colorScheme });
    if (textSize) await page.addInitScript((size) => localStorage.setItem('beboerblad.tekst.v1', size), textSize);
    await page.goto(server.url + ARTICLE);
    await appReady(page);
    await picturesInView(page);
    if (textSize) {
      // Scrolled to the text size control and the text below it.
      await page.evaluate(() => document.querySelector('.reading-tools').scrollIntoView());
    }
    await shoot(page, join(ROOT, 'docs', file));
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.stop();
}
