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
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const esbuild = createRequire(join(root, 'tests', 'e2e', 'package.json'))('esbuild');

const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

function files(at) {
  return readdirSync(at, { withFileTypes: true }).flatMap((entry) => {
    const path = join(at, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

/** Minifies in place every .js and .css file of `dir` that `dir/index.html` links with an
 * integrity hash, and updates those hashes. Returns the number of files minified. */
export function minifyAssets(dir) {
  const indexPath = join(dir, 'index.html');
  let index = readFileSync(indexPath, 'utf8');
  let count = 0;
  for (const path of files(dir)) {
    const loader = { '.js': 'js', '.css': 'css' }[extname(path)];
    if (!loader) continue;
    const code = readFileSync(path, 'utf8');
    const before = integrity(code);
    if (!index.includes(`"${before}"`)) continue;
    const out = esbuild.transformSync(code, {
      loader,
      minify: true,
      charset: 'utf8',
      // The glue's import object names a snippet once per function it imports from it;
      // the values are the same module, so the repeated keys are harmless.
      logOverride: { 'duplicate-object-key': 'silent' },
    }).code;
    writeFileSync(path, out);
    index = index.replaceAll(`"${before}"`, `"${integrity(out)}"`);
    count += 1;
  }
  if (count < 2) throw new Error(`${indexPath}: expected the app's JS and CSS linked with integrity hashes, minified ${count} file(s)`);
  writeFileSync(indexPath, index);
  return count;
}
