// The browser side of the reader's display preferences (src/prefs.rs): localStorage,
// the attributes of <html> that style/main.css follows, and the system's colour scheme.
// The script in index.html applies the same keys before the first paint.

export function stored(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function store(key, value) {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // No storage (e.g. a frame of another site): the choice lasts until the page closes.
  }
}

export function mark(name, value) {
  const html = document.documentElement;
  if (value) html.setAttribute(name, value);
  else html.removeAttribute(name);
}

/** Whether the system prefers dark colours now; `changed` hears of every change. */
export function watchDark(changed) {
  const query = matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener('change', (e) => changed(e.matches));
  return query.matches;
}
