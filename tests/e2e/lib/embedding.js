// Helpers for tests of the reader embedded in a host page (public/embed.js).

/** The snippet's iframe on `page` and its frame, once the reader's app runs in it. */
export async function embedded(page) {
  const element = await page.waitForSelector('[data-beboerblad] iframe', { timeout: 10000 });
  const frame = await element.contentFrame();
  if (!frame) throw new Error('the iframe has no frame');
  await frame.waitForSelector('html[data-app="ready"]', { timeout: 20000 });
  return { element, frame };
}

/**
 * The frame's height on the host page (`outer`), its viewport and scroll height inside,
 * and where its content ends (the lowest bottom of the body's children).
 */
export async function fit(element, frame) {
  const outer = await element.evaluate((f) => f.getBoundingClientRect().height);
  const inner = await frame.evaluate(() => ({
    viewport: innerHeight,
    scroll: document.documentElement.scrollHeight,
    bottom: Math.max(...[...document.body.children].map((e) => e.getBoundingClientRect().bottom)),
  }));
  return { outer, ...inner };
}

/** The frame is exactly as tall as its content, and nothing in it can scroll. */
export function fits(f) {
  return f.scroll <= f.viewport && Math.abs(f.viewport - f.bottom) <= 1 && Math.abs(f.outer - f.viewport) <= 1;
}

/**
 * Reads `value()` until `done(value)` holds and returns that value; fails with `what`
 * and the last value read after `ms`.
 */
export async function until(value, done, what, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const current = await value();
    if (done(current)) return current;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${ms} ms (last: ${JSON.stringify(current)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Writes `count` comments on `article` through the real API (`base`: the base path). */
export async function comment(server, article, count, base = '/') {
  const api = `${server.url}${base}api`;
  const issued = await fetch(`${api}/readers`, { method: 'POST' });
  if (issued.status !== 201) throw new Error(`POST readers: ${issued.status} ${await issued.text()}`);
  const { reader } = await issued.json();
  for (let i = 1; i <= count; i++) {
    const response = await fetch(`${api}/articles/${article}/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reader, name: `Beboer ${i}`, body: `Kommentar nummer ${i}` }),
    });
    if (response.status !== 201) throw new Error(`POST comment ${i}: ${response.status} ${await response.text()}`);
  }
}
