// Where this browser keeps its end-to-end keys: IndexedDB, readable from a page and from the
// service worker (no DOM, no window). The device's private key is a non-extractable CryptoKey:
// IndexedDB stores it as an opaque handle, so no script (ours included) can read its bytes.
// Helper keys are pinned per machine id, as read from the desktop's QR. A first pairing's QR
// names no machine yet (the server assigns the id when the helper registers), so its helper key
// waits as a pending pin until a machine of the account reports that key (adoptPending), or until
// the service worker opens a push that helper sealed for its machine (adoptPendingAs).

import { E2eError, encode, fingerprint, generateKeyPair } from './e2e.js';

const DB_NAME = 'flydex-e2e';
const DB_VERSION = 1;
const DEVICE = 'device'; // one record, key SELF: {privateKey, publicKey, createdAt}
const HELPERS = 'helpers'; // key: machine id → {helperKey, fingerprint, pinnedAt}
const SELF = 'self';
const PENDING = 'pending:'; // helpers' records keyed by this prefix and the key: not yet tied to a machine id
/** A helper registers within minutes of its pairing; a pending pin older than this is a pairing that never finished. */
const PENDING_LIFETIME_MS = 24 * 60 * 60 * 1000;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open() {
  const req = globalThis.indexedDB.open(DB_NAME, DB_VERSION);
  req.onupgradeneeded = () => {
    req.result.createObjectStore(DEVICE);
    req.result.createObjectStore(HELPERS);
  };
  return request(req);
}

async function inStore(name, mode, work) {
  const db = await open();
  try {
    const tx = db.transaction(name, mode);
    const done = new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    const result = await request(work(tx.objectStore(name)));
    await done;
    return result;
  } finally {
    db.close();
  }
}

/** This browser's device keys, or undefined when it has none (never made, or site data cleared). */
export async function loadDeviceKeys() {
  return (await inStore(DEVICE, 'readonly', (store) => store.get(SELF))) ?? undefined;
}

/**
 * This browser's device keys, made and stored on first use. Two tabs racing on first use may
 * each make a pair; `add` lets exactly one be stored, and both answer the stored one.
 */
export async function deviceKeys() {
  const existing = await loadDeviceKeys();
  if (existing) return existing;
  const made = { ...(await generateKeyPair()), createdAt: Date.now() };
  try {
    await inStore(DEVICE, 'readwrite', (store) => store.add(made, SELF));
  } catch (error) {
    if (error?.name !== 'ConstraintError') throw error;
  }
  return loadDeviceKeys();
}

/** Pins the helper key of `machineId` once its introduction is confirmed. */
export async function pinHelper(machineId, helperKey) {
  const record = { helperKey, fingerprint: await fingerprint(helperKey), pinnedAt: Date.now() };
  await inStore(HELPERS, 'readwrite', (store) => store.put(record, machineId));
  return record;
}

/** The pinned helper of `machineId`; refuses with 'device_unknown' when this browser was never introduced to it. */
export async function pinnedHelper(machineId) {
  const record = await inStore(HELPERS, 'readonly', (store) => store.get(machineId));
  if (!record) throw new E2eError('device_unknown', 'this browser is not trusted by that machine');
  return record;
}

/** Pins a helper read from a first pairing's QR until its machine id is known (adoptPending). */
export async function pinPending(helperKey) {
  const record = { helperKey, fingerprint: await fingerprint(helperKey), pinnedAt: Date.now() };
  await inStore(HELPERS, 'readwrite', (store) => store.put(record, PENDING + encode(helperKey)));
  return record;
}

/** Whether a pending pin waits for its machine. */
export async function hasPending() {
  return (await inStore(HELPERS, 'readonly', (store) => store.count(pendingKeys()))) > 0;
}

/**
 * Moves each pending pin to the machine (of `machines`, as GET /api/machines lists them) whose
 * `e2eKey` is that helper key; drops pending pins past their lifetime. Answers the adopted machine ids.
 * A server that lies about e2eKey gains nothing: the first handshake with the pinned key fails.
 */
export async function adoptPending(machines) {
  const keys = await inStore(HELPERS, 'readonly', (store) => store.getAllKeys(pendingKeys()));
  const adopted = [];
  for (const key of keys) {
    const record = await inStore(HELPERS, 'readonly', (store) => store.get(key));
    const machine = machines.find((m) => m.e2eKey && PENDING + m.e2eKey === key);
    if (machine) {
      await move(key, record, machine.id);
      adopted.push(machine.id);
    } else if (Date.now() - record.pinnedAt > PENDING_LIFETIME_MS) {
      await inStore(HELPERS, 'readwrite', (store) => store.delete(key));
    }
  }
  return adopted;
}

/** The helper keys of pending pins still within their lifetime: first pairings whose machine is not known here yet. */
export async function pendingHelperKeys() {
  const records = await inStore(HELPERS, 'readonly', (store) => store.getAll(pendingKeys()));
  return records.filter((record) => Date.now() - record.pinnedAt <= PENDING_LIFETIME_MS).map((record) => record.helperKey);
}

/**
 * Ties the pending pin of `helperKey` to `machineId` once that helper proved it is that machine:
 * something it sealed for `machineId` (bound in the seal's associated data) opened with this key.
 * The key itself still comes from the pairing's QR only, never from the server.
 */
export async function adoptPendingAs(helperKey, machineId) {
  const key = PENDING + encode(helperKey);
  const record = await inStore(HELPERS, 'readonly', (store) => store.get(key));
  if (record) await move(key, record, machineId);
}

async function move(pendingKey, record, machineId) {
  await inStore(HELPERS, 'readwrite', (store) => store.put({ ...record, pinnedAt: Date.now() }, machineId));
  await inStore(HELPERS, 'readwrite', (store) => store.delete(pendingKey));
}

function pendingKeys() {
  return IDBKeyRange.bound(PENDING, PENDING + '\uffff');
}

/** Forgets a machine's helper (the machine was removed, or revoked this device). */
export async function forgetHelper(machineId) {
  await inStore(HELPERS, 'readwrite', (store) => store.delete(machineId));
}

/** Signing out forgets every key of this browser. */
export async function forgetAll() {
  await new Promise((resolve, reject) => {
    const req = globalThis.indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = resolve;
    req.onerror = () => reject(req.error);
    req.onblocked = resolve; // deleted once the other tabs close their connections
  });
}
