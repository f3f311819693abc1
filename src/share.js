// The browser side of sharing an article (src/share.rs): the Web Share API where the
// device has it (phones), otherwise the clipboard.

export function canShare() {
  return typeof navigator.share === 'function';
}

export function origin() {
  return location.origin;
}

/** Opens the device's share sheet; true once shared, false when cancelled or refused. */
export async function share(title, url) {
  try {
    await navigator.share({ title, text: title, url });
    return true;
  } catch {
    return false;
  }
}

/** Copies `text`; the Clipboard API needs a secure context, older browsers a selection. */
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    area.remove();
    return copied;
  }
}
