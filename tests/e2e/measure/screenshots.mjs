// Takes the web manifest's screenshots: the demo's front page on a phone (390×844 CSS
// pixels at 1 device pixel per CSS pixel) and on a desktop (1280×800), from the real
// server and the real build, into public/screenshots/. They are committed; run again
// after a change to how the front page looks (needs `bash scripts/build.sh` first and
// Pillow in .venv for the palette PNGs):
//   node measure/screenshots.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP, PHONE, ROOT, appReady, launch, newPage, painted, startServer } from '../lib/harness.js';

// The file names and pixel sizes public/manifest.webmanifest names.
const SHOTS = [
  { file: 'telefon.png', viewport: { ...PHONE, deviceScaleFactor: 1 } },
  { file: 'computer.png', viewport: { ...DESKTOP, deviceScaleFactor: 1 } },
];
const OUT = join(ROOT, 'public', 'screenshots');
const PYTHON = process.env.PYTHON ?? join(ROOT, '.venv', 'bin', 'python');

mkdirSync(OUT, { recursive: true });
const server = await startServer();
const browser = await launch();
try {
  for (const { file, viewport } of SHOTS) {
    const page = await newPage(browser, viewport);
    await page.goto(server.url + '/');
    await appReady(page);
    // Every picture in view loaded and decoded (lazy ones further down need not be).
    await page.waitForFunction(() => [...document.images]
      .filter((img) => img.getBoundingClientRect().top < innerHeight)
      .every((img) => img.complete && img.naturalWidth > 0), null, { timeout: 20000 });
    await painted(page);
    if (page.problems.length) throw new Error(`the page had problems: ${page.problems.join('; ')}`);
    await page.screenshot({ path: join(OUT, file) });
    await page.context().close();
    console.log(`${join(OUT, file)}: ${viewport.viewport.width}x${viewport.viewport.height}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
execFileSync(PYTHON, [join(ROOT, 'scripts', 'png_palette.py'), ...SHOTS.map((s) => join(OUT, s.file))], { stdio: 'inherit' });
