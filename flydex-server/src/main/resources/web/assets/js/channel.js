// One machine's sealed session over the relay socket (docs/e2e.md, "Wiring"): a handshake with
// the helper pinned for that machine, then every rpc sealed and every result, event and approval
// opened in the order the helper sealed them. The relay (relay.js) owns the socket and hands each
// sealed frame of this machine to `receive`; what opens is handed back in today's clear shapes.
// A frame that does not open, or the helper's e2e/closed, ends the session: the next one starts
// with a fresh handshake (with backoff). A machine that does not trust this browser, or a browser
// without a key or a pinned helper for it, makes the channel `untrusted`: pages say so in words.

import { E2eError, deviceId as deviceIdOf, sessionIdOf, startHandshake, utf8 } from './e2e.js';
import { loadDeviceKeys, pinnedHelper } from './e2e-store.js';

/** How long a request waits for its answer: the server answers machine_offline after 40 s. */
const RPC_TIMEOUT_MS = 45000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30000;
/** Failures that say this browser is not trusted by the machine (no handshake can succeed until it is introduced again). */
const UNTRUSTED = new Set(['device_unknown']);
const decoder = new TextDecoder();

export class RelayError extends Error {
  constructor(code, message, reason) {
    super(message);
    this.code = code;
    this.reason = reason;
  }
}

/** Why a machine does not trust this browser, in words. */
export const UNTRUSTED_REASONS = {
  no_key: 'This browser has no FlyDex key any more (its site data was cleared, or it is a new browser).',
  not_pinned: 'This browser was never introduced to this desktop.',
  revoked: 'This desktop no longer trusts this browser: it was removed from the desktop’s trusted devices.',
};

/**
 * A promise of the answer to request `id`: an entry in `pending` ({resolve, reject}) that
 * rejects with machine_offline after RPC_TIMEOUT_MS; `send()` then sends the request.
 */
export function answerTo(pending, id, send) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new RelayError('machine_offline', 'The desktop did not answer in time.'));
    }, RPC_TIMEOUT_MS);
    pending.set(id, {
      resolve: (value) => { clearTimeout(timer); resolve(value); },
      reject: (error) => { clearTimeout(timer); reject(error); },
    });
    send();
  });
}

function untrusted(reason) {
  return new RelayError('device_unknown', UNTRUSTED_REASONS[reason], reason);
}

export class Channel {
  /**
   * `relay`: {request(frame) → Promise of a clear result, send(frame), deliver(frame), adoptPins() → Promise};
   * `subscribed()`: whether the relay wants this machine's live frames (then a lost session is handshaken again by itself).
   */
  constructor(machineId, relay, subscribed) {
    this.machineId = machineId;
    this.relay = relay;
    this.subscribed = subscribed;
    this.state = 'idle'; // idle → handshaking → open; untrusted; waiting (a retry is scheduled)
    this.reason = null;
    this.session = null;
    this.sessionId = null;
    this.deviceId = null;
    this.ready = null; // the handshake in progress (or done): a promise of the Session
    this.inbox = Promise.resolve(); // frames open one after the other, in arrival order
    this.outbox = Promise.resolve(); // frames are sealed and sent one after the other, so counters leave in order
    this.pending = new Map(); // rpc id → {resolve, reject}, answered through this session
    this.attempt = 0;
    this.retryTimer = null;
    this.generation = 0; // a reset makes any handshake still under way give up
  }

  /** The open session, a handshake started if none is under way; rejects with a RelayError (untrusted, offline…). */
  open() {
    if (this.state === 'untrusted') return Promise.reject(this.untrustedError());
    if (this.state === 'idle' || this.state === 'waiting') this.handshake();
    return this.ready;
  }

  /**
   * A session for live frames, unless one is open or under way, or the helper said it does not
   * trust this browser (a revoked device asks again only after a new introduction: retry).
   * Without a key or a pin the check is local (and a first pairing's pin may have found its machine).
   */
  wake() {
    if (this.state === 'idle' || this.state === 'waiting' || (this.state === 'untrusted' && this.reason !== 'revoked')) this.handshake();
  }

  handshake() {
    clearTimeout(this.retryTimer);
    this.state = 'handshaking';
    const ready = this.#handshake();
    this.ready = ready;
    // Nobody may be waiting on a proactive handshake: its failure is handled here, not unhandled.
    ready.catch((error) => {
      if (this.ready === ready) this.#failed(error);
    });
  }

  async #handshake() {
    const generation = ++this.generation;
    const current = () => {
      if (generation !== this.generation) throw new RelayError('machine_offline', 'The connection to the desktop dropped; try again.');
    };
    const keys = await loadDeviceKeys().catch(() => undefined);
    if (!keys) throw untrusted('no_key');
    const pin = await this.#pin();
    this.deviceId = await deviceIdOf(keys.publicKey);
    const { hello, finish } = await startHandshake({ deviceKeys: keys, helperKey: pin.helperKey, machineId: this.machineId });
    const sessionId = await sessionIdOf(hello);
    current();
    // Frames of the new session may arrive before `finish` is done: they queue behind it.
    let opened;
    const session = new Promise((resolve, reject) => { opened = { resolve, reject }; });
    session.catch(() => {});
    this.sessionId = sessionId;
    this.inbox = session.then(() => {}, () => {});
    try {
      const answer = await this.relay.request({ type: 'e2e/hello', machineId: this.machineId, deviceId: this.deviceId, hello });
      if (answer.sessionId !== sessionId) throw new E2eError('malformed', 'the relay named another session');
      const session = await finish(answer.reply);
      current();
      this.session = session;
      opened.resolve(session);
    } catch (error) {
      opened.reject(error);
      throw error;
    }
    this.state = 'open';
    this.attempt = 0;
    this.relay.deliver({ type: 'session', machineId: this.machineId });
    return this.session;
  }

  async #pin() {
    try {
      return await pinnedHelper(this.machineId);
    } catch (error) {
      if (error?.failure !== 'device_unknown') throw error;
      // Right after a first pairing the helper key waits under no machine id: look whether this is its machine.
      if ((await this.relay.adoptPins()).includes(this.machineId)) return pinnedHelper(this.machineId);
      throw untrusted('not_pinned');
    }
  }

  /** Seals and sends one rpc; resolves to its result, rejects with the helper's error or a RelayError. */
  async rpc(id, method, params) {
    const session = await this.open();
    const sessionId = this.sessionId;
    return answerTo(this.pending, id, () => {
      this.outbox = this.outbox
        .then(() => session.seal('rpc', '', utf8(JSON.stringify({ id, method, params }))))
        .then((sealed) => this.relay.send({ type: 'rpc', id, machineId: this.machineId, deviceId: this.deviceId, sessionId, sealed }))
        .catch((error) => this.pending.get(id)?.reject(new RelayError('e2e_refused', `could not seal the request: ${error.message}`)));
    });
  }

  /** A sealed frame of this machine: result, event, approval or approvalResolved; or the helper's e2e/closed. */
  receive(frame) {
    if (frame.type === 'result' && frame.sealed === undefined) {
      this.refused(frame.id, 'e2e_refused', 'The desktop answered without sealing its answer.');
      return;
    }
    if (frame.sessionId !== this.sessionId) return; // an earlier session's late frame
    if (frame.type === 'e2e/closed') {
      this.#end(UNTRUSTED.has(frame.reason) ? untrusted('revoked')
        : new RelayError('session_closed', `the desktop ended the secure session (${frame.reason ?? 'closed'})`));
      return;
    }
    const sessionId = this.sessionId;
    const ref = frame.type === 'approval' || frame.type === 'approvalResolved' ? String(frame.approvalId ?? '') : '';
    this.inbox = this.inbox
      .then(() => (this.sessionId === sessionId && this.session ? this.session.open(frame.type, ref, frame.sealed) : null))
      .then((plaintext) => plaintext && this.#opened(frame, JSON.parse(decoder.decode(plaintext))))
      .catch((error) => {
        if (this.sessionId === sessionId) {
          this.#end(new RelayError('e2e_refused', `A message from the desktop did not check out, so it was refused (${error.failure ?? error.message}). `
            + 'FlyDex reconnects securely; try again.'));
        }
      });
  }

  #opened(frame, body) {
    const machineId = this.machineId;
    switch (frame.type) {
      case 'result': {
        const call = this.pending.get(frame.id);
        if (!call) return;
        // The relay renames ids on the way: the sealed id is the one this browser chose.
        if (body.id !== frame.id) throw new E2eError('malformed', 'a result for another request');
        this.pending.delete(frame.id);
        if (body.error) call.reject(new RelayError(body.error.code ?? 'internal', body.error.message ?? 'failed'));
        else call.resolve(body.result ?? {});
        return;
      }
      case 'event':
        this.relay.deliver({ type: 'event', machineId, method: body.method, params: body.params });
        return;
      case 'approval':
        this.relay.deliver({ type: 'approval', machineId, approval: { ...body, approvalId: frame.approvalId } });
        return;
      case 'approvalResolved':
        this.relay.deliver({ type: 'approvalResolved', machineId, approvalId: frame.approvalId, decision: body.decision, resolvedBy: body.resolvedBy });
        return;
      default:
    }
  }

  /** The relay or the helper refused an rpc of this session in clear (machine_offline, session_unknown, device_unknown…). */
  refused(id, code, message) {
    const call = this.pending.get(id);
    this.pending.delete(id);
    if (code === 'session_unknown') this.#end(new RelayError('session_closed', 'The secure connection to the desktop was lost; try again.'));
    else if (UNTRUSTED.has(code)) this.#end(untrusted('revoked'));
    call?.reject(UNTRUSTED.has(code) ? untrusted('revoked') : new RelayError(code, message));
  }

  /** The socket closed or the machine went offline: the helper forgets its sessions, so does this. */
  reset() {
    clearTimeout(this.retryTimer);
    this.generation++;
    this.#close(new RelayError('machine_offline', 'The connection to the desktop dropped; try again.'));
    if (this.state !== 'untrusted') this.state = 'idle';
  }

  /** After this browser was introduced again (add device, first pairing): try from scratch. */
  retry() {
    this.reason = null;
    this.attempt = 0;
    this.state = 'idle';
    this.reset();
    if (this.subscribed()) this.handshake();
  }

  #end(error) {
    this.#close(error);
    this.#failed(error);
  }

  #close(error) {
    this.session?.close();
    this.session = null;
    this.sessionId = null;
    for (const [, call] of this.pending) call.reject(error);
    this.pending.clear();
  }

  #failed(error) {
    this.#close(error);
    if (UNTRUSTED.has(error?.code)) {
      this.state = 'untrusted';
      this.reason = UNTRUSTED_REASONS[error.reason] ? error.reason : 'revoked';
      this.relay.deliver({ type: 'trust', machineId: this.machineId });
      return;
    }
    // Offline desktops are handshaken again when they come back (the relay's `machine` frame), not polled.
    this.state = error?.code === 'machine_offline' || error?.code === 'offline' ? 'idle' : 'waiting';
    if (this.state === 'waiting' && this.subscribed()) {
      const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.attempt++);
      this.retryTimer = setTimeout(() => { if (this.state === 'waiting') this.handshake(); }, base / 2 + Math.random() * base / 2);
    }
  }

  untrustedError() {
    return untrusted(this.reason);
  }

  get trust() {
    return this.state === 'untrusted' ? { trusted: false, reason: this.reason } : { trusted: true };
  }
}
