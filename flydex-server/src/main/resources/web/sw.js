// FlyDex's service worker (root scope). Two jobs:
// 1. Offline: keep the app's own files (SHELL, written above this line by the server) in a cache
//    named by their version, answer them from there, and show the offline page when a page cannot
//    load. Nothing else is ever cached: no /api, no /ws, no relay data, nothing of a thread.
// 2. Notifications: show each Web Push (an approval, a question, a turn's end, a machine gone
//    offline), Approve / Deny from the notification through the session-authenticated decision
//    route, and open the thread with the card in view on a tap. A push saying an approval was
//    resolved retires its notification.
// An approval's content, and a finished turn's, comes sealed by the helper for this device
// (docs/e2e.md, "Push and decisions"): opened here with the device key and the pinned helper from
// IndexedDB, and a decision goes back sealed the same way. Without them (no key, details hidden, a
// seal that does not open) the notification says only which machine it is about, and a tap opens
// the app (a turn's or a machine's news: that machine's page). Right after a first pairing the
// helper's key waits as a pending pin (its machine id unknown until the page lists the machines):
// a push that opens with it proves that helper sealed it for its machine, which ties the pin to it.
// A module worker (registered with type 'module'), so it shares e2e.js with the pages.
// The handlers are plain functions on `self` so a test can call them as the browser would
// (a test cannot click a notification).

import { deviceId as deviceIdOf, openPush, sealDecision } from '/assets/js/e2e.js';
import { adoptPendingAs, forgetAll, loadDeviceKeys, pendingHelperKeys, pinnedHelper } from '/assets/js/e2e-store.js';

const CACHE_PREFIX = 'flydex-shell-';
const CACHE = CACHE_PREFIX + SHELL.version;
const SHELL_URLS = new Set(SHELL.files);
const OFFLINE_PAGE = '/offline.html';
const ICON = '/assets/icons/icon-192.png';
const BADGE = '/assets/icons/maskable-192.png';
/** Paths that are never the worker's business, online or not. */
const PASSTHROUGH = /^\/(api|ws)\//;
const ASKS = {
  command: 'Codex asks to run a command',
  fileChange: 'Codex asks to change files',
  permissions: 'Codex asks for permissions',
  userInput: 'Codex asks you a question',
};
const OUTCOMES = {
  approved: ['Approved — running', 'Codex goes on.'],
  denied: ['Denied', 'Codex was told no.'],
  answered: ['Already answered at the desk', 'Nothing is waiting for you here any more.'],
  turnEnded: ['The turn already ended', 'Nothing is waiting for you here any more.'],
  offline: ['Machine offline — open FlyDex', 'The desktop did not answer. Open FlyDex to try again.'],
  signedOut: ['Signed out — open FlyDex', 'Sign in again to answer.'],
  untrusted: ['This device is not trusted any more — open FlyDex', 'Open FlyDex to see how to add it again.'],
  expired: ['Your FlyDex plan has ended — open FlyDex', 'Subscribe on the Account page to keep steering Codex.'],
  unreachable: ['No connection — open FlyDex', 'FlyDex could not be reached. Open it to answer.'],
};
/** The decision route's answers (its `status`, else its error code) in the words above. */
const STATUS_OUTCOME = { answeredElsewhere: 'answered', turnEnded: 'turnEnded', codexExited: 'offline' };
const ERROR_OUTCOME = {
  already_resolved: 'answered', unknown_approval: 'answered', not_found: 'answered',
  machine_offline: 'offline', relay_unavailable: 'offline', codex_unavailable: 'offline', codex_timeout: 'offline', codex_error: 'offline',
  access_expired: 'expired', unauthorized: 'signedOut', device_unknown: 'untrusted', stale: 'answered',
};
/** Push types whose content the helper seals for this device (approvalResolved only retires a notification). */
const SEALED_TYPES = new Set(['approval', 'turnEnded']);
/** Route ids safe to put in an app address (the server's rule for its own links). */
const ROUTE_ID = /^[\w-]{1,128}$/;
const decoder = new TextDecoder();
/** Safari revokes a subscription whose pushes do not each show a notification. */
const MUST_SHOW_EVERY_PUSH = /Safari\//.test(self.navigator.userAgent) && !/(Chrome|Chromium|Edg|Firefox)\//.test(self.navigator.userAgent);

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll([...SHELL_URLS].map((url) => new Request(url, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || PASSTHROUGH.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    // Pages always come from the network (the shell must match the server's API); offline, the offline page.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_PAGE, { cacheName: CACHE })));
  } else if (SHELL_URLS.has(url.pathname) && !url.search) {
    event.respondWith(caches.match(url.pathname, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
  }
});

self.addEventListener('push', (event) => {
  let payload = null;
  try {
    payload = event.data ? event.data.json() : null;
  } catch {
    payload = null;
  }
  // Whatever fails in opening or showing the full notification, the person still learns which machine is waiting.
  event.waitUntil(self.handlePush(payload).catch((error) => {
    console.error('push shown without its content:', String(error));
    return showPlain(payload);
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.waitUntil(self.handleNotificationClick(event.notification, event.action));
});

/** Shows (or retires) what a push says; answers what it did, for tests. */
self.handlePush = async (payload) => {
  if (!payload || typeof payload.type !== 'string') return showQuietly();
  if (payload.type === 'approvalResolved') return retire(payload);
  const shown = notificationFor(SEALED_TYPES.has(payload.type) ? await opened(payload) : payload);
  if (await watchedInAWindow(shown.options.data.url)) {
    // The person is looking at this thread: the card is on screen already.
    return MUST_SHOW_EVERY_PUSH ? showQuietly() : 'skipped';
  }
  await self.registration.showNotification(shown.title, shown.options);
  return 'shown';
};

/** A click on the notification (action '' for its body, 'approve' or 'deny' for a button). */
self.handleNotificationClick = async (notification, action) => {
  const data = notification.data ?? {};
  if ((action === 'approve' || action === 'deny') && data.approvalId && !data.answered) {
    const outcome = await decide(data, action === 'approve' ? 'accept' : 'decline');
    const [title, body] = OUTCOMES[outcome];
    await self.registration.showNotification(title, {
      body, tag: data.approvalId, icon: ICON, badge: BADGE, silent: true, data: { ...data, answered: true },
    });
    return outcome;
  }
  notification.close();
  await openInApp(data.url ?? '/approvals');
  return 'opened';
};

/** This device's keys and the helper pinned for `machineId`, or null when this device has either no more. */
async function deviceFor(machineId) {
  try {
    const keys = await loadDeviceKeys();
    if (!keys) return null;
    const { helperKey } = await pinnedHelper(machineId);
    return { keys, helperKey, deviceId: await deviceIdOf(keys.publicKey) };
  } catch {
    return null;
  }
}

/**
 * The helper keys that may have sealed for `machineId`: the one pinned for it, or, while it has
 * none, each pending pin of a first pairing (only keys this phone read from a QR, never the server's).
 */
async function helperKeysFor(machineId) {
  try {
    return [{ helperKey: (await pinnedHelper(machineId)).helperKey, pending: false }];
  } catch {
    return (await pendingHelperKeys()).map((helperKey) => ({ helperKey, pending: true }));
  }
}

/** An approval or turnEnded push with its sealed content opened into it; without content, {hideDetails: true}. */
async function opened(payload) {
  const clear = clearFields(payload);
  const hidden = { ...clear, hideDetails: true };
  try {
    const keys = typeof payload.sealed === 'string' ? await loadDeviceKeys() : undefined;
    if (!keys || payload.deviceId !== await deviceIdOf(keys.publicKey)) return hidden;
    for (const { helperKey, pending } of await helperKeysFor(payload.machineId)) {
      const plaintext = await openPush({ deviceKeys: keys, helperKey, machineId: payload.machineId, type: payload.type,
        ref: String(payload.approvalId ?? ''), sealed: payload.sealed }).catch(() => null);
      if (!plaintext) continue;
      // Only the holder of that helper key can have sealed it for this machine id: the pin is this machine's now.
      if (pending) await adoptPendingAs(helperKey, payload.machineId);
      const content = JSON.parse(decoder.decode(plaintext));
      // The clear fields name the machine (and the approval); the sealed ones say what it is about.
      return { ...content, ...clear, url: threadUrl(clear, text(content.threadId)), hideDetails: false };
    }
  } catch {
    // No key store, or content that is not JSON: the machine's name only.
  }
  return hidden;
}

/** What a push says in the clear: which machine (and approval) it is about, nothing of its content. */
function clearFields(payload) {
  return { type: payload.type, machineId: payload.machineId, machineName: payload.machineName, approvalId: payload.approvalId };
}

async function showPlain(payload) {
  if (!payload || typeof payload.type !== 'string') return showQuietly();
  const shown = notificationFor({ ...clearFields(payload), hideDetails: true });
  await self.registration.showNotification(shown.title, shown.options);
  return 'shown';
}

function notificationFor(payload) {
  const machine = text(payload.machineName) || 'Your desktop';
  const thread = text(payload.threadTitle);
  const url = appUrl(payload);
  const data = { type: payload.type, machineId: payload.machineId, approvalId: payload.approvalId, url };
  const base = { icon: ICON, badge: BADGE, data, timestamp: Date.now() };
  switch (payload.type) {
    case 'approval': {
      data.idempotencyKey = self.crypto.randomUUID();
      const options = { ...base, tag: payload.approvalId, requireInteraction: true };
      if (payload.hideDetails) {
        return { title: `${machine} is waiting for your approval`, options: { ...options, body: 'Open FlyDex to see what it asks.' } };
      }
      const detail = text(payload.command) || files(payload) || text(payload.question) || text(payload.reason);
      options.body = [detail, thread].filter(Boolean).join('\n');
      // Only a plain yes or no, and never "for the whole session", from a notification.
      if (payload.canDecide === true) options.actions = [{ action: 'approve', title: 'Approve' }, { action: 'deny', title: 'Deny' }];
      return { title: `${machine}: ${ASKS[payload.kind] ?? 'Codex needs you'}`, options };
    }
    case 'turnEnded':
      if (payload.hideDetails) {
        return { title: `${machine} finished a turn`, options: { ...base, tag: `turn-${payload.machineId}`, body: 'Open FlyDex to see how it went.' } };
      }
      return { title: `${machine}: ${payload.status === 'failed' ? 'Codex’s turn failed' : 'Codex finished'}`,
        options: { ...base, tag: `turn-${text(payload.threadId) || payload.machineId}`, body: thread } };
    case 'machineOffline':
      return { title: `${machine} went offline`, options: { ...base, tag: `machine-${payload.machineId}`,
        body: 'A turn was running. Codex goes on if the desktop comes back.' } };
    default:
      return { title: 'FlyDex', options: { ...base, tag: `flydex-${payload.type}`, body: 'Open FlyDex to see what changed.' } };
  }
}

/** The thread a sealed push is about, an approval's with its card in view; without usable ids, where appUrl leads. */
function threadUrl(payload, threadId) {
  const approval = payload.type === 'approval';
  if (!ROUTE_ID.test(threadId) || (approval && !ROUTE_ID.test(String(payload.approvalId)))) return appUrl(payload);
  const thread = `/machines/${payload.machineId}/threads/${threadId}`;
  return approval ? `${thread}?approval=${payload.approvalId}` : thread;
}

/** Where a tap leads: the route the push names (the thread, with an approval's card in view), else the machine's page for its news, else the approvals. */
function appUrl(payload) {
  const url = text(payload.url);
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  const machineId = String(payload.machineId ?? '');
  return payload.type !== 'approval' && ROUTE_ID.test(machineId) ? `/machines/${machineId}` : '/approvals';
}

async function retire(payload) {
  const open = await self.registration.getNotifications({ tag: payload.approvalId });
  if (open.length === 0) return MUST_SHOW_EVERY_PUSH ? showQuietly() : 'nothing';
  if (MUST_SHOW_EVERY_PUSH) {
    // Replacing counts as showing; a stale Approve is gone either way.
    const [title, body] = OUTCOMES.answered;
    await self.registration.showNotification(title, { body, tag: payload.approvalId, icon: ICON, silent: true,
      data: { ...open[0].data, answered: true } });
    return 'replaced';
  }
  open.forEach((n) => n.close());
  return 'closed';
}

/** Where a push must show something and there is nothing to say: shown and withdrawn at once. */
async function showQuietly() {
  await self.registration.showNotification('FlyDex', { tag: 'flydex-quiet', silent: true, icon: ICON });
  (await self.registration.getNotifications({ tag: 'flydex-quiet' })).forEach((n) => n.close());
  return 'quiet';
}

async function watchedInAWindow(url) {
  const path = new URL(url, self.location.origin).pathname;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const shown = await Promise.all(windows.filter((w) => w.visibilityState === 'visible').map(routeOf));
  return shown.includes(path);
}

/** The route a window shows now: the app routes with pushState, which a client's url does not follow everywhere. */
function routeOf(client) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(new URL(client.url).pathname), 500);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(String(event.data?.path ?? ''));
    };
    client.postMessage({ type: 'where' }, [channel.port2]);
  });
}

/** Seals Approve or Deny for the helper and sends it; one session refresh on 401, as the app does. Answers an OUTCOMES key. */
async function decide(data, decision) {
  const device = await deviceFor(data.machineId);
  if (!device) return 'untrusted';
  const path = `/api/machines/${encodeURIComponent(data.machineId)}/approvals/${encodeURIComponent(data.approvalId)}/decision`;
  try {
    const sealed = await sealDecision({ deviceKeys: device.keys, helperKey: device.helperKey, machineId: data.machineId,
      approvalId: data.approvalId, decision, idempotencyKey: data.idempotencyKey ?? self.crypto.randomUUID() });
    const send = () => fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ deviceId: device.deviceId, sealed }) });
    let response = await send();
    if (response.status === 401) {
      const refreshed = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' }, body: '{}' });
      if (!refreshed.ok) {
        // Taken away elsewhere (not merely run out): forget the keys, as the page does (session.js).
        const refused = await refreshed.json().catch(() => ({}));
        if (refused.error?.code === 'session_revoked') await forgetAll().catch(() => {});
        return 'signedOut';
      }
      response = await send();
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      if (answer.status === 'applied') return decision === 'accept' ? 'approved' : 'denied';
      return STATUS_OUTCOME[answer.status] ?? 'answered';
    }
    return ERROR_OUTCOME[answer.error?.code] ?? (response.status === 401 ? 'signedOut' : 'offline');
  } catch {
    return 'unreachable';
  }
}

/** Focuses a FlyDex window and has it route to `url`, or opens one there. */
async function openInApp(url) {
  const target = url.startsWith('/') && !url.startsWith('//') ? url : '/approvals';
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const ours = windows.filter((w) => new URL(w.url).origin === self.location.origin);
  // The window the person is looking at, if any, rather than whichever FlyDex tab was opened first.
  const open = ours.find((w) => w.focused) ?? ours.find((w) => w.visibilityState === 'visible') ?? ours[0];
  if (!open) return self.clients.openWindow(target);
  open.postMessage({ type: 'open', url: target });
  // Focusing is allowed only within the click's activation; the window routes itself either way.
  return open.focus().catch(() => open);
}

function text(value) {
  return typeof value === 'string' ? value.trim().slice(0, 300) : '';
}

/** "a.txt, b.txt and 3 more" for a file change. */
function files(payload) {
  const names = Array.isArray(payload.files) ? payload.files.filter((f) => typeof f === 'string') : [];
  const more = (Number.isInteger(payload.moreFiles) ? payload.moreFiles : 0) + Math.max(0, names.length - 5);
  return names.slice(0, 5).join(', ') + (names.length && more > 0 ? ` and ${more} more` : '');
}
