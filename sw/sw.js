/* beboerblad's service worker: reads offline, answers repeat visits at once.
 *
 * Hand-written (README, "Install and offline", says why): scripts/sw-build.mjs copies this
 * file into each build with the build's version and the exact hashed file names of its
 * app shell, so every build has its own worker. All URLs are relative to the worker's
 * scope, so a deployment under a sub-path works unchanged.
 *
 * Caches (names start with "beboerblad-"):
 *   shell-VERSION  this build's files and pages rendered with them (precached at install)
 *   kept           older builds' files that cached pages still use (a page from a cache
 *                  never references a file the caches no longer hold, after a deploy too)
 *   articles       bookmarked and recently read articles (the app says which) with images
 *   pages          other pages as last fetched, the fallback when the network fails
 *   images         other images, cache first, capped
 *   data           the feed and its page files (stale-while-revalidate) and API reads
 *                  (network first). A page file the network cannot give is made from the
 *                  page the device holds (its data island is the same document).
 */

const VERSION = '__BEBOERBLAD_VERSION__';
/** This build's files, relative to the scope. */
const ASSETS = __BEBOERBLAD_ASSETS__;
/** Pages every install renders with this build: the app opens offline on them (on
 * `soeg`, the app then searches the stored articles, see `offlineSearch`). */
const PAGES = ['./', './offline', './mine/bogmaerker', './mine/seneste', './soeg'];

const PREFIX = 'beboerblad-';
const SHELL = `${PREFIX}shell-${VERSION}`;
const KEPT = `${PREFIX}kept`;
const ARTICLES = `${PREFIX}articles`;
const VISITED = `${PREFIX}pages`;
const IMAGES = `${PREFIX}images`;
const DATA = `${PREFIX}data`;

/** A navigation waits this long for the network before a cached copy is shown. */
const NAVIGATION_TIMEOUT_MS = 3000;
const VISITED_CAP = 40;
const IMAGES_CAP = 120;
const IMAGES_BYTES_CAP = 25 * 1024 * 1024;
/** Written by the worker on the pages it stores: the build files a page names (its hints
 * left out, see `devicePage`), and the shell that held all of them when it was stored. */
const FILES_HEADER = 'X-Beboerblad-Files';
const SHELL_HEADER = 'X-Beboerblad-Shell';
/** Trunk's hints that fetch the app's scripts and WebAssembly ahead of the parser. */
const HINTS = /<link rel="(?:modulepreload|preload)"[^>]*\shref="[^"]*\.(?:js|wasm)"[^>]*>\n?/g;

const scope = new URL(self.registration.scope);
const at = (relative) => new URL(relative, scope).href;
const ARTICLE = new RegExp(`^${escape(scope.pathname)}artikel/[^/]+/?$`);
const API = `${scope.pathname}api/`;
const SEARCH = `${scope.pathname}api/search`;
/** A page's file of the published feed (docs/feed.md): `feed/artikel/x.json` for `artikel/x`. */
const PAGE_FILE = new RegExp(`^${escape(scope.pathname)}feed/([a-z0-9/_.-]+)\\.json$`);
/** The editors' desk: signed-in pages, never cached here, always from the network. */
const DESK = new RegExp(`^${escape(scope.pathname)}redaktion(/|$)`);

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) =>
      // `reload`: straight from the server, never an older copy from the HTTP cache.
      cache.addAll([...ASSETS, ...PAGES].map((p) => new Request(at(p), { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const older = (await caches.keys()).filter((n) => n.startsWith(`${PREFIX}shell-`) && n !== SHELL);
      // Pages still open and pages in the caches may use the previous build's files:
      // they move to `kept` before the old shell goes, and leave it once nothing uses them.
      await keepOlderFiles(older);
      await Promise.all(older.map((n) => caches.delete(n)));
      await pruneKept();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const message = event.data || {};
  if (message.type === 'skip-waiting') {
    self.skipWaiting();
  } else if (message.type === 'keep' && Array.isArray(message.pages)) {
    wanted = message.pages.filter((p) => typeof p === 'string').map(at);
    event.waitUntil((syncing = syncing.then(syncArticles, syncArticles)));
  } else if (message.type === 'status') {
    event.waitUntil(storedPages().then((pages) => event.source.postMessage({ type: 'stored', pages })));
  } else if (message.type === 'version') {
    event.source.postMessage({ type: 'version', version: VERSION });
  }
});

// The outbox of unsent ratings and comments lives in the page's storage: Background Sync
// wakes the open pages to send it (without one, it is sent when the app next starts).
self.addEventListener('sync', (event) => {
  if (event.tag === 'beboerblad-udbakke') {
    event.waitUntil(tellClients({ type: 'flush' }));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  if (DESK.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event, url));
  } else if (url.pathname === SEARCH) {
    event.respondWith(search(request, url));
  } else if (url.pathname.startsWith(API)) {
    event.respondWith(networkFirst(request));
  } else if (PAGE_FILE.test(url.pathname)) {
    event.respondWith(pageFile(event, request, url));
  } else if (url.pathname.endsWith('.json')) {
    event.respondWith(staleWhileRevalidate(event, request));
  } else if (request.destination === 'image') {
    event.respondWith(image(request));
  } else {
    event.respondWith(file(request));
  }
});

// --- Navigations --------------------------------------------------------------------

async function navigate(event, url) {
  const href = pageKey(url);
  const article = ARTICLE.test(url.pathname);
  const stored = article ? await match(ARTICLES, href) : undefined;
  // A stored article made with this version is answered at once, and refreshed for next
  // time. One stored by an older version is asked for again first (the reader chose to
  // update), with the stored copy as the fallback.
  if (stored && (stored.headers.get(SHELL_HEADER) === SHELL || (await madeWithThisVersion(stored)))) {
    // The refresh starts in a task of its own, after the answer has gone to the page.
    event.waitUntil(nextTask().then(() => refreshArticle(href)).catch(() => {}));
    return stored;
  }
  const network = fetch(event.request).then(async (response) => {
    if (response.ok && response.type === 'basic' && !response.redirected) {
      await putCapped(VISITED, href, response.clone(), VISITED_CAP);
      if (stored) await storeArticle(await caches.open(ARTICLES), href, response.clone()).catch(() => {});
    }
    return response;
  });
  event.waitUntil(network.catch(() => {}));
  const timer = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS, null));
  try {
    const early = await Promise.race([network, timer]);
    if (early) return early;
    // A slow network: a copy from the caches now, if there is one; else keep waiting.
    return (await cachedPage(href)) || (await network);
  } catch {
    return (await cachedPage(href)) || Response.redirect(`${at('offline')}?side=${encodeURIComponent(url.pathname + url.search)}`, 303);
  }
}

/** Whether every file a cached page names belongs to this version's shell. */
async function madeWithThisVersion(page) {
  return inShell(await filesOfPage(page));
}

async function inShell(files) {
  const shell = await caches.open(SHELL);
  for (const href of files) {
    if (!(await shell.match(href))) return false;
  }
  return true;
}

/** Pages are cached without their query (`?utm_…`), except the archive's paging. */
function pageKey(url) {
  return url.origin + url.pathname;
}

async function cachedPage(href) {
  return (await match(ARTICLES, href)) || (await match(VISITED, href)) || (await match(SHELL, href));
}

// --- Articles kept for offline reading ------------------------------------------------

let wanted = [];
let syncing = Promise.resolve();

/** Makes `articles` hold exactly the wanted pages and the images they show. */
async function syncArticles() {
  const cache = await caches.open(ARTICLES);
  const want = new Set(wanted);
  const pages = (await cache.keys()).map((r) => r.url).filter(isArticle);
  for (const href of pages) {
    if (!want.has(href)) await cache.delete(href);
  }
  for (const href of want) {
    if (!(await cache.match(href))) {
      // Offline, or the article is gone: it is stored when it can be.
      await storeArticle(cache, href).catch(() => {});
    }
  }
  await pruneArticleImages(cache);
  await tellClients({ type: 'stored', pages: await storedPages() });
}

function isArticle(href) {
  return ARTICLE.test(new URL(href).pathname);
}

/** Stores a page (`response`, or fetched) and every same-origin image it shows; a page
 * whose images cannot all be stored is not kept (it would not read offline). */
async function storeArticle(cache, href, response) {
  const page = response || (await match(VISITED, href)) || (await fetchOk(href));
  const html = await page.clone().text();
  for (const src of imagesOf(html, href)) {
    if (!(await cache.match(src))) {
      const image = (await match(IMAGES, src)) || (await fetchOk(src));
      await cache.put(src, image);
    }
  }
  await cache.put(href, await devicePage(page, html));
}

/**
 * A page as the device keeps it, to be answered from here: without the hints that fetch
 * the app's files ahead of the parser (in its text and the `Link` header) (from the device the files are at hand, and
 * fetching them early only delays the first paint: docs/measurements.md), and with the
 * files it names in a header, and the shell's name when this version's shell holds them
 * all, so that answering it needs neither its text nor a lookup per file.
 */
async function devicePage(page, html) {
  const files = filesOf(html, page.url || scope.href);
  const headers = new Headers(page.headers);
  headers.delete('Content-Length');
  // The server's header that preloads the WASM is a hint like those in the text.
  headers.delete('Link');
  headers.set(FILES_HEADER, [...files].join(' '));
  if (await inShell(files)) headers.set(SHELL_HEADER, SHELL);
  return new Response(html.replace(HINTS, ''), { status: page.status, statusText: page.statusText, headers });
}

/** A stored article fetched again (in the background of a visit). */
async function refreshArticle(href) {
  const response = await fetchOk(href, { cache: 'no-cache' });
  const cache = await caches.open(ARTICLES);
  if (await cache.match(href)) await storeArticle(cache, href, response);
}

async function fetchOk(href, init) {
  const response = await fetch(href, init);
  if (!response.ok || response.redirected) throw new Error(`${href}: HTTP ${response.status}`);
  return response;
}

/** Same-origin images an article page shows (`src` and `srcset`, also of a <picture>'s
 * <source>: the server's WebP copies, which the browser may choose offline). */
function imagesOf(html, base) {
  const found = new Set();
  for (const tag of html.match(/<(?:img|source)\b[^>]*>/gi) || []) {
    const src = /\ssrc="([^"]+)"/i.exec(tag);
    if (src) found.add(src[1]);
    const srcset = /\ssrcset="([^"]+)"/i.exec(tag);
    if (srcset) for (const part of srcset[1].split(',')) found.add(part.trim().split(/\s+/)[0]);
  }
  return [...found]
    .map((s) => new URL(s.replace(/&amp;/g, '&'), base))
    .filter((u) => u.origin === scope.origin)
    .map((u) => u.href);
}

async function pruneArticleImages(cache) {
  const keys = (await cache.keys()).map((r) => r.url);
  const used = new Set();
  for (const href of keys.filter(isArticle)) {
    const page = await cache.match(href);
    for (const src of imagesOf(await page.text(), href)) used.add(src);
  }
  for (const href of keys) {
    if (!isArticle(href) && !used.has(href)) await cache.delete(href);
  }
}

/** The stored articles, relative to the scope (`artikel/…`). */
async function storedPages() {
  const cache = await caches.open(ARTICLES);
  return (await cache.keys())
    .map((r) => r.url)
    .filter(isArticle)
    .map((href) => href.slice(scope.href.length));
}

// --- Files of the app, and of older builds --------------------------------------------

async function file(request) {
  const hit = (await match(SHELL, request)) || (await match(KEPT, request));
  return hit || fetch(request);
}

/** Copies the files of `older` shells into `kept`. */
async function keepOlderFiles(older) {
  const kept = await caches.open(KEPT);
  for (const name of older) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (isPageUrl(request.url)) continue;
      const response = await cache.match(request);
      if (response) await kept.put(request, response);
    }
  }
}

/** Drops kept files that no cached page uses and no open page may still need. */
async function pruneKept() {
  const kept = await caches.open(KEPT);
  const current = await caches.open(SHELL);
  const used = new Set();
  for (const name of [ARTICLES, VISITED]) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (!isPageUrl(request.url)) continue;
      for (const href of await filesOfPage(await cache.match(request))) used.add(href);
    }
  }
  const open = (await self.clients.matchAll({ type: 'window' })).length > 0;
  for (const request of await kept.keys()) {
    const inShell = await current.match(request);
    // While pages are open, the previous build's files stay one more generation.
    if (inShell || (!used.has(request.url) && !open)) await kept.delete(request);
  }
}

function isPageUrl(href) {
  const path = new URL(href).pathname;
  return !/\.[a-z0-9]+$/i.test(path);
}

/** The build files a cached page names: from its header when the worker wrote one. */
async function filesOfPage(page) {
  const listed = page.headers.get(FILES_HEADER);
  if (listed !== null) return new Set(listed.split(' ').filter(Boolean));
  return filesOf(await page.clone().text(), page.url || scope.href);
}

/** The build files a page names (scripts, styles, WebAssembly). */
function filesOf(html, base) {
  const found = new Set();
  for (const m of html.matchAll(/["']([^"'\s<>]+\.(?:js|wasm|css))["']/gi)) {
    const u = new URL(m[1], base);
    if (u.origin === scope.origin) found.add(u.href);
  }
  return found;
}

// --- Data and images ----------------------------------------------------------------

async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(DATA);
  const cached = await cache.match(request);
  const network = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(network.catch(() => {}));
    return cached;
  }
  return network;
}

/** A page file, or without a network (and not fetched before) the data island of the
 * page it belongs to when the device holds that page: the same document. */
async function pageFile(event, request, url) {
  try {
    return await staleWhileRevalidate(event, request);
  } catch (error) {
    const name = PAGE_FILE.exec(url.pathname)[1];
    // `index` is the front page; page 1 of a paged list has the list's own address
    // (`arkiv/1` is `arkiv`, `sektion/nyt/1` is `sektion/nyt`).
    const path = name === 'index' ? '' : name.replace(/^(arkiv|sektion\/[^/]+)\/1$/, '$1');
    const page = await cachedPage(pageKey(new URL(path, scope)));
    const island = page && islandOf(await page.text());
    const magazine = island?.content?.magazine;
    if (!magazine) throw error;
    return new Response(JSON.stringify(magazine), {
      headers: { 'Content-Type': 'application/feed+json; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
}

async function networkFirst(request) {
  const cache = await caches.open(DATA);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

async function image(request) {
  const hit = (await match(ARTICLES, request)) || (await match(IMAGES, request)) || (await match(SHELL, request));
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    await putCapped(IMAGES, request, response.clone(), IMAGES_CAP, IMAGES_BYTES_CAP);
  }
  return response;
}

// --- Search offline -----------------------------------------------------------------

/** `/api/search` from the server; without a network, over the articles stored here. */
async function search(request, url) {
  try {
    return await fetch(request);
  } catch {
    const results = await offlineSearch(url.searchParams.get('q') || '');
    return new Response(JSON.stringify(results), {
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    });
  }
}

const SNIPPET_WORDS = 30;
const SNIPPET_LEAD_IN = 8;
const HITS_MAX = 50;

/** The server's search (server/src/search/) in small: every query word must begin a word
 * of the title, lead or text (with the same folding: case, aa/oe/ae as å/ø/æ; a few Danish
 * endings dropped from the query word instead of a stemmer); title matches first. The
 * answer has the API's shape, with `offline: true`. */
async function offlineSearch(query) {
  query = query.trim().slice(0, 200);
  const terms = [...new Set(wordsOf(query).map((w) => bare(fold(w.text))))].slice(0, 8);
  const found = [];
  const cache = await caches.open(ARTICLES);
  for (const request of await cache.keys()) {
    if (!terms.length || !isArticle(request.url)) continue;
    const article = articleOf(await (await cache.match(request)).text(), request.url);
    if (!article) continue;
    const fields = [article.title, article.summary || '', article.text].map((t) => wordsOf(t).map((w) => fold(w.text)));
    const score = [0, 0, 0];
    const all = terms.every((term) => {
      const counts = fields.map((words) => words.filter((w) => w.startsWith(term)).length);
      score[0] += counts[0] > 0;
      score[1] += counts[1] > 0;
      score[2] += counts[2];
      return counts.some((c) => c > 0);
    });
    if (all) found.push({ article, score });
  }
  found.sort((a, b) => b.score[0] - a.score[0] || b.score[1] - a.score[1] || b.score[2] - a.score[2] ||
    (b.article.published || '').localeCompare(a.article.published || ''));
  const hits = found.slice(0, HITS_MAX).map(({ article }) => {
    const { text, ...hit } = article;
    for (const key of Object.keys(hit)) if (hit[key] == null) delete hit[key];
    return { ...hit, snippet: snippetOf(text, (w) => terms.some((t) => fold(w).startsWith(t))) };
  });
  return { query, total: found.length, hits, offline: true };
}

/** A stored page's data (the JSON island in `<head>`), or null. */
function islandOf(html) {
  const island = /<script type="application\/json" id="beboerblad-data">([\s\S]*?)<\/script>/.exec(html);
  try {
    return island && JSON.parse(island[1]);
  } catch {
    return null;
  }
}

/** The article a stored page shows, from its page data. */
function articleOf(html, href) {
  const island = islandOf(html);
  if (!island) return null;
  try {
    const id = decodeURIComponent(new URL(href).pathname.replace(/\/$/, '').split('/').pop());
    // The island holds the magazine as the server publishes it (docs/feed.md).
    const items = island.content?.magazine?.items || [];
    const a = items.find((x) => x.id === id && x.content_html);
    if (!a) return null;
    const text = a.content_html.replace(/<[^>]*>/g, ' ').replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e) =>
      ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' })[e]).replace(/\s+/g, ' ').trim();
    const ext = a._beboerblad || {};
    const issues = island.content.magazine._beboerblad?.issues || [];
    const issueTitle = issues.find((i) => i.id === ext.issue)?.title;
    return { id: a.id, title: a.title, summary: a.summary, published: a.date_published, section: ext.section,
      issue: ext.issue, issue_title: issueTitle, language: a.language, text };
  } catch {
    return null;
  }
}

function wordsOf(text) {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/** As the server folds words (server/src/search/words.rs). */
function fold(word) {
  const lower = word.toLowerCase().replace(/[äöéèêëüáàâ]/g, (c) => 'æøeeeeuaaa'['äöéèêëüáàâ'.indexOf(c)]);
  return lower.replace(/aa/g, 'å').replace(/oe/g, 'ø').replace(/ae/g, 'æ');
}

/** A query word without a common Danish ending, so it begins the word's other forms. */
function bare(term) {
  const ending = /(erne|ene|ens|ers|en|er|et|es|e|s)$/.exec(term);
  return ending && term.length - ending[0].length >= 4 ? term.slice(0, -ending[0].length) : term;
}

/** A passage of `text` around its first matching word, as the API gives it: plain text
 * and matched words taking turns, plain text first. */
function snippetOf(text, isMatch) {
  const words = wordsOf(text);
  if (!words.length) return [];
  const first = Math.max(0, words.findIndex((w) => isMatch(w.text)));
  const from = Math.max(0, first - SNIPPET_LEAD_IN);
  const to = Math.min(words.length, from + SNIPPET_WORDS);
  const parts = [];
  let plain = from > 0 ? '… ' : '';
  let at = from > 0 ? words[from].start : 0;
  for (const w of words.slice(from, to)) {
    if (!isMatch(w.text)) continue;
    parts.push(plain + text.slice(at, w.start), w.text);
    plain = '';
    at = w.end;
  }
  plain += text.slice(at, to === words.length ? text.length : words[to - 1].end) + (to < words.length ? ' …' : '');
  if (plain) parts.push(plain);
  return parts;
}

// --- Helpers ------------------------------------------------------------------------

async function match(name, request) {
  return (await caches.open(name)).match(request);
}

/** Puts, then drops the oldest entries beyond `entries` (and `bytes`, when known). */
async function putCapped(name, request, response, entries, bytes = Infinity) {
  const cache = await caches.open(name);
  await cache.delete(request);
  await cache.put(request, response);
  const keys = await cache.keys();
  let total = 0;
  const sizes = [];
  for (const key of keys) {
    const size = Number((await cache.match(key))?.headers.get('Content-Length')) || 0;
    sizes.push(size);
    total += size;
  }
  for (let i = 0; i < keys.length - 1 && (keys.length - i > entries || total > bytes); i++) {
    await cache.delete(keys[i]);
    total -= sizes[i];
  }
}

function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function tellClients(message) {
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage(message);
}
