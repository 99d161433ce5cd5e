// Boot and routing: one page per address, rendered into <main>; links navigate without reloads.

import { h, fill, setTitle } from './dom.js';
import { relay } from './relay.js';
import { session, refreshSession } from './session.js';
import { startWorker } from './worker.js';
import { keepSubscriptionCurrent } from './push.js';
import * as landing from './pages/landing.js';
import * as pair from './pages/pair.js';
import * as addDevice from './pages/adddevice.js';
import * as signin from './pages/signin.js';
import * as machines from './pages/machines.js';
import * as threads from './pages/threads.js';
import * as thread from './pages/thread.js';
import * as approvals from './pages/approvals.js';
import * as account from './pages/account.js';
import * as info from './pages/info.js';

const ROUTES = [
  { path: /^\/$/, page: landing },
  { path: /^\/pair$/, page: pair },
  { path: /^\/add-device$/, page: addDevice },
  { path: /^\/signin$/, page: signin },
  { path: /^\/machines$/, page: machines, signedIn: true },
  { path: /^\/machines\/([\w-]+)$/, page: threads, signedIn: true },
  { path: /^\/machines\/([\w-]+)\/threads\/([\w-]+)$/, page: thread, signedIn: true },
  { path: /^\/approvals$/, page: approvals, signedIn: true },
  { path: /^\/account(?:\/billing)?$/, page: account, signedIn: true },
  { path: /^\/(security|privacy|troubleshooting)$/, page: info },
];

const main = document.getElementById('main');
let cleanup = null;
let renderCount = 0;

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
}

async function render() {
  const ticket = ++renderCount;
  if (cleanup) cleanup();
  cleanup = null;
  const route = ROUTES.find((r) => r.path.test(location.pathname));
  if (!route) {
    setTitle('Not found');
    fill(main, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '/' }, 'Go to the start page')));
    return;
  }
  if (route.signedIn && !session.current) {
    navigate(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    return;
  }
  const params = location.pathname.match(route.path).slice(1);
  const view = h('div', { class: 'view' });
  fill(main, view);
  const done = await route.page.render(view, params, { navigate });
  if (ticket !== renderCount) {
    if (typeof done === 'function') done();
    return;
  }
  cleanup = typeof done === 'function' ? done : null;
  updateNav();
  // Move focus to the new page's heading so keyboard and screen-reader users start there.
  const heading = view.querySelector('h1');
  if (heading && document.activeElement === document.body) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

function updateNav() {
  for (const link of document.querySelectorAll('#nav a')) {
    const active = location.pathname === link.getAttribute('href') || location.pathname.startsWith(link.getAttribute('href') + '/');
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function updateApprovalCount() {
  const badge = document.getElementById('approval-count');
  const count = relay.approvals.size;
  badge.hidden = count === 0;
  badge.textContent = count ? String(count) : '';
  badge.setAttribute('aria-label', `${count} waiting`);
}

function updateOffline() {
  const banner = document.getElementById('offline');
  const offline = navigator.onLine === false;
  const retrying = relay.started && relay.state === 'retrying';
  banner.hidden = !offline && !retrying;
  banner.textContent = offline ? 'You are offline. FlyDex reconnects by itself when the network is back.'
    : retrying ? 'Connection to FlyDex lost. Reconnecting…' : '';
  document.body.classList.toggle('is-offline', offline || retrying);
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href]');
  if (!link || link.target || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !ROUTES.some((r) => r.path.test(url.pathname))) return;
  event.preventDefault();
  document.activeElement?.blur();
  navigate(url.pathname + url.search);
});

window.addEventListener('popstate', render);
window.addEventListener('online', updateOffline);
window.addEventListener('offline', updateOffline);
relay.on((frame) => {
  if (frame.type === 'connection') updateOffline();
  if (['approval', 'approvalResolved', 'connection', 'session'].includes(frame.type)) updateApprovalCount();
  // Signed out elsewhere: session.js has forgotten the session and this browser's keys.
  if (frame.type === 'signedOut') navigate('/signin', { replace: true });
});

performance.mark('flydex:boot');
startWorker({ navigate });
refreshSession().catch(() => null).finally(() => {
  render();
  if (session.current) keepSubscriptionCurrent().catch(() => {});
});
