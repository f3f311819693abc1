// How README's and the manifest's screenshots are taken (by screenshots.mjs,
// article-screenshots.mjs, comfort-screenshots.mjs and desk-screenshot.mjs): once the
// pictures in view have loaded and a frame is painted, never of a page that had problems,
// then stored as palette PNGs (smaller in the repository) when Pillow is in .venv.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, painted } from '../lib/harness.js';

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
