// The desktop helper's local API on 127.0.0.1. The port is 48163 unless this browser was told
// otherwise (localStorage 'flydex.helperPort', for development and tests of several helpers).

const DEFAULT_PORT = 48163;
const CHECK_TIMEOUT_MS = 3000;

export function helperUrl(path) {
  const stored = Number(localStorage.getItem('flydex.helperPort'));
  const port = Number.isInteger(stored) && stored > 0 && stored < 65536 ? stored : DEFAULT_PORT;
  return `http://127.0.0.1:${port}${path}`;
}

/**
 * What this browser can see of the helper: {state:'running', health}, {state:'starting'} (it answers
 * but is still reading its state: 503 "starting", no machine yet), {state:'blocked'} (something
 * answers but the browser may not read it: a foreign origin, or local network access denied), or
 * {state:'missing'} (nothing listens).
 */
export async function checkHelper() {
  const url = helperUrl('/v1/health');
  try {
    const response = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    if (response.ok) return { state: 'running', health: await response.json() };
    if (response.status === 503) {
      const answer = await response.json().catch(() => ({}));
      if (answer.status === 'starting') return { state: 'starting' };
    }
    return { state: 'blocked' };
  } catch {
    // An opaque answer proves a listener that CORS (or the browser) keeps from this page.
    try {
      await fetch(url, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
      return { state: 'blocked' };
    } catch {
      if (await localAccessDenied()) return { state: 'blocked' };
      return { state: 'missing' };
    }
  }
}

async function localAccessDenied() {
  for (const name of ['local-network-access', 'loopback-network']) {
    try {
      if ((await navigator.permissions.query({ name })).state === 'denied') return true;
    } catch {
      // This browser does not know that permission.
    }
  }
  return false;
}

export class HelperError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** POSTs JSON to the helper's local API with the custom header its guards ask for; resolves to the answer's JSON. */
async function post(path, body) {
  let response;
  try {
    response = await fetch(helperUrl(path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-FlyDex-Client': 'web' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new HelperError('unreachable', 'the helper on this computer did not answer');
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new HelperError(data.error?.code ?? 'refused', data.error?.message ?? `the helper refused (${response.status})`);
  return data;
}

/** Hands a local-connect token to the helper (POST /v1/connect, 202). */
export async function connectHelper(body) {
  await post('/v1/connect', body);
}

/** A fresh one-time offer of the helper's key: {offer, helperFingerprint, expiresAt}. */
export function helperOffer() {
  return post('/v1/e2e/offer', {});
}

/** Hands an introduction to the helper: {deviceId, proof, deviceFingerprint, helperFingerprint}. */
export function helperIntroduce(introduction) {
  return post('/v1/e2e/introduce', { introduction });
}

export function codexWords(codex) {
  return { ready: 'Codex is ready', starting: 'Codex is starting', missing: 'Codex is not installed', error: 'Codex has a problem' }[codex]
    ?? 'Codex state unknown';
}
