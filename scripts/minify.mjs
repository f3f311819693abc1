// Minifies the app's JavaScript and stylesheet in a release build (issue 11: what the
// browser downloads before the app takes over). esbuild (pinned in tests/e2e/package.json)
// takes the wasm-bindgen glue, its snippets and the stylesheet; each file keeps its name,
// and its integrity hash in index.html is replaced by the minified file's.
//
// Only files that index.html links with an integrity hash are touched: that is exactly the
// app's JS and CSS (the WASM is wasm-opt's already). Trunk's own `--minify` is not used:
// its JavaScript minifier fails on the glue's module syntax, and it would minify the page
// template too (the server and the tests read it as Trunk writes it).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { files } from './sw-build.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const esbuild = createRequire(join(root, 'tests', 'e2e', 'package.json'))('esbuild');

const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** In `dir/index.html`, the integrity hash of a file that was `before` and is now `after`. */
export function replaceIntegrity(dir, before, after) {
  const indexPath = join(dir, 'index.html');
  const index = readFileSync(indexPath, 'utf8');
  const old = `"${integrity(before)}"`;
  if (!index.includes(old)) throw new Error(`${indexPath}: no integrity hash ${old}`);
  writeFileSync(indexPath, index.replaceAll(old, `"${integrity(after)}"`));
}

/** Minifies in place every .js and .css file of `dir` that `dir/index.html` links with an
 * integrity hash, and updates those hashes. Returns the number of files minified. */
export function minifyAssets(dir) {
  const index = readFileSync(join(dir, 'index.html'), 'utf8');
  let count = 0;
  for (const path of files(dir)) {
    const loader = { '.js': 'js', '.css': 'css' }[extname(path)];
    if (!loader) continue;
    const code = readFileSync(path, 'utf8');
    if (!index.includes(`"${integrity(code)}"`)) continue;
    const out = esbuild.transformSync(code, {
      loader,
      minify: true,
      charset: 'utf8',
      // The glue's import object names a snippet once per function it imports from it;
      // the values are the same module, so the repeated keys are harmless.
      logOverride: { 'duplicate-object-key': 'silent' },
    }).code;
    writeFileSync(path, out);
    replaceIntegrity(dir, code, out);
    count += 1;
  }
  if (count < 2) throw new Error(`${dir}/index.html: expected the app's JS and CSS linked with integrity hashes, minified ${count} file(s)`);
  return count;
}
