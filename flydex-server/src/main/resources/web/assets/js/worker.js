// The page's side of the service worker (/sw.js): registers it, follows its "open this thread"
// messages from a tapped notification, tells it which route is on screen, and when a new version of the app takes over, reloads a
// page nobody is looking at or offers the reload to one that is in use.

import { h } from './dom.js';

export function startWorker({ navigate }) {
  if (!('serviceWorker' in navigator)) return;
  const hadController = Boolean(navigator.serviceWorker.controller);
  // A module worker: it imports e2e.js to open sealed pushes and seal decisions.
  navigator.serviceWorker.register('/sw.js', { scope: '/', type: 'module', updateViaCache: 'none' }).catch(() => {});
  navigator.serviceWorker.addEventListener('message', (event) => {
    // "where": is the thread a push is about on screen here? (Then its notification is not shown.)
    if (event.data?.type === 'where') event.ports[0]?.postMessage({ path: location.pathname });
    const url = event.data?.type === 'open' ? String(event.data.url ?? '') : '';
    if (url.startsWith('/') && !url.startsWith('//')) navigate(url);
  });
  navigator.serviceWorker.startMessages();
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first worker taking over a fresh page changes nothing the page shows.
    if (!hadController) return;
    if (document.visibilityState === 'hidden') location.reload();
    else offerReload();
  });
}

function offerReload() {
  const banner = document.getElementById('update');
  if (!banner.hidden) return;
  banner.replaceChildren('A new version of FlyDex is ready. ',
    h('button', { type: 'button', class: 'secondary small', onclick: () => location.reload() }, 'Reload'));
  banner.hidden = false;
}
