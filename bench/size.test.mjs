// The size check of scripts/test.sh: it must fail above the budget, and count only what
// the app downloads (the precompressed copy when there is one; not the service worker).
// Run: node --test bench/
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { BUDGET, sizes, appTransfer } from "./size.mjs";

const script = new URL("./size.mjs", import.meta.url).pathname;

function dist(files) {
  const dir = mkdtempSync(join(tmpdir(), "size-test-"));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

function check(dir) {
  return spawnSync(process.execPath, [script, "--check", dir], { encoding: "utf8" });
}

test("the check fails when the app is above the budget", (t) => {
  // Random bytes do not compress: the brotli copy is as large as the file.
  const dir = dist({ "app_bg.wasm": randomBytes(BUDGET + 1024), "app.js": "export {}" });
  t.after(() => rmSync(dir, { recursive: true }));
  const run = check(dir);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stderr, /size check FAILED/);
});

test("the check passes below the budget and counts the served .br copy", (t) => {
  const wasm = randomBytes(BUDGET + 1024);
  const dir = dist({ "app_bg.wasm": wasm, "app_bg.wasm.br": randomBytes(1000), "app.css": "p{}" });
  t.after(() => rmSync(dir, { recursive: true }));
  const run = check(dir);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const rows = sizes(dir);
  assert.equal(rows.find((r) => r.file === "app_bg.wasm").brotli, 1000);
  assert.equal(rows.find((r) => r.file === "app_bg.wasm").raw, wasm.length);
});

test("the service worker and pictures are not app transfer", (t) => {
  const dir = dist({
    "app_bg.wasm": randomBytes(2000),
    "sw.js": randomBytes(5000),
    "icon.png": randomBytes(5000),
  });
  t.after(() => rmSync(dir, { recursive: true }));
  const rows = sizes(dir);
  assert.equal(appTransfer(rows), rows.find((r) => r.file === "app_bg.wasm").brotli);
});

test("the check refuses a dist without the app", (t) => {
  const dir = dist({ "index.html": "<p>" });
  t.after(() => rmSync(dir, { recursive: true }));
  assert.equal(check(dir).status, 2);
});
