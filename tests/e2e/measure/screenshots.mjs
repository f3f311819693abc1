// Takes the web manifest's screenshots: the demo's front page on a phone (390×844 CSS
// pixels at 1 device pixel per CSS pixel) and on a desktop (1280×800), from the real
// server and the real build, into public/screenshots/. They are committed; run again
// after a change to how the front page looks (needs `bash scripts/build.sh` first and
// Pillow in .venv for the palette PNGs):
//   node measure/screenshots.mjs
import { join } from 'node:path';
import { DESKTOP, PHONE, ROOT, appReady } from '../lib/harness.js';
import { shootAll } from './shoot.mjs';

// The file names and pixel sizes public/manifest.webmanifest names.
const SHOTS = [
  { file: 'telefon.png', viewport: { ...PHONE, deviceScaleFactor: 1 } },
  { file: 'computer.png', viewport: { ...DESKTOP, deviceScaleFactor: 1 } },
];
const OUT = join(ROOT, 'public', 'screenshots');

await shootAll(SHOTS, OUT, async (page, url) => {
  await page.goto(url + '/');
  await appReady(page);
});
