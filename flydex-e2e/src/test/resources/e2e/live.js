// The live round trip of E2eBrowserIT: this browser makes its own non-extractable device key,
// keeps it in IndexedDB (e2e-store.js), and talks to a Java helper-side object (Introductions,
// HelperEndpoint) over the test's /bridge routes, as it will over the relay once wired.

import * as e2e from '/assets/js/e2e.js';
import * as store from '/assets/js/e2e-store.js';

async function bridge(path, body) {
  const response = await fetch(`/bridge/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${path}: ${answer.failure}`);
  return answer;
}

async function privateKeyStaysInside(keys) {
  if (keys.privateKey.extractable !== false) return false;
  try {
    await crypto.subtle.exportKey('jwk', keys.privateKey);
    return false;
  } catch {
    return true;
  }
}

/** A handshake with the pinned helper, three rpc/result round trips, a push and a decision. */
async function converse(machineId, keys, label) {
  const pinned = await store.pinnedHelper(machineId);
  const deviceId = await e2e.deviceId(keys.publicKey);
  const handshake = await e2e.startHandshake({ deviceKeys: keys, helperKey: pinned.helperKey, machineId });
  const { reply } = await bridge('hello', { deviceId, hello: handshake.hello });
  const session = await handshake.finish(reply);
  const results = [];
  for (let id = 1; id <= 3; id++) {
    const frame = await session.seal('rpc', '', e2e.utf8(JSON.stringify({ id, method: 'thread/list', label })));
    const answer = await bridge('frame', { type: 'rpc', frame });
    results.push(new TextDecoder().decode(await session.open('result', '', answer.frame)));
  }
  const push = await bridge('push', { deviceId });
  const card = new TextDecoder().decode(await e2e.openPush({ deviceKeys: keys, helperKey: pinned.helperKey, machineId,
    type: 'approval', ref: push.approvalId, sealed: push.sealed }));
  const sealed = await e2e.sealDecision({ deviceKeys: keys, helperKey: pinned.helperKey, machineId, approvalId: push.approvalId,
    decision: 'accept', idempotencyKey: `idem-${label}` });
  const decided = await bridge('decision', { deviceId, approvalId: push.approvalId, sealed });
  return { deviceId, sessionId: session.sessionId, results, card, decided: decided.decision, helperFingerprint: pinned.fingerprint };
}

/** First visit: make the key, introduce this browser from the helper's offer, pin the helper, converse. */
export async function introduceAndConverse(machineId) {
  const keys = await store.deviceKeys();
  const offer = await e2e.parseOffer((await bridge('offer')).offer);
  const { message, confirm } = await e2e.introduce(offer, keys, 'Chromium under test');
  const pinned = await confirm(await bridge('introduce', message));
  await store.pinHelper(machineId, pinned.helperKey);
  return { ...(await converse(machineId, keys, 'first')), fingerprint: await e2e.fingerprint(keys.publicKey),
    nonExtractable: await privateKeyStaysInside(keys) };
}

/** After a reload: the same key from IndexedDB, still non-extractable, converses again. */
export async function converseAgain(machineId) {
  const keys = await store.loadDeviceKeys();
  return { ...(await converse(machineId, keys, 'again')), nonExtractable: await privateKeyStaysInside(keys) };
}

/** Signing out forgets the keys: nothing is left to converse with. */
export async function forget(machineId) {
  await store.forgetAll();
  const keys = await store.loadDeviceKeys();
  try {
    await store.pinnedHelper(machineId);
    return 'helper still pinned';
  } catch (error) {
    return keys === undefined && error.failure === 'device_unknown' ? 'forgotten' : `keys left: ${keys}`;
  }
}

/** The service worker opens a sealed push and seals a decision with the key this page stored. */
export async function throughServiceWorker(machineId) {
  const keys = await store.loadDeviceKeys();
  const deviceId = await e2e.deviceId(keys.publicKey);
  const registration = await navigator.serviceWorker.register('/test/sw.js', { type: 'module', scope: '/test/' });
  const worker = registration.active ?? await new Promise((resolve) => {
    const pending = registration.installing ?? registration.waiting;
    pending.addEventListener('statechange', () => pending.state === 'activated' && resolve(pending));
  });
  const push = await bridge('push', { deviceId });
  const answer = await new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage({ machineId, approvalId: push.approvalId, sealed: push.sealed }, [channel.port2]);
  });
  if (answer.error) throw new Error(`service worker: ${answer.error}`);
  const decided = await bridge('decision', { deviceId, approvalId: push.approvalId, sealed: answer.decision });
  return { card: answer.card, decided: decided.decision, extractable: answer.extractable };
}
