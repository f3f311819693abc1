// Issue 12's figures at archive scale: the front page, an issue, a section, /arkiv and an
// article of the 10,000-article archive (`make archive`) against the same kind of page of
// the demo (34 articles): first text painted and takeover, cold, on the slow phone (4× CPU)
// over the 150 ms profile, and in-app navigation from the front page to each (to the front page: from /kolofon) (click →
// the page's first text painted, loopback network, 4× CPU). Runs alternate between the
// demo and the archive; medians. Budget: the archive within 10 % of the demo. Prints a
// Markdown table; fails only on errors.
//   node bench/scale.mjs [runs]    (default 5; ARCHIVE=dir, default /tmp/beboerblad-archive;
//                                   ONLY=/arkiv,section: only those kinds of page)
import { DIST, appReady, launch, startServer } from '../tests/e2e/lib/harness.js';
import { NETWORKS, SLOW_PHONE, probeNavigation, throttle, timeNavigation, timedVisit } from '../tests/e2e/lib/profiles.js';

const RUNS = Number(process.argv[2] ?? 5);
const ARCHIVE = process.env.ARCHIVE ?? '/tmp/beboerblad-archive';
const NET = NETWORKS[1];
// The first card's title: Element Timing reports text by the block that holds it (an
// <article class="card"> holds none of its own, and the archive's cards no picture).
const LIST = 'main .card-title';
const ARTICLE = '.article-body p';

const demo = await startServer({ dist: DIST });
const archive = await startServer({ dist: DIST, from: ARCHIVE });
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const sites = [['demo', demo], ['archive', archive]];
  const pages = {};
  for (const [name, server] of sites) pages[name] = await kinds(server.url);
  const rows = [];
  const only = process.env.ONLY?.split(',');
  for (const kind of Object.keys(pages.demo.kinds).filter((k) => !only || only.includes(k))) {
    const figures = { demo: { text: [], takeover: [], nav: [] }, archive: { text: [], takeover: [], nav: [] } };
    for (let i = 0; i < RUNS; i++) {
      for (const [name, server] of sites) {
        const { path, selector } = pages[name].kinds[kind];
        const r = await timedVisit(browser, server.url + path, NET, true, selector);
        figures[name].text.push(r.text);
        figures[name].takeover.push(r.takeover);
        figures[name].nav.push(await navigate(server.url, path, selector));
      }
    }
    for (const [what, key] of [['first text', 'text'], ['takeover', 'takeover'], ['in-app navigation', 'nav']]) {
      const [d, a] = [median(figures.demo[key]), median(figures.archive[key])];
      const ratio = a / d;
      const verdict = ratio <= 1.1 ? 'met' : '**over** (≤ 1.10×)';
      rows.push(`| ${kind} | ${what} | ${d.toFixed(0)} ms | ${a.toFixed(0)} ms | ${ratio.toFixed(2)}× | ${verdict} |`);
    }
  }
  console.log(`The demo (${pages.demo.count} articles) and the archive (${pages.archive.count} articles, \`${ARCHIVE}\`);`);
  console.log(`phone 412×823, 4× CPU; load: cold, ${NET.short}; navigation: loopback. Medians of ${RUNS} alternating runs.\n`);
  console.log('| page | what | demo | archive | archive / demo | budget |');
  console.log('| --- | --- | ---: | ---: | ---: | --- |');
  console.log(rows.join('\n'));
} finally {
  await browser.close();
  await demo.stop();
  await archive.stop();
}

/** A page of each kind on `url`'s server, from its own page files: an issue and an
 * article from the middle of the archive, the first section, the first archive page. */
async function kinds(url) {
  const get = async (file) => (await fetch(`${url}/feed/${file}`)).json();
  const issues = (await get('blad.json'))._beboerblad.issues;
  const first = await get('arkiv/1.json');
  const total = first._beboerblad.archive_window.total;
  const middle = await get(`arkiv/${Math.max(1, Math.ceil(total / 40))}.json`);
  return {
    count: total,
    kinds: {
      front: { path: '/', selector: LIST },
      issue: { path: `/blad/${issues[Math.floor(issues.length / 2)].id}`, selector: LIST },
      section: { path: `/sektion/${first._beboerblad.sections[0].id}`, selector: LIST },
      '/arkiv': { path: '/arkiv', selector: LIST },
      article: { path: `/artikel/${middle.items[0].id}`, selector: ARTICLE },
    },
  };
}

/** From the front page (taken over; for the front page itself, from the colophon), a
 * click on a link to `path`: ms until the new page's first text is painted (the frame
 * after it exists). */
async function navigate(url, path, selector) {
  const start = path === '/' ? '/kolofon' : '/';
  const context = await browser.newContext({ ...SLOW_PHONE, serviceWorkers: 'block' });
  const page = await context.newPage();
  await probeNavigation(page);
  await page.goto(url + start);
  await appReady(page);
  await page.waitForLoadState('networkidle');
  await throttle(context, page);
  // The link may not be on the front page (an article from the middle): put one in the
  // app's main, where the router takes its clicks as any of its own links.
  await page.evaluate((href) => {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = 'Bench';
    a.id = 'bench-link';
    document.querySelector('main').prepend(a);
  }, path);
  const ms = await timeNavigation(page, () => page.click('#bench-link'), { path, selector });
  await context.close();
  return ms;
}
