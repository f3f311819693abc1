// Starts the real server (release build, real dist/, a copy of the demo content) and a
// real Chromium for end-to-end tests.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// Both can point elsewhere, e.g. to check that a new test fails on an older build.
const SERVER = process.env.BEBOERBLAD_SERVER ?? join(ROOT, 'target/server/beboerblad-server');
export const DIST = process.env.BEBOERBLAD_DIST ?? join(ROOT, 'dist');

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const DESKTOP = { viewport: { width: 1280, height: 800 } };
export const VIEWPORTS = { phone: PHONE, desktop: DESKTOP };

/**
 * Starts a server on a free port with its own copy of the demo content (or of the content
 * directory `from`, e.g. a generated archive) and its own database.
 * `prepare(contentDir)` may change the content before the server starts;
 * `dist` serves another build. `restart({ dist })` stops it and starts it again on the
 * same address with the same content and database (a deploy), possibly another build.
 * `editors` ([{ name, password }]) are added to its database with the real command line
 * (`add-editor`) before it starts, so they can sign in to the desk at /redaktion.
 */
export async function startServer({ extraArgs = [], prepare, dist = DIST, editors = [], from = join(ROOT, 'content') } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'beboerblad-e2e-'));
  const content = join(dir, 'content');
  const db = join(dir, 'data', 'beboerblad.db');
  cpSync(from, content, { recursive: true });
  if (prepare) await prepare(content);
  for (const { name, password } of editors) addEditor(db, name, password);
  const launchAt = async (addr, build) => {
    const child = spawn(SERVER, ['--addr', addr, '--content', content, '--dist', build,
      '--db', db, ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, RUST_LOG: 'warn' },
    });
    child.log = '';
    child.stderr.on('data', (d) => { child.log += d; });
    const url = await new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start: ${child.log}`)), 15000);
      child.stdout.on('data', (d) => {
        const m = /http:\/\/(127\.0\.0\.1:\d+)/.exec(String(d));
        if (m) { clearTimeout(timer); ok(`http://${m[1]}`); }
      });
      child.on('exit', (code) => fail(new Error(`server exited (${code}): ${child.log}`)));
    });
    return { child, url };
  };
  const halt = async (child) => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await withTimeout(exited, 15000, 'the server did not stop on SIGTERM');
    }
  };
  let { child, url } = await launchAt('127.0.0.1:0', dist);
  let earlier = '';
  return {
    url, content, dir,
    log: () => earlier + child.log,
    /** Stops the server but keeps its content and database (for `restart`). */
    async halt() {
      await halt(child);
    },
    async restart({ dist: build = dist } = {}) {
      await halt(child);
      earlier += child.log;
      ({ child } = await launchAt(url.replace('http://', ''), build));
    },
    async stop() {
      await halt(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `beboerblad-server --db DB add-editor NAME`, the password on standard input. */
export function addEditor(db, name, password) {
  const run = spawnSync(SERVER, ['--db', db, 'add-editor', name], { input: `${password}\n`, encoding: 'utf8', timeout: 30000 });
  if (run.status !== 0) throw new Error(`add-editor ${name} failed (${run.status}): ${run.stderr}`);
}

/** axe's violations on the page as it is now, one line each, prefixed with `label`. */
export async function axeViolations(page, label) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) =>
    `${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

const CHROMIUM = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};

export async function launch() {
  return chromium.launch(CHROMIUM);
}

/**
 * A Chromium with a profile on disk (in a temporary directory, removed by `close`) and
 * one page in it, watched like `newPage`'s. For what Chromium refuses in the throwaway
 * profiles of `launch()`'s contexts, such as installing the app ("in-incognito"), or,
 * with `thirdPartyCookies`, third-party cookies and storage (a frame of another site
 * keeping bookmarks), which a regular profile may allow.
 */
export async function launchProfile(viewport, { thirdPartyCookies = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'beboerblad-profile-'));
  if (thirdPartyCookies) {
    mkdirSync(join(profile, 'Default'));
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  }
  const context = await chromium.launchPersistentContext(profile, { ...CHROMIUM, ...viewport, locale: 'da-DK' });
  await watchCsp(context);
  const page = watchProblems(context.pages()[0] ?? await context.newPage());
  return {
    context, page,
    async close() {
      await context.close();
      // The browser may still be writing to the profile as it exits.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}

/** Content-Security-Policy violations on any page since the last test ended. */
const cspViolations = [];
/** Called with each violation as it arrives. */
const cspListeners = new Set();

function reportCspViolation(what) {
  cspViolations.push(what);
  for (const listener of cspListeners) listener(what);
}

/**
 * Waits (at most `ms`) for a violation that `matches`, then takes every violation
 * recorded so far out of the check after the test; for tests that cause one on purpose.
 */
export async function expectCspViolation(matches, ms = 5000) {
  let listener;
  const seen = new Promise((ok) => {
    listener = (what) => { if (matches(what)) ok(what); };
    cspListeners.add(listener);
    for (const what of cspViolations) listener(what);
  });
  try {
    return await withTimeout(seen, ms, 'no such Content-Security-Policy violation');
  } finally {
    cspListeners.delete(listener);
    cspViolations.splice(0);
  }
}

// Every test of every spec fails when a page it opened broke the Content-Security-Policy
// (a hook of the file's root, registered when a spec imports this module).
afterEach(() => {
  assert.deepEqual(cspViolations.splice(0), [], 'Content-Security-Policy violations');
});

/**
 * A page that fails the test on console errors and uncaught exceptions (`page.problems`),
 * and on any Content-Security-Policy violation in its context (checked after each test).
 * Service workers are off unless asked for (`serviceWorkers: 'allow'`): requests a worker
 * makes bypass `page.route`, which other specs use to hold and fail requests; the
 * worker's own specs (offline.test.js, update.test.js) turn it on.
 */
export async function newPage(browser, viewport, { javaScriptEnabled = true, serviceWorkers = 'block' } = {}) {
  const context = await browser.newContext({ ...viewport, javaScriptEnabled, serviceWorkers, locale: 'da-DK' });
  await watchCsp(context);
  return watchProblems(await context.newPage());
}

/** Records every Content-Security-Policy violation on the context's pages (checked after each test). */
async function watchCsp(context) {
  await context.exposeBinding('__beboerbladCspViolation', ({ frame }, what) => reportCspViolation(`${frame.url()}: ${what}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__beboerbladCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    }, true);
  });
  // Without JavaScript no listener runs; the browser still reports violations on the console.
  context.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) reportCspViolation(`console: ${m.text().split('. ')[0]}`);
  });
}

/** Collects the page's console errors and uncaught exceptions in `page.problems`. */
function watchProblems(page) {
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !page.allowErrors) page.problems.push(`console: ${m.text()}`);
  });
  return page;
}

/** Waits until the WASM app has taken over the page. */
export async function appReady(page) {
  await page.waitForSelector('html[data-app="ready"]', { timeout: 20000 });
}

/** Waits until a service worker controls the page. */
export async function workerControls(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
}

/** Waits until the article's picture has loaded (not a broken image). */
export async function pictureLoaded(page) {
  await page.waitForFunction(() => {
    const img = document.querySelector('.hero img');
    return img && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 10000 });
}

/** The page's problems besides the failed requests of a browser with no network. */
export function problemsBesidesOffline(page) {
  return page.problems.filter((p) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/.test(p));
}

/** Resolves with `promise`, or fails with `message` after `ms`. */
export async function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, fail) => { timer = setTimeout(() => fail(new Error(`${message} (after ${ms} ms)`)), ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `fn(server)` with a server of its own, stopped afterwards whatever happens. */
export async function withServer(options, fn) {
  const server = await startServer(options);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

/** Holds every .wasm response until the returned `release()` is called (the server's page before takeover). */
export async function holdWasm(page) {
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
  return release;
}

/** Records every layout shift of the page from its start (call before `goto`); see `layoutShifts`. */
export async function recordLayoutShifts(page) {
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__shifts.push(entry.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The layout shifts recorded so far (their sum is the CLS). */
export async function layoutShifts(page) {
  return page.evaluate(() => window.__shifts);
}

/** Waits until the browser has painted twice (layout and paint after the last change). */
export async function painted(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The reader id the server issued to this browser context (asked for on first use). */
export async function readerId(page) {
  const handle = await page.waitForFunction(() => localStorage.getItem('beboerblad.laeser.v1'));
  return handle.jsonValue();
}

/** A rating as the server stored it, asked through the real API (the reader id in its header). */
export async function storedRating(server, article, reader) {
  const response = await fetch(`${server.url}/api/articles/${article}/rating`, { headers: { 'Beboerblad-Reader': reader } });
  if (!response.ok) throw new Error(`GET rating: ${response.status} ${await response.text()}`);
  return response.json();
}
