// Installing FlyDex as an app: the browser's own prompt where it offers one (Chrome, Edge,
// Android), and on iPhone and iPad the Share → Add to Home Screen steps, since iOS delivers
// notifications only to an app on the Home Screen.

import { h, fill } from './dom.js';

let offer = null;
const changes = new Set();
const changed = () => changes.forEach((listener) => listener());

// The browser fires this once, early: keep it for the Install button instead of its own banner.
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault();
  offer = event;
  changed();
});
window.addEventListener('appinstalled', () => {
  offer = null;
  changed();
});

export function isIos() {
  // iPadOS presents itself as a Mac; only its touch screen tells it apart.
  return /iPhone|iPad|iPod/.test(navigator.userAgent) || (/Macintosh/.test(navigator.userAgent) && navigator.maxTouchPoints > 1);
}

export function isInstalled() {
  return matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
}

/** The Share → Add to Home Screen steps, and why they matter. */
export function iosHint() {
  return h('div', { class: 'install-hint' },
    h('p', {}, 'On iPhone and iPad, FlyDex can notify you only once it is on your Home Screen:'),
    h('ol', {},
      h('li', {}, 'Tap ', h('strong', {}, 'Share'), ' (the square with an arrow) in Safari.'),
      h('li', {}, 'Choose ', h('strong', {}, 'Add to Home Screen'), ', then ', h('strong', {}, 'Add'), '.'),
      h('li', {}, 'Open FlyDex from the Home Screen and turn notifications on here.')));
}

/** The "Install FlyDex" panel, or nothing where the app is installed or the browser offers no install. */
export function installPanel() {
  const panel = h('section', { class: 'panel install', 'aria-labelledby': 'install-title' });
  const draw = () => {
    const body = offer ? [h('p', {}, 'Open FlyDex from your home screen like any app, and get approvals as notifications.'),
      h('button', { type: 'button', class: 'primary', onclick: async () => {
        const prompt = offer;
        offer = null;
        await prompt.prompt();
        await prompt.userChoice.catch(() => null);
        changed();
      } }, 'Install FlyDex')]
      : !isInstalled() && isIos() ? [iosHint()] : null;
    panel.hidden = !body;
    fill(panel, h('h2', { id: 'install-title' }, 'Install FlyDex'), body);
  };
  draw();
  changes.add(draw);
  return { panel, stop: () => changes.delete(draw) };
}
