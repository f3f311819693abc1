// How README's and the manifest's screenshots are taken (by screenshots.mjs,
// article-screenshots.mjs, comfort-screenshots.mjs and desk-screenshot.mjs): once the
// pictures in view have loaded and a frame is painted, never of a page that had problems,
// then stored as palette PNGs (smaller in the repository) when Pillow is in .venv.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launch, newPage, painted, startServer } from '../lib/harness.js';

const PYTHON = process.env.PYTHON ?? join(ROOT, '.venv', 'bin', 'python');

/** Waits until every picture in view is loaded and decoded (lazy ones further on need not be). */
export async function picturesInView(page) {
  await page.waitForFunction(() => [...document.images]
    .filter((img) => { const r = img.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; })
    .every((img) => img.complete && img.naturalWidth > 0), null, { timeout: 20000 });
}

/** Saves the page as it is painted now into `path`; fails if the page had problems. */
export async function shoot(page, path) {
  await painted(page);
  if (page.problems.length) throw new Error(`the page had problems: ${page.problems.join('; ')}`);
  await page.screenshot({ path });
  const { width, height } = page.viewportSize();
  console.log(`${path}: ${width}x${height}`);
}

/** Rewrites the PNGs at `paths` with a palette (scripts/png_palette.py), when Pillow is there. */
export function palette(paths) {
  if (existsSync(PYTHON)) execFileSync(PYTHON, [join(ROOT, 'scripts', 'png_palette.py'), ...paths], { stdio: 'inherit' });
  else console.log(`no ${PYTHON}: the PNGs stay as Chromium wrote them`);
}

/**
 * Takes each of `shots` (`{ file, viewport, ... }`) into `dir` from a real server: a new
 * page with the shot's viewport, `prepare(page, url, shot)` opens and arranges it, then
 * the pictures in view are waited for; last, the PNGs get a palette.
 */
export async function shootAll(shots, dir, prepare) {
  mkdirSync(dir, { recursive: true });
  const server = await startServer();
  const browser = await launch();
  try {
    for (const shot of shots) {
      const page = await newPage(browser, shot.viewport);
      await prepare(page, server.url, shot);
      await picturesInView(page);
      await shoot(page, join(dir, shot.file));
      await page.context().close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  palette(shots.map((s) => join(dir, s.file)));
}
