// The release build's post-build steps on a small hand-made build: a WASM that imports a
// function from its glue and one from a snippet, and exports two; the glue that provides
// and calls them, importing the snippet as wasm-bindgen's glue does; index.html with their
// integrity hashes.
// Run: node --test scripts/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { importsSnippet, minifyAssets } from './minify.mjs';
import { shortenWasmNames } from './wasm-names.mjs';

const GLUE_IMPORT = '__wbg_answer_0123456789abcdef';
const GLUE_EXPORT = 'wasm_bindgen_0123456789abcdef___convert__closures_____invoke___true_';
const SPLIT_MARKER = '_WASM_SPLIT_MARKER_0123456789abcdefversion';

const bytes = (text) => [text.length, ...Buffer.from(text)];
const section = (id, payload) => [id, payload.length, ...payload];

/** (module (import "./app_bg.js" GLUE_IMPORT (func (result i32)))
 *          (import "./snippets/s.js" "online" (func (result i32)))
 *          (func (result i32) call 0) (export GLUE_EXPORT (func 2)) (export "main" (func 2))
 *          (export SPLIT_MARKER (func 2)))
 * and a custom section "producers". */
function wasm() {
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 1, 0x7f]),
    ...section(2, [2, ...bytes('./app_bg.js'), ...bytes(GLUE_IMPORT), 0, 0,
      ...bytes('./snippets/s.js'), ...bytes('online'), 0, 0]),
    ...section(3, [1, 0]),
    ...section(7, [3, ...bytes(GLUE_EXPORT), 0, 2, ...bytes('main'), 0, 2, ...bytes(SPLIT_MARKER), 0, 2]),
    ...section(10, [1, 4, 0, 0x10, 0, 0x0b]),
    ...section(0, [...bytes('producers'), 0]),
  ]);
}

const GLUE = `// The glue.
import { online } from './snippets/s.js';
import * as snippet from './snippets/s.js';
let wasm;
export function imports() {
  return { './app_bg.js': { ${GLUE_IMPORT}: function () { return 42; } }, './snippets/s.js': snippet };
}
function ${GLUE_EXPORT}() {
  return wasm.${GLUE_EXPORT}();
}
export function start(instance) {
  wasm = instance.exports;
  return ${GLUE_EXPORT}() * online();
}
`;

const SNIPPET = '// A snippet.\nexport function online() {\n  return 1;\n}\n';

const sri = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;

function build() {
  const dir = mkdtempSync(join(tmpdir(), 'post-build-test-'));
  writeFileSync(join(dir, 'app_bg.wasm'), wasm());
  writeFileSync(join(dir, 'app.js'), GLUE);
  mkdirSync(join(dir, 'snippets'));
  writeFileSync(join(dir, 'snippets', 's.js'), SNIPPET);
  writeFileSync(join(dir, 'main.css'), '/* A comment. */\nbody {\n  margin: 0;\n}\n');
  writeFileSync(join(dir, 'index.html'), `<head>
<link rel="stylesheet" href="/main.css" integrity="${sri(readFileSync(join(dir, 'main.css')))}"/>
<link rel="modulepreload" href="/app.js" integrity="${sri(GLUE)}"><link rel="modulepreload" href="/snippets/s.js" integrity="${sri(SNIPPET)}">
<link rel="preload" href="/app_bg.wasm" as="fetch" integrity="${sri(wasm())}">
</head>`);
  return dir;
}

let runs = 0;

/** Instantiates the build's WASM with its glue and runs it (the glue's `start`). The glue
 * is imported under a new name each time: Node keeps a module it has imported. */
async function run(dir) {
  const copy = join(dir, `glue-${(runs += 1)}.mjs`);
  copyFileSync(join(dir, 'app.js'), copy);
  const glue = await import(pathToFileURL(copy).href);
  const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, 'app_bg.wasm')), glue.imports());
  return glue.start(instance);
}

function assertIntegrity(dir) {
  const index = readFileSync(join(dir, 'index.html'), 'utf8');
  for (const file of ['app.js', 'app_bg.wasm', 'main.css']) {
    assert.ok(index.includes(`"${sri(readFileSync(join(dir, file)))}"`), `index.html has ${file}'s new integrity hash`);
  }
}

test('the names between the WASM and its glue are shortened in both, and it still runs', async (t) => {
  const dir = build();
  t.after(() => rmSync(dir, { recursive: true }));
  assert.equal(await run(dir), 42, 'the hand-made build runs before');

  assert.equal(shortenWasmNames(dir), 2);

  const module = new WebAssembly.Module(readFileSync(join(dir, 'app_bg.wasm')));
  const [ours, snippet] = WebAssembly.Module.imports(module);
  assert.ok(ours.name.length <= 3, `the glue's import is renamed: ${ours.name}`);
  assert.ok(ours.module.length <= 3, `the glue's module is renamed: ${ours.module}`);
  assert.deepEqual(WebAssembly.Module.customSections(module, 'producers'), [], 'the producers section is gone');
  assert.deepEqual([snippet.module, snippet.name], ['./snippets/s.js', 'online'], "a snippet's import keeps its name");
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  assert.ok(exports.includes('main'), 'main keeps its name');
  assert.ok(!exports.includes(GLUE_EXPORT), "the glue's export is renamed");
  assert.deepEqual(exports, ['$1', 'main'], "wasm-split's marker, named after the build, is gone");
  const glue = readFileSync(join(dir, 'app.js'), 'utf8');
  assert.ok(!glue.includes(GLUE_IMPORT) && !glue.includes(GLUE_EXPORT) && !glue.includes('app_bg.js'), 'the glue has no long name left');
  assertIntegrity(dir);
  assert.equal(await run(dir), 42, 'the renamed build runs');
});

test('minifying keeps the build running and its integrity hashes right', async (t) => {
  const dir = build();
  t.after(() => rmSync(dir, { recursive: true }));
  shortenWasmNames(dir);
  assert.equal(minifyAssets(dir), 2, 'the glue and the stylesheet');
  assert.equal(readFileSync(join(dir, 'main.css'), 'utf8'), 'body{margin:0}\n');
  const glue = readFileSync(join(dir, 'app.js'), 'utf8');
  assert.ok(!glue.includes('// The glue.'), 'the glue is minified');
  // One request instead of one per snippet: over HTTP/1.1 a browser opens 6 connections
  // to a host, and the WASM must not wait for one (issue 11).
  assert.ok(importsSnippet(GLUE), 'the glue imported its snippet');
  assert.ok(!importsSnippet(glue), 'the snippets are in the glue');
  assert.ok(!existsSync(join(dir, 'snippets')), 'the snippets are gone from the build');
  assert.ok(!readFileSync(join(dir, 'index.html'), 'utf8').includes('snippets/'), 'index.html links no snippet');
  assertIntegrity(dir);
  assert.equal(await run(dir), 42, 'the minified build runs');
});

test('a build whose index.html has no integrity hashes fails loudly', (t) => {
  const dir = build();
  t.after(() => rmSync(dir, { recursive: true }));
  writeFileSync(join(dir, 'index.html'), '<head></head>');
  assert.throws(() => shortenWasmNames(dir), /no integrity hash/);
});
