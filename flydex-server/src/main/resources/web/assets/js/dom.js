// Building DOM from elements and text nodes only: every string from the network lands as text, never as markup.

/** h('p', {class: 'x', onclick: fn}, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** "12 s ago", "5 min ago", "3 h ago", "2 days ago" (Intl, in the reader's language). */
export function ago(date) {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(date).getTime()) / 1000));
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
  if (seconds < 60) return rtf.format(-seconds, 'second');
  if (seconds < 3600) return rtf.format(-Math.round(seconds / 60), 'minute');
  if (seconds < 86400) return rtf.format(-Math.round(seconds / 3600), 'hour');
  return rtf.format(-Math.round(seconds / 86400), 'day');
}

/** "2 days 5 h", "3 h 12 min", "45 min" until a moment. */
export function until(date) {
  const minutes = Math.max(0, Math.floor((new Date(date).getTime() - Date.now()) / 60000));
  const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
  if (days > 0) return `${days} day${days > 1 ? 's' : ''} ${hours} h`;
  if (hours > 0) return `${hours} h ${mins} min`;
  return `${mins} min`;
}

export function dateTime(date) {
  return new Date(date).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "linux-x64" → "Linux (x64)". */
export function platformName(platform) {
  const [os, arch] = String(platform).split('-', 2);
  const names = { linux: 'Linux', macos: 'macOS', darwin: 'macOS', windows: 'Windows', win32: 'Windows' };
  const name = names[os] ?? os;
  return arch ? `${name} (${arch})` : name;
}

/** A button that copies text, saying so for screen readers. */
export function copyButton(text, label) {
  const status = h('span', { class: 'copied', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'secondary small', onclick: async () => {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = 'Copied';
    } catch {
      status.textContent = 'Select the text and copy it';
    }
    setTimeout(() => { status.textContent = ''; }, 2500);
  } }, label);
  return h('span', { class: 'copy' }, button, status);
}

/** A message box; role alert for errors so screen readers announce it. */
export function notice(kind, ...children) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}

export function setTitle(title) {
  document.title = title ? `${title} · FlyDex` : 'FlyDex';
}

/**
 * The address's fragment (what a QR carries for this page alone), taken out of the address bar at
 * once so it stays out of history and bookmarks; '' when there is none.
 */
export function takeFragment() {
  const fragment = location.hash.slice(1);
  if (fragment) history.replaceState(null, '', location.pathname);
  return fragment;
}
