// The browser side of offline reading, called from src/offline.rs: the service worker
// (registration, updates, which articles it stores) and the connection. Plain JS keeps
// these APIs out of the WebAssembly (web-sys bindings for them cost more bytes).

let registration = null;
// The reader chose "opdater": the next controller change reloads into the new version.
let updating = false;

export function online() {
  return navigator.onLine;
}

export function watchConnection(changed) {
  addEventListener('online', () => changed(true));
  addEventListener('offline', () => changed(false));
}

/** Registers `url` for `scope`; tells `updateReady` when a new version waits and
 * `stored` which articles the worker holds (paths relative to the scope). */
export function register(url, scope, updateReady, stored, flush) {
  const sw = navigator.serviceWorker;
  if (!sw) return false;
  const controlled = !!sw.controller;
  sw.addEventListener('message', (event) => {
    const message = event.data || {};
    if (message.type === 'stored' && Array.isArray(message.pages)) stored(message.pages);
    else if (message.type === 'flush') flush();
  });
  sw.addEventListener('controllerchange', () => {
    if (updating) {
      updating = false;
      location.reload();
    } else if (controlled) {
      // Another tab activated a new version: this one offers to reload into it.
      updateReady();
    }
  });
  sw.register(url, { scope }).then(
    (reg) => {
      // Some embedders (test drivers, kiosk policies) block workers and resolve with nothing.
      if (!reg) return;
      registration = reg;
      const watch = (worker) =>
        worker &&
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && sw.controller) updateReady();
        });
      if (reg.waiting && sw.controller) updateReady();
      watch(reg.installing);
      reg.addEventListener('updatefound', () => watch(reg.installing));
      // A reader may keep the app open for days: look for a new version now and then.
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') reg.update().catch(() => {});
      });
      setInterval(() => reg.update().catch(() => {}), 60 * 60 * 1000);
    },
    (error) => console.warn('beboerblad: no service worker:', error),
  );
  sw.ready.then((reg) => reg && reg.active && reg.active.postMessage({ type: 'status' }));
  return true;
}

/** Activates the waiting version; the page reloads when it has taken over. */
export function applyUpdate() {
  const waiting = registration && registration.waiting;
  if (waiting) {
    updating = true;
    waiting.postMessage({ type: 'skip-waiting' });
  } else {
    location.reload();
  }
}

/** The articles (paths relative to the scope) the worker should keep for offline reading. */
export function keep(pages) {
  const sw = navigator.serviceWorker;
  if (sw) sw.ready.then((reg) => reg && reg.active && reg.active.postMessage({ type: 'keep', pages }));
}

/** Asks the browser to wake the worker when the connection is back (Background Sync). */
export function requestSync() {
  const sw = navigator.serviceWorker;
  if (sw) sw.ready.then((reg) => reg && reg.sync && reg.sync.register('beboerblad-udbakke')).catch(() => {});
}

/** Whether a service worker answered this page (then it may be a stored copy). */
export function servedByWorker() {
  return Boolean(navigator.serviceWorker && navigator.serviceWorker.controller);
}

/** Back to the previous page, or to `fallback` when there is none. */
export function back(fallback) {
  if (history.length > 1) history.back();
  else location.assign(fallback);
}
