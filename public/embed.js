/*! beboerblad embed.js: the magazine reader inside another site's page. MIT licence.
 *
 * On the host page (see README, "Embedding"):
 *   <div data-beboerblad data-start="/sektion/nyt"></div>
 *   <script src="https://blad.example.dk/embed.js" async></script>
 * makes an iframe of the reader in embed mode, as tall as its content, and keeps the
 * reader's page in the host page's address (?blad=/artikel/…), so links can be shared,
 * reload returns to the same page and the back button works.
 *
 * Inside the reader's embed pages (the server adds this same file to them) it reports
 * the page's height and route to the host page, and only to the host origin the server
 * allowed (--embed-origin); links that leave the reader open in the top window.
 *
 * No dependencies. The host half accepts messages only from the reader's origin and
 * only from its own iframe.
 */
(() => {
  'use strict';

  const MESSAGE = 'beboerblad:embed';
  const VERSION = 1;
  const COLOURS = ['accent', 'accent-text', 'link', 'text', 'background', 'surface'];
  const FONTS = ['system', 'sans', 'serif', 'humanist', 'rounded'];
  const MAX_HEIGHT = 200000;

  /** A reader route (`/artikel/x`), or null for anything else. */
  const route = (value) => {
    if (typeof value !== 'string' || value.length > 300) return null;
    if (!/^\/[A-Za-z0-9._~/-]*$/.test(value) || value.includes('//')) return null;
    return value.split('/').some((s) => s === '.' || s === '..') ? null : value;
  };

  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? null;

  // ---------------------------------------------------------------- inside the reader
  if (document.documentElement.hasAttribute('data-embed')) {
    const base = meta('beboerblad-base') ?? '/';
    const inReader = (url) => url.origin === location.origin
      && (url.pathname === base.slice(0, -1) || url.pathname.startsWith(base));

    // What this browser keeps of the reader's lists here, for the stylesheet to say
    // (README, "What is kept where"): nothing (third-party storage blocked), the full
    // reader's own storage, or storage of its own for this host site.
    const html = document.documentElement;
    try {
      localStorage.getItem('beboerblad.bogmaerker.v1');
      html.dataset.storage = 'separate';
      document.hasStorageAccess?.().then((shared) => { if (shared) html.dataset.storage = 'shared'; }, () => {});
    } catch {
      html.dataset.storage = 'none';
    }

    // Links that leave the reader open in the top window (links with a target of their
    // own, like comment links that open a new tab, keep it).
    document.addEventListener('click', (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!link || link.target) return;
      let url;
      try { url = new URL(link.href, location.href); } catch { return; }
      if (!inReader(url)) link.target = '_top';
    }, true);

    // Written by the server only for an allowed host origin (--embed-origin, or the
    // reader's own): messages go to that origin and nowhere else.
    const parent = meta('beboerblad-parent');
    if (!parent || window.parent === window) return;
    let sent = '';
    const report = () => {
      const body = document.body;
      const height = Math.ceil(Math.max(body.scrollHeight, body.getBoundingClientRect().height));
      const path = location.pathname === base.slice(0, -1) ? '/' : `/${location.pathname.slice(base.length)}`;
      const key = `${path} ${height}`;
      if (key === sent) return;
      sent = key;
      window.parent.postMessage({ type: MESSAGE, version: VERSION, path, height }, parent);
    };
    // Coalesces the many changes of one render into one report (a microtask: timers and
    // animation frames are throttled in frames out of view).
    let queued = false;
    const schedule = () => {
      if (queued) return;
      queued = true;
      queueMicrotask(() => { queued = false; report(); });
    };
    new ResizeObserver(schedule).observe(document.body);
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
    addEventListener('popstate', schedule);
    addEventListener('load', schedule);
    report();
    return;
  }

  // ---------------------------------------------------------------- on the host page
  const script = document.currentScript;
  if (!script?.src) return;
  const reader = new URL(script.src);
  const readerBase = reader.pathname.replace(/[^/]*$/, '');
  /** `data-accent-text` is `dataset.accentText`. */
  const camel = (name) => name.replace(/-(.)/g, (_, c) => c.toUpperCase());

  const mount = (element) => {
    element.setAttribute('data-beboerblad-mounted', '');
    const options = element.dataset;
    const start = route(options.start) ?? '/';
    const param = options.urlParam ?? 'blad';
    const fromAddress = param ? route(new URL(location.href).searchParams.get(param)) : null;
    let current = fromAddress ?? start;

    const query = new URLSearchParams({ embed: location.origin });
    if (options.compact === '' || options.compact === 'true' || options.compact === '1') query.set('compact', '1');
    for (const name of COLOURS) {
      const value = options[camel(name)]?.trim().replace(/^#/, '');
      if (value && /^([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value)) query.set(name, value.toLowerCase());
    }
    for (const name of ['font', 'heading-font']) {
      const value = options[camel(name)]?.trim();
      if (FONTS.includes(value)) query.set(name, value);
    }
    const address = (path) => `${reader.origin}${readerBase}${path.slice(1)}`;

    const frame = document.createElement('iframe');
    frame.src = `${address(current)}?${query}`;
    frame.title = options.title || 'Beboerblad';
    frame.setAttribute('scrolling', 'no');
    // Until the reader reports its height (set through the CSSOM: allowed under a host
    // page's Content-Security-Policy, unlike a style attribute).
    const initial = Number.parseInt(options.height, 10);
    const height = initial >= 100 && initial <= 5000 ? initial : 600;
    Object.assign(frame.style, { display: 'block', width: '100%', border: '0', height: `${height}px` });
    element.replaceChildren(frame);

    let heard = false;
    addEventListener('message', (event) => {
      if (event.origin !== reader.origin || event.source !== frame.contentWindow) return;
      const data = event.data;
      if (!data || data.type !== MESSAGE || data.version !== VERSION) return;
      const height = Number(data.height);
      if (Number.isFinite(height) && height > 0 && height <= MAX_HEIGHT) frame.style.height = `${Math.ceil(height)}px`;
      const path = route(data.path);
      if (path && path !== current) {
        current = path;
        if (param) {
          const url = new URL(location.href);
          if (path === start) url.searchParams.delete(param); else url.searchParams.set(param, path);
          // The frame's own history entry is already there (its navigation made one):
          // replace, so back and forward step through the reader's pages once each.
          history.replaceState(history.state, '', url);
        }
        // A new page starts at its top, which may be scrolled out of view above.
        if (heard && frame.getBoundingClientRect().top < 0) frame.scrollIntoView({ block: 'start' });
      }
      heard = true;
    });

    // A frame that loads without a word from the reader is not the reader: this site is
    // not allowed to show it (--embed-origin), or the reader cannot be reached.
    frame.addEventListener('load', () => {
      setTimeout(() => {
        if (heard) return;
        const text = document.createElement('p');
        const link = document.createElement('a');
        link.href = address(current);
        link.textContent = 'Åbn bladet';
        text.append('Bladet kan ikke vises her. ', link);
        text.setAttribute('data-beboerblad-failed', '');
        element.replaceChildren(text);
      }, 1000);
    }, { once: true });
  };

  const mountAll = () => document.querySelectorAll('[data-beboerblad]:not([data-beboerblad-mounted])').forEach(mount);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
})();
