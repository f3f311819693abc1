// The browser side of "Læs op" (src/speech.rs): the article read aloud by the device's
// speech synthesis with a Danish voice, one paragraph at a time, the paragraph being
// read marked (class "reading-now") and scrolled into view.

let voice = null;
let parts = [];
let at = -1;
let ended = () => {};
// Each start gets a number: utterances of an earlier start that end late are ignored.
let run = 0;

function danish() {
  const voices = window.speechSynthesis ? speechSynthesis.getVoices() : [];
  return voices.find((v) => /^da[-_]DK$/i.test(v.lang)) ?? voices.find((v) => /^da\b/i.test(v.lang)) ?? null;
}

/** Calls `found()` once a Danish voice is there (voices may arrive after the page loads). */
export function init(found, done) {
  ended = done;
  if (!window.speechSynthesis) return;
  voice = voice ?? danish();
  if (voice) {
    found();
    return;
  }
  const check = () => {
    if (voice) return;
    voice = danish();
    if (voice) found();
  };
  speechSynthesis.addEventListener?.('voiceschanged', check);
}

function mark(index) {
  parts[at]?.classList.remove('reading-now');
  at = index;
  const part = parts[at];
  if (!part) return;
  part.classList.add('reading-now');
  const calm = matchMedia('(prefers-reduced-motion: reduce)').matches;
  part.scrollIntoView({ block: 'center', behavior: calm ? 'auto' : 'smooth' });
}

function speak(index, mine) {
  if (mine !== run) return;
  if (index >= parts.length) {
    stop();
    ended();
    return;
  }
  const utterance = new SpeechSynthesisUtterance(parts[index].textContent);
  utterance.lang = voice.lang;
  utterance.voice = voice;
  utterance.onstart = () => { if (mine === run) mark(index); };
  utterance.onend = () => speak(index + 1, mine);
  utterance.onerror = (e) => {
    if (mine === run && e.error !== 'interrupted' && e.error !== 'canceled') { stop(); ended(); }
  };
  speechSynthesis.speak(utterance);
}

/** Reads the elements `selector` names (not those inside another one), in page order. */
export function play(selector) {
  stop();
  parts = [...document.querySelectorAll(selector)]
    .filter((p) => p.textContent.trim() && !p.parentElement.closest(selector));
  run += 1;
  speak(0, run);
}

export function pause() {
  speechSynthesis.pause();
}

export function resume() {
  speechSynthesis.resume();
}

export function stop() {
  run += 1;
  parts[at]?.classList.remove('reading-now');
  at = -1;
  if (window.speechSynthesis) speechSynthesis.cancel();
}
