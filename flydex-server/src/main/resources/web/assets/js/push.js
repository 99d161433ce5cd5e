// Web Push for this device: the deployment's VAPID key, the browser's subscription, and the
// control plane's copy of it (POST /api/push/subscriptions), naming this browser's end-to-end
// device id so helpers seal each notification's content for it. Permission is asked only from a tap.

import { api } from './api.js';
import { deviceId } from './e2e.js';
import { deviceKeys } from './e2e-store.js';

export function pushSupported() {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

export class PushProblem extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** The browser's subscription of this device, or null. */
async function browserSubscription() {
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.getSubscription();
}

/** Asks for permission (call from a tap), subscribes with the deployment's key and registers the device. */
export async function turnOn(preferences) {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new PushProblem(permission === 'denied' ? 'denied' : 'dismissed', 'Notifications were not allowed.');
  const subscription = await subscribe(await serverKey(), await browserSubscription());
  return save(subscription, preferences);
}

/** Stores the subscription with these preferences (the same endpoint again updates it). */
async function save(subscription, preferences) {
  return api('POST', '/api/push/subscriptions', { ...subscription.toJSON(), preferences, deviceId: await deviceId((await deviceKeys()).publicKey) });
}

/** Changes what one device is told. */
export function setPreferences(entry, preferences) {
  return api('PATCH', `/api/push/subscriptions/${encodeURIComponent(entry.id)}`, { preferences });
}

/** Stops one device's notifications; for this device also drops the browser's subscription. */
export async function turnOff(entry) {
  await api('DELETE', `/api/push/subscriptions/${encodeURIComponent(entry.id)}`);
  if (entry.current) await (await browserSubscription())?.unsubscribe();
}

/**
 * On each visit: after an operator rotated the VAPID key, the control plane dropped the
 * subscriptions made with the old one and this device's receives nothing any more; make a new one
 * with the new key. (Without a rotation a missing entry means this device was turned off, here or
 * from another device, or signed out: that stays as it is until the person turns it on again.)
 */
export async function keepSubscriptionCurrent() {
  if (!pushSupported() || Notification.permission !== 'granted') return;
  const existing = await browserSubscription();
  if (!existing) return;
  const { subscriptions, publicKey } = await api('GET', '/api/push/subscriptions');
  const key = fromBase64Url(publicKey);
  if (sameKey(existing, key)) return;
  await save(await subscribe(key, existing), subscriptions.find((s) => s.current)?.preferences);
}

async function subscribe(key, existing) {
  if (existing && sameKey(existing, key)) return existing;
  await existing?.unsubscribe();
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
}

async function serverKey() {
  const { publicKey } = await api('GET', '/api/push/key');
  return fromBase64Url(publicKey);
}

function sameKey(subscription, key) {
  const used = new Uint8Array(subscription.options?.applicationServerKey ?? new ArrayBuffer(0));
  return used.length === key.length && used.every((byte, i) => byte === key[i]);
}

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - base64.length % 4) % 4)), (c) => c.charCodeAt(0));
}
