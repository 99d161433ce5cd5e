// Who is signed in, and the signed-in app's background work: the relay socket and a
// subscription to every machine of the account (so approvals from any of them reach every view).
// However a session is taken away - signed out here, or ended elsewhere (the relay closed with 4401
// "session ended", or a refresh refused with session_revoked) - this browser forgets its end-to-end
// keys. A session that ran out unused keeps them: signing in again finds this browser still trusted.

import { api, me, whenSessionEnds } from './api.js';
import { relay } from './relay.js';
import { forgetAll } from './e2e-store.js';

export const session = { current: null };

/** Reloads /api/me; starts or stops the relay to match. */
export async function refreshSession() {
  session.current = await me();
  if (session.current) {
    relay.start();
    // In the background: no page waits for it (pages needing the list load it themselves).
    subscribeAll().catch(() => {});
  } else {
    relay.stop();
  }
  document.getElementById('nav').hidden = !session.current;
  return session.current;
}

/** The account's machines, each subscribed on the relay (a first pairing's helper key tied to its machine first). */
export async function subscribeAll() {
  const { machines } = await api('GET', '/api/machines');
  await relay.adoptPins(machines).catch(() => []);
  for (const machine of machines) relay.subscribe(machine.id);
  return machines;
}

/** Signs out here and forgets this browser's end-to-end keys: a signed-out browser steers nothing. */
export async function signOut() {
  await api('POST', '/api/auth/signout').catch(() => {});
  await ended();
}

/** The session is over, here or elsewhere: no socket, and no keys unless it merely ran out. */
async function ended({ keepKeys = false } = {}) {
  session.current = null;
  relay.stop();
  if (!keepKeys) await forgetAll().catch(() => {});
  document.getElementById('nav').hidden = true;
}

whenSessionEnds(() => ended());
relay.on((frame) => {
  if (frame.type === 'signedOut') ended({ keepKeys: frame.expired });
});
