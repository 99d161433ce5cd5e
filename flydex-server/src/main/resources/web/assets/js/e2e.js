// End-to-end encryption, the device's side (docs/e2e.md; the helper's side and a Java device
// client are flydex-protocol's net.flydex.protocol.e2e). WebCrypto only: ECDH P-256, HKDF-SHA-256,
// AES-256-GCM. Private keys are made non-extractable. Works in a page and in a service worker
// (no DOM, no window). Every refusal is an E2eError whose `failure` is the wire name both
// implementations and the test vectors share.

export const VERSION = 0x01;
export const PUBLIC_KEY_BYTES = 65; // uncompressed point, as exportKey('raw') gives it
export const MAX_DEVICE_NAME_BYTES = 64; // a name for a list, short enough to show whole
export const MAX_FRAME_PLAINTEXT_BYTES = 783335; // what fits a 1 MiB relay frame, base64url, beside its envelope
export const MAX_PUSH_PLAINTEXT_BYTES = 2528; // what fits a 4,096-byte Web Push body beside its clear fields
export const MAX_DECISION_PLAINTEXT_BYTES = 1024; // four short fields; anything bigger is not a decision
export const DECISIONS = ['accept', 'acceptForSession', 'decline', 'cancel']; // what a notification can answer

const KEY_BYTES = 32; // AES-256
const TAG_BYTES = 16; // full GCM tags
const NONCE_BYTES = 12; // GCM's 96-bit nonce
const FRAME_HEADER_BYTES = 9; // version and uint64 counter
const OFFER_BYTES = 1 + 16 + 16 + PUBLIC_KEY_BYTES + 8; // version, offer id, secret, S_h, expiry
const PROOF_BYTES = 32; // HMAC-SHA-256
const REPLY_BYTES = 1 + PUBLIC_KEY_BYTES + FRAME_HEADER_BYTES + TAG_BYTES; // e_h and the empty confirmation frame
const MAX_FRAMES_PER_DIRECTION = 2n ** 32n; // far inside AES-GCM's bounds; a longer socket reconnects
const DEVICE_TO_HELPER = 0x01;
const HELPER_TO_DEVICE = 0x02;

const LABEL = {
  introduce: 'flydex-e2e-v1 introduce',
  introduceDevice: 'flydex-e2e-v1 introduce device',
  introduceHelper: 'flydex-e2e-v1 introduce helper',
  session: 'flydex-e2e-v1 session',
  frame: 'flydex-e2e-v1 frame',
  push: 'flydex-e2e-v1 push',
  decision: 'flydex-e2e-v1 decision',
};
const CONFIRM_TYPE = 'handshake';
const DECISION_TYPE = 'decision';
const PURPOSES = {
  push: { label: LABEL.push, max: MAX_PUSH_PLAINTEXT_BYTES },
  decision: { label: LABEL.decision, max: MAX_DECISION_PLAINTEXT_BYTES },
};
const ECDH = { name: 'ECDH', namedCurve: 'P-256' };

const subtle = globalThis.crypto.subtle;
const encoder = new TextEncoder();

export class E2eError extends Error {
  constructor(failure, message) {
    super(message);
    this.name = 'E2eError';
    this.failure = failure;
  }
}

// ---- bytes ----

/** Base64url without padding. */
export function encode(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Strict: canonical unpadded base64url only (one message, one spelling), of `length` bytes when given. */
export function decode(text, length) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new E2eError('malformed', 'not base64url');
  }
  const bytes = Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4)),
    (c) => c.charCodeAt(0));
  if (encode(bytes) !== text) throw new E2eError('malformed', 'not canonical base64url');
  if (length !== undefined && bytes.length !== length) throw new E2eError('malformed', `expected ${length} bytes`);
  return bytes;
}

export const utf8 = (text) => encoder.encode(text);

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// Each field: uint16 BE length, then its bytes (strings as UTF-8), as the Java side lays them out.
function fields(...values) {
  return concat(...values.flatMap((value) => {
    const bytes = typeof value === 'string' ? utf8(value) : value;
    return [new Uint8Array([bytes.length >>> 8, bytes.length & 0xff]), bytes];
  }));
}

function uint64(value) {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

function versioned(bytes, what) {
  if (bytes.length > 0 && bytes[0] !== VERSION) throw new E2eError('bad_version', `unknown ${what} version`);
  return bytes;
}

// ---- primitives (WebCrypto) ----

const sha256 = async (data) => new Uint8Array(await subtle.digest('SHA-256', data));

/** HKDF-SHA-256 (RFC 5869); exported so the vectors can check it against the RFC. */
export async function hkdf(salt, ikm, info, length) {
  const key = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, key, length * 8));
}

const hmacKey = (raw) => subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
const aesKey = (raw) => subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);

async function aeadSeal(key, nonce, aad, plaintext) {
  return new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, key, plaintext));
}

async function aeadOpen(key, nonce, aad, ciphertext) {
  try {
    return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, key, ciphertext));
  } catch {
    throw new E2eError('auth_failed', 'does not authenticate');
  }
}

/** A received public key as a CryptoKey; anything but an uncompressed point on P-256 is refused. */
export async function importPublicKey(raw) {
  if (raw.length !== PUBLIC_KEY_BYTES || raw[0] !== 0x04) throw new E2eError('bad_point', 'not an uncompressed P-256 point');
  try {
    return await subtle.importKey('raw', raw, ECDH, true, []);
  } catch {
    throw new E2eError('bad_point', 'not a point on P-256');
  }
}

async function dh(privateKey, publicRaw) {
  const peer = await importPublicKey(publicRaw);
  return new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: peer }, privateKey, 256));
}

// ---- keys ----

/** A fresh key pair whose private key can never leave WebCrypto: {privateKey: CryptoKey, publicKey: Uint8Array(65)}. */
export async function generateKeyPair() {
  const pair = await subtle.generateKey(ECDH, false, ['deriveBits']);
  return { privateKey: pair.privateKey, publicKey: new Uint8Array(await subtle.exportKey('raw', pair.publicKey)) };
}

/** A key pair from a fixed scalar and its point (test vectors), imported non-extractable. */
export async function importKeyPair(scalar, publicKey) {
  await importPublicKey(publicKey);
  const jwk = { kty: 'EC', crv: 'P-256', d: encode(scalar), x: encode(publicKey.slice(1, 33)), y: encode(publicKey.slice(33)) };
  return { privateKey: await subtle.importKey('jwk', jwk, ECDH, false, ['deriveBits']), publicKey: publicKey.slice() };
}

/** The id a device is known by: base64url of the first 16 bytes of SHA-256 of its public key. */
export async function deviceId(publicKey) {
  return encode((await sha256(publicKey)).slice(0, 16));
}

/** What a person compares: "1A2B 3C4D 5E6F 7A8B" from SHA-256 of the public key. */
export async function fingerprint(publicKey) {
  const hex = Array.from((await sha256(publicKey)).slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  return hex.match(/.{4}/g).join(' ');
}

// ---- introduction ----

/** Reads the QR fragment's offer: {offerId, secret, helperKey, expiresAt (epoch ms)}. */
export async function parseOffer(encoded) {
  const bytes = versioned(decode(encoded), 'offer');
  if (bytes.length !== OFFER_BYTES) throw new E2eError('malformed', `an offer is ${OFFER_BYTES} bytes`);
  const helperKey = bytes.slice(33, 33 + PUBLIC_KEY_BYTES);
  await importPublicKey(helperKey);
  const expiresAt = Number(new DataView(bytes.buffer).getBigUint64(33 + PUBLIC_KEY_BYTES)) * 1000;
  return { offerId: bytes.slice(1, 17), secret: bytes.slice(17, 33), helperKey, expiresAt };
}

/** 1 to 64 UTF-8 bytes, no control characters (the same rule the helper applies). */
export function checkDeviceName(name) {
  if (typeof name !== 'string' || name.length === 0 || /[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    throw new E2eError('malformed', 'a device name is non-empty text without control characters');
  }
  if (utf8(name).length > MAX_DEVICE_NAME_BYTES) throw new E2eError('too_large', `a device name is at most ${MAX_DEVICE_NAME_BYTES} bytes`);
}

/**
 * Answers an offer. Resolves to {message, confirm}: send `message` to the helper; give its
 * reply ({deviceId, proof}) to `confirm`, which resolves to the helper to pin ({helperKey}) only
 * if the helper's proof verifies.
 */
export async function introduce(offer, deviceKeys, deviceName) {
  checkDeviceName(deviceName);
  const ownId = await deviceId(deviceKeys.publicKey);
  const key = await hmacKey(await hkdf(offer.secret, await dh(deviceKeys.privateKey, offer.helperKey), utf8(LABEL.introduce), KEY_BYTES));
  const tail = fields(offer.offerId, offer.helperKey, deviceKeys.publicKey, deviceName);
  const proof = new Uint8Array(await subtle.sign('HMAC', key, concat(fields(LABEL.introduceDevice), tail)));
  const message = { offerId: encode(offer.offerId), devicePublicKey: encode(deviceKeys.publicKey), deviceName, proof: encode(proof) };
  const confirm = async (accepted) => {
    const helperProof = decode(accepted.proof, PROOF_BYTES);
    const valid = accepted.deviceId === ownId && await subtle.verify('HMAC', key, helperProof, concat(fields(LABEL.introduceHelper), tail));
    if (!valid) throw new E2eError('auth_failed', 'the helper\'s proof does not verify');
    return { helperKey: offer.helperKey.slice() };
  };
  return { message, confirm };
}

// ---- sessions ----

/**
 * One end of a sealed session (docs/e2e.md, "Sealed frames"). Seals and opens run one at a time
 * in call order, so counters follow the order of the calls. Any refused frame closes it.
 */
export class Session {
  constructor({ sendKey, receiveKey, sendDirection, machineId, deviceId, sessionId }) {
    Object.assign(this, { sendKey, receiveKey, sendDirection, machineId, deviceId, sessionId });
    this.receiveDirection = sendDirection === DEVICE_TO_HELPER ? HELPER_TO_DEVICE : DEVICE_TO_HELPER;
    this.sent = 0n;
    this.received = 0n;
    this.closed = false;
    this.sealing = Promise.resolve();
    this.opening = Promise.resolve();
  }

  /**
   * A session from raw directional keys; role 'device' or 'helper' (the helper role is for the
   * vectors). `sessionId` routes frames to this session (one per tab): see sessionIdOf.
   */
  static async fromKeys(role, deviceToHelper, helperToDevice, machineId, deviceId, sessionId) {
    const d2h = await aesKey(deviceToHelper);
    const h2d = await aesKey(helperToDevice);
    return role === 'device'
      ? new Session({ sendKey: d2h, receiveKey: h2d, sendDirection: DEVICE_TO_HELPER, machineId, deviceId, sessionId })
      : new Session({ sendKey: h2d, receiveKey: d2h, sendDirection: HELPER_TO_DEVICE, machineId, deviceId, sessionId });
  }

  close() {
    this.closed = true;
  }

  /** Seals `plaintext` (Uint8Array) as the next frame, bound to `type` and `ref`; resolves to base64url. */
  seal(type, ref, plaintext) {
    const run = this.sealing.then(() => this.#seal(type, ref, plaintext));
    this.sealing = run.catch(() => {});
    return run;
  }

  /** Opens the next frame from the other end; resolves to its plaintext (Uint8Array). */
  open(type, ref, frame) {
    const run = this.opening.then(() => this.#open(type, ref, frame));
    this.opening = run.catch(() => {});
    return run;
  }

  async #seal(type, ref, plaintext) {
    if (plaintext.length > MAX_FRAME_PLAINTEXT_BYTES) throw new E2eError('too_large', 'frame plaintext too large');
    if (this.sent >= MAX_FRAMES_PER_DIRECTION) this.closed = true;
    if (this.closed) throw new E2eError('session_closed', 'the session is closed; reconnect');
    const counter = this.sent++;
    const header = concat(new Uint8Array([VERSION]), uint64(counter));
    const sealed = await aeadSeal(this.sendKey, nonce(this.sendDirection, counter), this.#aad(header, type, ref), plaintext);
    return encode(concat(header, sealed));
  }

  async #open(type, ref, frame) {
    if (this.closed) throw new E2eError('session_closed', 'the session is closed; reconnect');
    try {
      const bytes = versioned(typeof frame === 'string' ? decode(frame) : frame, 'frame');
      if (bytes.length < FRAME_HEADER_BYTES + TAG_BYTES) throw new E2eError('malformed', 'frame too short');
      const counter = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(1);
      if (counter !== this.received) throw new E2eError('bad_counter', `frame ${counter} where ${this.received} was due`);
      const header = bytes.slice(0, FRAME_HEADER_BYTES);
      const plaintext = await aeadOpen(this.receiveKey, nonce(this.receiveDirection, counter), this.#aad(header, type, ref),
        bytes.slice(FRAME_HEADER_BYTES));
      this.received++;
      return plaintext;
    } catch (error) {
      this.closed = true;
      throw error;
    }
  }

  #aad(header, type, ref) {
    return concat(header, fields(LABEL.frame, this.machineId, this.deviceId, type, ref));
  }
}

/** A session's routing id: base64url of the first 12 bytes of SHA-256 of its hello (not a secret). */
export async function sessionIdOf(hello) {
  return encode((await sha256(decode(hello))).slice(0, 12));
}

function nonce(direction, counter) {
  return concat(new Uint8Array([direction, 0, 0, 0]), uint64(counter));
}

/**
 * Starts a session with a pinned helper over a new socket. Resolves to {hello, finish}: send
 * `hello`, give the helper's reply to `finish`, which resolves to the Session once the helper's
 * confirmation frame opens. `ephemeral` is for the test vectors only.
 */
export async function startHandshake({ deviceKeys, helperKey, machineId, ephemeral }) {
  const e = ephemeral ?? await generateKeyPair();
  const ownId = await deviceId(deviceKeys.publicKey);
  const hello = encode(concat(new Uint8Array([VERSION]), e.publicKey));
  const finish = async (reply) => {
    const bytes = versioned(decode(reply), 'handshake');
    if (bytes.length !== REPLY_BYTES) throw new E2eError('malformed', `a handshake reply is ${REPLY_BYTES} bytes`);
    const helperEphemeral = bytes.slice(1, 1 + PUBLIC_KEY_BYTES);
    const ikm = concat(await dh(e.privateKey, helperKey), await dh(deviceKeys.privateKey, helperKey),
      await dh(e.privateKey, helperEphemeral), await dh(deviceKeys.privateKey, helperEphemeral));
    const salt = await sha256(fields(LABEL.session, deviceKeys.publicKey, helperKey, e.publicKey, helperEphemeral));
    const okm = await hkdf(salt, ikm, utf8(LABEL.session), 2 * KEY_BYTES);
    const session = await Session.fromKeys('device', okm.slice(0, KEY_BYTES), okm.slice(KEY_BYTES), machineId, ownId,
      await sessionIdOf(hello));
    const confirmation = await session.open(CONFIRM_TYPE, '', bytes.slice(1 + PUBLIC_KEY_BYTES));
    if (confirmation.length !== 0) throw new E2eError('malformed', 'the confirmation frame is empty');
    return session;
  };
  return { hello, finish };
}

// ---- one-shot messages (push content, decisions) ----

async function oneShotKey(purpose, e, senderKey, recipientKey, ikm) {
  return aesKey(await hkdf(concat(e, senderKey, recipientKey), ikm, utf8(purpose.label), KEY_BYTES));
}

function oneShotAad(purpose, header, { machineId, deviceId, type, ref }) {
  return concat(header, fields(purpose.label, machineId, deviceId, type, ref));
}

/** Seals a one-shot message ('push' or 'decision') from `sender` (key pair) to `recipientKey` (65 bytes). */
export async function sealOneShot(purposeName, sender, recipientKey, ephemeral, envelope, plaintext) {
  const purpose = PURPOSES[purposeName];
  if (plaintext.length > purpose.max) throw new E2eError('too_large', `a sealed ${purposeName} carries at most ${purpose.max} bytes`);
  const ikm = concat(await dh(ephemeral.privateKey, recipientKey), await dh(sender.privateKey, recipientKey));
  const key = await oneShotKey(purpose, ephemeral.publicKey, sender.publicKey, recipientKey, ikm);
  const header = concat(new Uint8Array([VERSION]), ephemeral.publicKey);
  return encode(concat(header, await aeadSeal(key, new Uint8Array(NONCE_BYTES), oneShotAad(purpose, header, envelope), plaintext)));
}

/** Opens a one-shot message sent to `recipient` (key pair) by the holder of `senderKey` (65 bytes). */
export async function openOneShot(purposeName, recipient, senderKey, envelope, sealed) {
  const purpose = PURPOSES[purposeName];
  const body = versioned(decode(sealed), 'message');
  if (body.length < 1 + PUBLIC_KEY_BYTES + TAG_BYTES) throw new E2eError('malformed', 'message too short');
  if (body.length > 1 + PUBLIC_KEY_BYTES + TAG_BYTES + purpose.max) throw new E2eError('too_large', 'message too long');
  const header = body.slice(0, 1 + PUBLIC_KEY_BYTES);
  const e = header.slice(1);
  const ikm = concat(await dh(recipient.privateKey, e), await dh(recipient.privateKey, senderKey));
  const key = await oneShotKey(purpose, e, senderKey, recipient.publicKey, ikm);
  return aeadOpen(key, new Uint8Array(NONCE_BYTES), oneShotAad(purpose, header, envelope), body.slice(1 + PUBLIC_KEY_BYTES));
}

/** The service worker's part: opens push content the helper sealed for this device. */
export async function openPush({ deviceKeys, helperKey, machineId, type, ref, sealed }) {
  const envelope = { machineId, deviceId: await deviceId(deviceKeys.publicKey), type, ref };
  return openOneShot('push', deviceKeys, helperKey, envelope, sealed);
}

/**
 * Seals a decision taken on a notification, for the HTTP decision route. `issuedAt` (epoch ms)
 * and `ephemeral` default to now and a fresh key; the vectors fix them.
 */
export async function sealDecision({ deviceKeys, helperKey, machineId, approvalId, decision, idempotencyKey, issuedAt, ephemeral }) {
  if (!DECISIONS.includes(decision)) throw new E2eError('malformed', 'not a decision a notification can send');
  const json = JSON.stringify({ approvalId, decision, idempotencyKey, issuedAt: issuedAt ?? Date.now() });
  const envelope = { machineId, deviceId: await deviceId(deviceKeys.publicKey), type: DECISION_TYPE, ref: approvalId };
  return sealOneShot('decision', deviceKeys, helperKey, ephemeral ?? await generateKeyPair(), envelope, utf8(json));
}
