#!/usr/bin/env node
// Trunk's `post_build` hook (Trunk.toml), on $TRUNK_STAGING_DIR: in a release build the
// names shared by the WASM and its glue shortened (scripts/wasm-names.mjs) and the JS and
// CSS minified (scripts/minify.mjs); then the service worker written for the files as
// they will be served (scripts/sw-build.mjs). One hook, because Trunk runs a stage's
// hooks at the same time, and the worker's version must hash the final files.
import { minifyAssets } from './minify.mjs';
import { shortenWasmNames } from './wasm-names.mjs';
import { writeWorker } from './sw-build.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('scripts/post-build.mjs runs as Trunk\'s post_build hook (TRUNK_STAGING_DIR unset)');
  process.exit(2);
}
if (process.env.TRUNK_PROFILE === 'release') {
  console.log(`shortened ${shortenWasmNames(dir)} names between the WASM and its glue`);
  console.log(`minified ${minifyAssets(dir)} files`);
}
writeWorker(dir);
