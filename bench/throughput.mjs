// Issue 12's throughput figures on this machine: the release server on a loopback port
// (its own copy of content/ and a new database, stopped afterwards) under a real load
// generator on the same machine. Prints a Markdown table against the budgets:
//   pages and the feed  ≥ 5,000 requests/s with p99 ≤ 20 ms, each with and without
//                       `accept-encoding: br` (oha, a fixed duration per row);
//   rating PUTs         ≥ 1,000 requests/s, and every acknowledged write stored
//                       (autocannon, a fixed count; checked through the API afterwards).
//   node bench/throughput.mjs [--check]   (after `make build` and bench/throughput.sh's installs)
// THROUGHPUT_SECONDS (default 10) per page row, THROUGHPUT_CONNECTIONS (default 32),
// THROUGHPUT_READERS (default 300); THROUGHPUT_ONLY=pages or =puts runs one half.
// `--check` exits non-zero when a budget is missed; without it, only on errors or a lost
// write.
//
// The PUTs honour the server's default abuse limits (nothing is loosened for the bench):
// the server trusts 127.0.0.1 as a reverse proxy (`--trusted-proxy 127.0.0.1`) and each
// simulated reader comes from its own address in X-Forwarded-For (10.x.y.z: header values
// only, no traffic leaves 127.0.0.1), asks for its reader id once (POST /api/readers: one
// per address, the limit is 20 an hour), then rates every article once. So each address
// brings one new voter per article (the cap is 3 a day) and makes as many rating changes
// as there are articles in the run (the limit is 60 a minute per reader and per address),
// and each acknowledged PUT is one (reader, article) row: the stored counts per article and
// star must equal the acknowledged PUTs exactly. oha sends one fixed set of headers and
// draws bodies at random, so it cannot be these readers; autocannon's per-request hooks
// can (see docs/measurements.md).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { ROOT, startServer } from '../tests/e2e/lib/harness.js';

export const OHA = process.env.OHA ?? join(ROOT, 'target/bench-tools/bin/oha');
const AUTOCANNON = join(ROOT, 'bench/throughput/node_modules/autocannon/autocannon.js');
const SECONDS = Number(process.env.THROUGHPUT_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.THROUGHPUT_CONNECTIONS ?? 32);
const READERS = Number(process.env.THROUGHPUT_READERS ?? 300);
const CHECK = process.argv.includes('--check');
const ONLY = process.env.THROUGHPUT_ONLY;

export const BUDGET = { pageRps: 5000, pageP99Ms: 20, putRps: 1000 };

for (const [tool, path] of [['oha', ONLY === 'puts' ? null : OHA], ['autocannon', AUTOCANNON]]) {
  if (!path) continue;
  if (!existsSync(path)) throw new Error(`${tool} is missing at ${path}: run bash bench/throughput.sh`);
}
const { default: autocannon } = await import(AUTOCANNON);

/** oha for `seconds` against `url`: requests/s, p50/p99 in ms, answers by status, bytes per answer. */
function oha(url, headers) {
  const args = ['-z', `${SECONDS}s`, '-w', '-c', String(CONNECTIONS), '--no-tui', '--output-format', 'json'];
  // oha asks for compressed answers unless told not to; `-H` then says exactly what is sent.
  args.push('--disable-compression');
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  const out = JSON.parse(execFileSync(OHA, [...args, url], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  const statuses = out.statusCodeDistribution ?? {};
  const errors = Object.values(out.errorDistribution ?? {}).reduce((a, b) => a + b, 0);
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    rps: out.summary.requestsPerSec,
    p50: out.latencyPercentiles.p50 * 1000,
    p99: out.latencyPercentiles.p99 * 1000,
    ok: statuses['200'] ?? 0,
    answered,
    errors,
    bytes: answered ? out.summary.totalData / answered : 0,
  };
}

/**
 * One request on a connection of its own (the server closes connections idle for its
 * header timeout, and a kept-alive one could be reused just as it closes after a long
 * row). Resolves with the status, headers and body.
 */
function call(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((ok, fail) => {
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => ok({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', fail);
    request.setTimeout(10000, () => request.destroy(new Error(`${method} ${url}: no answer in 10 s`)));
    request.end(body);
  });
}

const json = async (url, options) => JSON.parse((await call(url, options)).body);

/** What a row's requests get: status and encoding. */
async function probe(url, headers) {
  const response = await call(url, { headers });
  return { status: response.status, encoding: response.headers['content-encoding'] ?? 'identity' };
}

/** The `i`th client address as a reverse proxy would pass it on: 10.0.0.1, 10.0.0.2, … */
const address = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function ratingRun(base, articles) {
  const readers = [];
  for (let i = 1; i <= READERS; i++) {
    const addr = address(i);
    const response = await call(`${base}/api/readers`, { method: 'POST', headers: { 'x-forwarded-for': addr } });
    if (response.status !== 201) throw new Error(`POST /api/readers from ${addr}: ${response.status} ${response.body}`);
    readers.push({ addr, id: JSON.parse(response.body).reader });
  }
  // Article-major: requests in flight together come from different readers and addresses.
  const plan = [];
  for (const [a, article] of articles.entries()) {
    for (const [r, reader] of readers.entries()) plan.push({ article, reader, value: 1 + ((a + r) % 5) });
  }
  let next = 0;
  const acknowledged = new Map(articles.map((a) => [a, [0, 0, 0, 0, 0]]));
  const refused = new Map();
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    amount: plan.length,
    timeout: 10,
    requests: [{
      setupRequest(request, context) {
        const item = plan[next++];
        context.item = item;
        return {
          ...request,
          method: 'PUT',
          path: `/api/articles/${item.article}/rating`,
          headers: { 'content-type': 'application/json', 'x-forwarded-for': item.reader.addr },
          body: JSON.stringify({ reader: item.reader.id, value: item.value }),
        };
      },
      onResponse(status, _body, context) {
        const { item } = context;
        if (status === 200) acknowledged.get(item.article)[item.value - 1]++;
        else refused.set(status, (refused.get(status) ?? 0) + 1);
      },
    }],
  });
  // Every acknowledged write, read back through the API: counts per article and star.
  const lost = [];
  let stored = 0;
  for (const article of articles) {
    const { counts } = await json(`${base}/api/articles/${article}/rating`);
    stored += counts.reduce((a, b) => a + b, 0);
    const expected = acknowledged.get(article);
    if (counts.join() !== expected.join()) lost.push(`${article}: stored ${counts.join('/')}, acknowledged ${expected.join('/')}`);
  }
  const ok = [...acknowledged.values()].flat().reduce((a, b) => a + b, 0);
  return {
    planned: plan.length,
    ok,
    stored,
    lost,
    refused: Object.fromEntries(refused),
    errors: result.errors + result.timeouts,
    rps: ok / (result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    duration: result.duration,
  };
}

const server = await startServer({ extraArgs: ['--trusted-proxy', '127.0.0.1'] });
const rows = [];
const failures = [];
let put;
try {
  const feed = await json(`${server.url}/feed.json`);
  const articles = feed.items.map((i) => i.id);
  const article = articles[0];
  const issue = feed._beboerblad.issues[0].id;
  const pages = [['front page', '/'], ['an article', `/artikel/${article}`], ['an issue', `/blad/${issue}`],
    ['the feed', '/feed.json'], ["an issue's page file (in-app navigation)", `/feed/blad/${issue}.json`],
    ["an article's page file", `/feed/artikel/${article}.json`]];
  for (const [name, path] of ONLY === 'puts' ? [] : pages) {
    for (const [encoding, headers] of [['identity', {}], ['br', { 'accept-encoding': 'br' }]]) {
      const url = server.url + path;
      const seen = await probe(url, headers);
      if (seen.status !== 200) failures.push(`${path}: ${seen.status}`);
      const r = oha(url, headers);
      if (r.errors || r.ok !== r.answered) failures.push(`${path} (${encoding}): ${r.answered - r.ok} not 200, ${r.errors} failed`);
      rows.push({ name: `${name} \`${path}\``, encoding: `${encoding} (${seen.encoding} sent)`, ...r });
    }
  }
  if (ONLY !== 'pages') put = await ratingRun(server.url, articles);
  if (put?.lost.length) failures.push(`lost writes: ${put.lost.join('; ')}`);
  if (put && put.stored !== put.ok) failures.push(`${put.ok} PUTs acknowledged but ${put.stored} ratings stored`);
  if (put?.errors) failures.push(`${put.errors} PUTs failed or timed out`);
} finally {
  await server.stop();
}

const verdict = (ok) => (ok ? 'met' : '**over**');
const f0 = (n) => Math.round(n).toLocaleString('en-US');
const f1 = (n) => n.toFixed(1);
const ohaVersion = ONLY === 'puts' ? '' : execFileSync(OHA, ['--version'], { encoding: 'utf8' }).trim().split(' ').pop();
console.log(`Loopback, ${CONNECTIONS} connections, oha ${ohaVersion} ` +
  `for ${SECONDS} s per page row, autocannon for the PUTs; load average before: ${process.env.LOADAVG_BEFORE ?? '?'}.`);
console.log();
console.log('| request | accept-encoding | requests/s | p50 ms | p99 ms | bytes/answer | budget | verdict |');
console.log('|---|---|--:|--:|--:|--:|---|---|');
let missed = false;
for (const r of rows) {
  const ok = r.rps >= BUDGET.pageRps && r.p99 <= BUDGET.pageP99Ms;
  missed ||= !ok;
  console.log(`| ${r.name} | ${r.encoding} | ${f0(r.rps)} | ${f1(r.p50)} | ${f1(r.p99)} | ${f0(r.bytes)} | ≥ ${f0(BUDGET.pageRps)}/s, p99 ≤ ${BUDGET.pageP99Ms} ms | ${verdict(ok)} |`);
}
if (put) {
  const ok = put.rps >= BUDGET.putRps && put.lost.length === 0 && put.stored === put.ok;
  missed ||= !ok;
  console.log(`| rating PUTs \`PUT /api/articles/{id}/rating\` (${READERS} readers × ${put.planned / READERS} articles) | – | ` +
    `${f0(put.rps)} | ${f1(put.p50)} | ${f1(put.p99)} | – | ≥ ${f0(BUDGET.putRps)}/s, every write stored | ${verdict(ok)} |`);
  console.log();
  console.log(`PUTs: ${put.planned} sent, ${put.ok} acknowledged (200), ${put.stored} stored as read back through the API` +
    `${Object.keys(put.refused).length ? `, refused: ${JSON.stringify(put.refused)}` : ''}, in ${f1(put.duration)} s.`);
}
console.log(`Load average after: ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ')}.`);
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
if (CHECK && missed) process.exit(2);
