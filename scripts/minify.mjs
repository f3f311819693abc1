// Minifies the app's JavaScript and stylesheet in a release build (issue 11: what the
// browser downloads before the app takes over). esbuild (pinned in tests/e2e/package.json)
// takes the wasm-bindgen glue with its snippets, bundled into one module, and the
// stylesheet; each file keeps its name, and its integrity hash in index.html is replaced
// by the minified file's.
//
// The snippets (`snippets/<crate>-<hash>/…`, the app's own JS modules) go into the glue
// because each was a request of its own: over HTTP/1.1 a browser opens at most 6
// connections to a host, and with the stylesheet, the glue and four snippets asked for
// first, the WASM and the article's picture waited for one (a round trip on a slow phone,
// 0.56 s). Their files and their `modulepreload` links are removed.
//
// Only files that index.html links with an integrity hash are touched: that is exactly the
// app's JS and CSS (the WASM is wasm-opt's already). Trunk's own `--minify` is not used:
// its JavaScript minifier fails on the glue's module syntax, and it would minify the page
// template too (the server and the tests read it as Trunk writes it).
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative, sep } from 'node:path';
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

const SNIPPETS = 'snippets';

/** Minifies in place every .js and .css file of `dir` that `dir/index.html` links with an
 * integrity hash (a JS module bundled with the snippets it imports), and updates those
 * hashes; then removes the snippets and their links. Returns the number of files minified. */
export function minifyAssets(dir) {
  const index = readFileSync(join(dir, 'index.html'), 'utf8');
  const snippet = (path) => relative(dir, path).split(sep)[0] === SNIPPETS;
  let count = 0;
  for (const path of files(dir)) {
    const loader = { '.js': 'js', '.css': 'css' }[extname(path)];
    if (!loader || snippet(path)) continue;
    const code = readFileSync(path, 'utf8');
    if (!index.includes(`"${integrity(code)}"`)) continue;
    const options = {
      minify: true,
      charset: 'utf8',
      // The glue's import object names a snippet once per function it imports from it;
      // the values are the same module, so the repeated keys are harmless.
      logOverride: { 'duplicate-object-key': 'silent' },
    };
    const out = loader === 'js'
      ? esbuild.buildSync({ ...options, entryPoints: [path], bundle: true, format: 'esm', write: false }).outputFiles[0].text
      : esbuild.transformSync(code, { ...options, loader }).code;
    if (importsSnippet(out)) throw new Error(`${path}: a snippet is still imported after bundling`);
    writeFileSync(path, out);
    replaceIntegrity(dir, code, out);
    count += 1;
  }
  if (count < 2) throw new Error(`${dir}/index.html: expected the app's JS and CSS linked with integrity hashes, minified ${count} file(s)`);
  dropSnippets(dir);
  return count;
}

/** Whether module `code` imports a file from `snippets/` (the glue's import object still
 * names each snippet: that is the WASM's import module, not an import). */
export function importsSnippet(code) {
  return new RegExp(`(from|import)\\s*\\(?\\s*["'][^"']*/${SNIPPETS}/`).test(code);
}

/** Removes `dir/snippets/` and index.html's links to what was in it. */
function dropSnippets(dir) {
  const indexPath = join(dir, 'index.html');
  const index = readFileSync(indexPath, 'utf8');
  const links = new RegExp(`<link rel="modulepreload"[^>]*href="[^"]*/${SNIPPETS}/[^"]*"[^>]*>`, 'g');
  writeFileSync(indexPath, index.replace(links, ''));
  rmSync(join(dir, SNIPPETS), { recursive: true, force: true });
}
