// Takes the web manifest's screenshots: the demo's front page on a phone (390×844 CSS
// pixels at 1 device pixel per CSS pixel) and on a desktop (1280×800), from the real
// server and the real build, into public/screenshots/. They are committed; run again
// after a change to how the front page looks (needs `bash scripts/build.sh` first and
// Pillow in .venv for the palette PNGs):
//   node measure/screenshots.mjs
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP, PHONE, ROOT, appReady, launch, newPage, startServer } from '../lib/harness.js';
import { palette, picturesInView, shoot } from './shoot.mjs';

// The file names and pixel sizes public/manifest.webmanifest names.
const SHOTS = [
  { file: 'telefon.png', viewport: { ...PHONE, deviceScaleFactor: 1 } },
  { file: 'computer.png', viewport: { ...DESKTOP, deviceScaleFactor: 1 } },
];
const OUT = join(ROOT, 'public', 'screenshots');

mkdirSync(OUT, { recursive: true });
const server = await startServer();
const browser = await launch();
try {
  for (const { file, viewport } of SHOTS) {
    const page = await newPage(browser, viewport);
    await page.goto(server.url + '/');
    await appReady(page);
    await picturesInView(page);
    await shoot(page, join(OUT, file));
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.stop();
}
palette(SHOTS.map((s) => join(OUT, s.file)));
