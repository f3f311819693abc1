// The embedding demo's host: a small site of the housing association on another origin
// than the reader (http://localhost:PORT beside the reader's http://127.0.0.1:PORT),
// showing the magazine with the snippet from README ("Embedding"). No dependencies.
//
//   node examples/host/server.mjs --reader http://127.0.0.1:8080/ --port 8081
//
// (`make embed-demo` starts the reader and this together.) The end-to-end tests use
// `startHost` with pages of their own.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIR = dirname(fileURLToPath(import.meta.url));
const FILES = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/kompakt.html': ['kompakt.html', 'text/html; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
  '/favicon.svg': ['favicon.svg', 'image/svg+xml'],
};

/**
 * Starts the host site on 127.0.0.1 (`port` 0: any free one); its pages are addressed
 * as http://localhost:PORT, another origin (and another site) than the reader's.
 * `reader` is the reader's address with its base path and a trailing slash (or a
 * function giving it, for a reader started later); `{{READER}}` in a page becomes it.
 * `pages` adds pages by path (HTML text), e.g. for tests.
 */
export async function startHost({ port = 0, reader, pages = {} } = {}) {
  const readerUrl = () => String(typeof reader === 'function' ? reader() : reader);
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    const file = FILES[path];
    let body;
    let type = 'text/html; charset=utf-8';
    if (pages[path] !== undefined) {
      body = pages[path];
    } else if (file) {
      body = await readFile(join(DIR, file[0]), 'utf8').catch(() => null);
      type = file[1];
    }
    if (body === null || body === undefined || request.method !== 'GET') {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Siden findes ikke\n');
      return;
    }
    const origin = new URL(readerUrl()).origin;
    response.writeHead(200, {
      'Content-Type': type,
      'Cache-Control': 'no-cache',
      // The association's own strict policy: the snippet needs only its script and frame.
      'Content-Security-Policy': `default-src 'self'; script-src 'self' ${origin}; frame-src ${origin}; `
        + "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'",
    });
    response.end(body.replaceAll('{{READER}}', readerUrl()));
  });
  // Every socket has a time limit.
  server.headersTimeout = 5000;
  server.requestTimeout = 10000;
  server.keepAliveTimeout = 5000;
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const origin = `http://localhost:${server.address().port}`;
  return {
    origin,
    url: `${origin}/`,
    async close() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
  };
  const reader = arg('reader', 'http://127.0.0.1:8080/');
  const host = await startHost({ port: Number(arg('port', '8081')), reader: reader.endsWith('/') ? reader : `${reader}/` });
  console.log(`The association's site is at ${host.url} (and ${host.origin}/kompakt.html), showing the reader at ${reader}`);
  console.log(`Start the reader with --embed-origin ${host.origin}. Ctrl-C stops.`);
  process.on('SIGINT', () => host.close().then(() => process.exit(0)));
  process.on('SIGTERM', () => host.close().then(() => process.exit(0)));
}
