// What a browser downloads for the app: every file of dist/ the server serves, raw, gzip
// and brotli (the precompressed copies the server sends, or compressed here when a file
// has none), and the app transfer: the JS, WASM and CSS as brotli.
//
//   node bench/size.mjs [dist]            prints the table
//   node bench/size.mjs --check [dist]    prints the app line; fails above BUDGET
//   node bench/size.mjs --markdown [dist] the table as Markdown (bench/results.md)
//
// BUDGET is a ratchet (issue 11): lower it when the app shrinks, never raise it. It was
// first set at the size the landing reached with every feature of that landing in it
// (issue 11's levers, then the article page of issue 14 and the reading comfort of
// issue 13 with its accessibility fixes: 313,262 bytes). Now at the size reached after
// the next levers (the app reads only the server's published feed, JSON through the
// browser's JSON.parse, no float formatting: 276,262 bytes; docs/measurements.md) and,
// in the same landing, search in the app (issue 12: the /soeg page and the header field,
// +9.5 KB), picture sizes from the feed and WebP copies through srcset (+0.8 KB):
// 287,438 bytes, below the 313,262 of the landing before. Plus 0.5 KB for a build on
// another machine (dependencies' paths end up in panic messages). Raised once, by the
// 1,353 bytes the budget lacked (the app grew 1,865 bytes, from 287,438 to 289,303):
// issue 12's split feed, where the app fetches each page's own file instead of the whole
// feed (per-page store, retry per page, focus once the page's data is drawn, a section
// page's link to the archive) — the alternative, loading tens of MB at archive scale, is
// what the issue rules out. With issue 11's takeover in several tasks (src/later.rs,
// browser::in_turn: the longest task before takeover about halved) merged beside it, the
// app is 289,383 bytes; the budget is that plus the 0.5 KB for a build on another machine
// that the split feed's raise had left out. Lowered to 289,642: sections paged like the
// archive (issue 12) and search hits' issue titles for bookmarks (+0.8 KB) are paid for by
// wasm-opt's --low-memory-unused (index.html, data-wasm-opt-params: −1.0 KB; it folds
// constant offsets into loads and stores, which differs only for addresses that wrap
// around 4 GB, which Rust code never forms): 289,130 bytes, plus the 0.5 KB. Kept there
// at 289,312 bytes: issue 11's in-app navigation (fetching "Læs også" ahead, work after
// the paint: +1.2 KB) is paid for by release builds without console_error_panic_hook
// (−1.0 KB). Lowered to 289,000: panic locations no longer carry this machine's paths
// (--remap-path-prefix in scripts/env.sh, −0.4 KB), so the 0.5 KB for a build on another
// machine is gone too; 288,944 bytes, plus 56 for brotli's whims should the registry's
// folder be named otherwise elsewhere (the same length, other letters). Lowered to
// 269,200: the standard library rebuilt for size (app_release_env in scripts/env.sh:
// panics abort with no message or location, Debug prints nothing; −19.8 KB); 269,158
// bytes, and no path of any machine is left in the WASM. Lowered to 264,960: the JS glue,
// its snippets and the stylesheet minified by esbuild (scripts/minify.mjs, −4.2 KB);
// 264,910 bytes. Lowered to 258,530: the names between the WASM and its glue shortened
// (scripts/wasm-names.mjs) and gloo-net's errors described without serde_json's texts
// (−6.3 KB); 258,476 bytes. Lowered to 258,190: the glue's module named `$` in the WASM's
// imports and its unused custom sections dropped (−0.3 KB); 258,137 bytes. Lowered to
// 257,910: the snippets bundled into the glue (scripts/minify.mjs; −0.3 KB, and four
// requests fewer); 257,861 bytes. Lowered to 257,860: wasm-split's version marker, an
// export named with a hash of the build, dropped (scripts/wasm-names.mjs): the WASM no
// longer differs with the checkout's path (a clone elsewhere came out 20 bytes larger);
// 257,814 bytes. Lowered to 249,150: drafts and comment secrets in a sorted list instead
// of a BTreeMap (−3.3 KB) and serde-wasm-bindgen patched to name an unexpected value's
// kind instead of printing it, which had brought back Rust's float formatter
// (vendor/serde-wasm-bindgen/PATCHED.md, −5.6 KB): 248,848 bytes; with "Læs også"'s
// thumbnails on phones (+0.25 KB, 14 KB fewer picture bytes on the slow phone's article)
// 249,094 bytes. Lowered to 243,150: serde's machinery for one type each taken out —
// `FeedError` externally tagged (its adjacent tagging had linked serde's buffering `Content`,
// −1.7 KB), `ErrorCode` read by a hand-written decoder (−0.4 KB), an issue's articles
// sorted by stable insertion instead of the standard library's stable sort (−1.9 KB),
// serde-wasm-bindgen's cache of JS strings dropped (−0.6 KB), every effect's body boxed so
// Leptos' effect task is instantiated once (−1.3 KB); with the front page's thumbnails on
// phones (+0.05 KB): 243,142 bytes. Lowered to 231,000: the router's `FlatRoutes` instead
// of the nested `Routes` for the app's one catch-all route (−12.1 KB): 230,996 bytes.
// Lowered to 230,760: `ErrorCode`'s list written once (a macro; −0.2 KB): 230,756 bytes.
// Lowered to 213,370: the app's own small router (src/router.rs) instead of leptos_router
// (−17.4 KB): 213,367 bytes.
// Lowered to 213,314: the takeover split into tasks without a long one (issue 11; the
// header and reading tools hydrated later, each page's code apart, the article's print
// address inside the reading tools), and the recent list written after the new page's
// paint when an article is opened in the app: 213,314 bytes.
// Lowered to 201,982: every JSON the app reads read field by field (src/json.rs,
// `FromJson`) instead of through serde's derived decoders (−11.1 KB), the text size shown
// from a list of labels (−0.2 KB), with the front page's sections past the first under
// `content-visibility` (+0.04 KB): 201,982 bytes. Lowered to 201,969: those sections' room
// for a focus outline (the stylesheet compresses 13 bytes better): 201,969 bytes.
// Lowered to 201,850: the article's side column usable while it waits (one `later` part's
// code without the `inert` step): 201,850 bytes.

import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { join, relative, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

/** App transfer budget in bytes (JS + WASM + CSS, brotli as served). */
export const BUDGET = 201_850;
/** The goal, printed for comparison. */
export const GOAL = 150 * 1024;

const APP = /\.(wasm|js|css)$/;

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return /\.(br|gz)$/.test(e.name) ? [] : [p];
  });
}

function compressed(path, ext, make) {
  // An empty copy is one still being written: count what it will be.
  const served = existsSync(path + ext) ? statSync(path + ext).size : 0;
  return served > 0 ? served : make(readFileSync(path)).length;
}

/** One row per served file of `dist`, largest brotli first. */
export function sizes(dist) {
  return walk(dist)
    .map((path) => ({
      file: relative(dist, path),
      raw: statSync(path).size,
      gzip: compressed(path, ".gz", (b) => gzipSync(b, { level: 9 })),
      brotli: compressed(path, ".br", (b) =>
        brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      ),
      // The app: the WASM, its JS module (with its snippets), the stylesheet. Not the service
      // worker (sw.js), which is fetched after the page has loaded.
      app: APP.test(path) && !path.endsWith("sw.js"),
    }))
    .sort((a, b) => b.brotli - a.brotli);
}

/** The app's transfer (brotli), in bytes. */
export function appTransfer(rows) {
  return rows.filter((r) => r.app).reduce((sum, r) => sum + r.brotli, 0);
}

const kb = (n) => (n / 1024).toFixed(1);

export function table(rows, markdown = false) {
  const app = rows.filter((r) => r.app);
  const total = (k) => app.reduce((s, r) => s + r[k], 0);
  const lines = [];
  if (markdown) {
    lines.push("| file | raw KB | gzip KB | brotli KB | app |", "| --- | ---: | ---: | ---: | --- |");
    for (const r of rows)
      lines.push(`| ${r.file} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${r.app ? "yes" : ""} |`);
    lines.push(
      `| **app (JS + WASM + CSS)** | ${kb(total("raw"))} | ${kb(total("gzip"))} | **${kb(total("brotli"))}** | |`,
    );
  } else {
    const pad = (s, n) => String(s).padStart(n);
    lines.push(`${"file".padEnd(52)}${pad("raw KB", 10)}${pad("gzip KB", 10)}${pad("brotli KB", 11)}`);
    for (const r of rows)
      lines.push(`${(r.file + (r.app ? " *" : "")).padEnd(52)}${pad(kb(r.raw), 10)}${pad(kb(r.gzip), 10)}${pad(kb(r.brotli), 11)}`);
    lines.push(
      `${"app transfer (* = JS + WASM + CSS)".padEnd(52)}${pad(kb(total("raw")), 10)}${pad(kb(total("gzip")), 10)}${pad(kb(total("brotli")), 11)}`,
    );
  }
  return lines.join("\n");
}

function main(argv) {
  const flags = argv.filter((a) => a.startsWith("--"));
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const dist = argv.find((a) => !a.startsWith("--")) ?? join(root, "dist");
  const rows = sizes(dist);
  if (!rows.some((r) => r.file.endsWith(".wasm"))) {
    console.error(`no .wasm in ${dist}: run make build first`);
    return 2;
  }
  const app = appTransfer(rows);
  if (flags.includes("--markdown")) {
    console.log(table(rows, true));
    return 0;
  }
  if (!flags.includes("--check")) console.log(table(rows));
  const line = `app transfer ${app} bytes brotli (${kb(app)} KB); budget ${BUDGET} (${kb(BUDGET)} KB), goal ${kb(GOAL)} KB`;
  if (app > BUDGET) {
    console.error(`size check FAILED: ${line}`);
    return 1;
  }
  console.log(`size check ok: ${line}`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
