#!/usr/bin/env node
// Writes the service worker into a build: sw/sw.js with this build's version and the
// exact (hashed) names of its files. Trunk runs it after each build (through
// scripts/post-build.mjs, the `post_build` hook in Trunk.toml); `node scripts/sw-build.mjs
// DIR` runs it on DIR.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');

// Not part of the app shell: the page template (the server renders pages from it),
// precompressed copies, the worker itself, the host sites' embed script, and the
// manifest's screenshots (large, only install dialogs show them).
const skip = (name) =>
  name === 'index.html' || name === 'sw.js' || name === 'embed.js' || /\.(br|gz)$/.test(name) || name.startsWith('screenshots/');

/** Every file below `at`, as paths. */
export function files(at) {
  return readdirSync(at, { withFileTypes: true }).flatMap((entry) => {
    const path = join(at, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

/** Writes `dir/sw.js` for the files of `dir`. */
export function writeWorker(dir) {
  const assets = files(dir)
    .map((path) => relative(dir, path).split(sep).join('/'))
    .filter((name) => !skip(name))
    .sort();
  const hash = createHash('sha256');
  for (const name of assets) hash.update(name).update('\0').update(readFileSync(join(dir, name))).update('\0');
  const version = hash.digest('hex').slice(0, 16);

  const template = readFileSync(join(root, 'sw', 'sw.js'), 'utf8');
  const worker = template
    .replace("'__BEBOERBLAD_VERSION__'", JSON.stringify(version))
    .replace('__BEBOERBLAD_ASSETS__', JSON.stringify(assets.map((name) => `./${name}`)));
  if (worker.includes('__BEBOERBLAD_')) throw new Error('sw/sw.js: a placeholder was not replaced');
  writeFileSync(join(dir, 'sw.js'), worker);
  console.log(`sw.js: version ${version}, ${assets.length} files precached`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/sw-build.mjs DIR');
    process.exit(2);
  }
  writeWorker(dir);
}
