// The browser's end of /ws/client: one socket per tab, reconnected with backoff and jitter,
// machine subscriptions restored after each reconnect, and the pending approvals of every
// subscribed machine kept in one place so each view shows the same cards. Everything said to a
// machine travels sealed, through one end-to-end session per machine (channel.js); pages see
// the clear shapes they always did, plus a `trust` frame when a machine does not trust this browser.

import { api } from './api.js';
import { adoptPending, hasPending } from './e2e-store.js';
import { Channel, RelayError, answerTo } from './channel.js';

export { RelayError };

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30000;
const SOCKET_WAIT_MS = 10000; // a request waits this long for a reconnecting socket, then says "offline"
/** Frames the helper seals for one session; the relay hands them to that machine's channel. */
const SEALED = new Set(['event', 'approval', 'approvalResolved']);

class Relay {
  constructor() {
    this.socket = null;
    this.started = false;
    this.attempt = 0;
    this.nextId = 1;
    this.pending = new Map();
    this.subscriptions = new Set();
    this.listeners = new Set();
    this.approvals = new Map();
    this.machines = new Map();
    this.channels = new Map();
    this.routes = new Map(); // sealed rpc id → its machine's channel
    this.waiters = [];
    this.retryTimer = null;
    this.state = 'closed';
  }

  start() {
    if (this.started) return;
    this.started = true;
    if (!this.watchingNetwork) {
      this.watchingNetwork = true;
      window.addEventListener('online', () => this.reconnectNow());
      window.addEventListener('offline', () => this.emit({ type: 'connection' }));
    }
    this.connect();
  }

  stop() {
    this.started = false;
    clearTimeout(this.retryTimer);
    this.socket?.close(1000);
    this.socket = null;
    this.subscriptions.clear();
    this.approvals.clear();
    this.channels.forEach((channel) => channel.reset());
    this.channels.clear();
    this.setState('closed');
  }

  get online() {
    return this.state === 'open' && navigator.onLine !== false;
  }

  connect() {
    clearTimeout(this.retryTimer);
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + location.host + '/ws/client');
    this.socket = socket;
    this.setState('connecting');
    socket.onopen = () => {
      this.attempt = 0;
      this.setState('open');
      // Each new session gets every pending approval from its helper again.
      for (const machineId of this.subscriptions) {
        this.send({ type: 'subscribe', machineId });
        this.channel(machineId).wake();
      }
      this.waiters.splice(0).forEach((resolve) => resolve());
    };
    socket.onmessage = (message) => {
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      this.receive(frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      for (const [, call] of this.pending) call.reject(new RelayError('machine_offline', 'The connection to FlyDex dropped; try again.'));
      this.pending.clear();
      this.routes.clear();
      // Sessions live as long as the socket that opened them.
      this.channels.forEach((channel) => channel.reset());
      if (event.code === 4401) {
        this.started = false;
        this.setState('closed');
        // The server's reason tells a session taken away from one that ran out (ClientClose).
        this.emit({ type: 'signedOut', expired: event.reason === 'session expired' });
        return;
      }
      this.setState('retrying');
      if (this.started) this.scheduleRetry();
    };
  }

  scheduleRetry() {
    const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * base / 2;
    this.attempt += 1;
    this.retryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.emit({ type: 'connection' });
  }

  reconnectNow() {
    if (!this.started || this.state === 'open' || this.state === 'connecting') return;
    this.attempt = 0;
    this.connect();
  }

  setState(state) {
    this.state = state;
    this.emit({ type: 'connection' });
  }

  send(frame) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  receive(frame) {
    const answer = frame.type === 'result' || frame.type === 'error';
    const call = answer ? this.pending.get(frame.id) : undefined;
    if (call) {
      this.pending.delete(frame.id);
      if (frame.type === 'result') call.resolve(frame.result ?? {});
      else call.reject(new RelayError(frame.error?.code ?? 'internal', frame.error?.message ?? 'failed'));
      return;
    }
    const route = answer ? this.routes.get(frame.id) : undefined;
    if (route) {
      this.routes.delete(frame.id);
      if (frame.type === 'result') route.receive(frame);
      else route.refused(frame.id, frame.error?.code ?? 'internal', frame.error?.message ?? 'failed');
      return;
    }
    if (SEALED.has(frame.type) || frame.type === 'e2e/closed') {
      // The server delivers this socket's sessions only; a frame of no known session is dropped.
      this.channels.get(frame.machineId)?.receive(frame);
      return;
    }
    if (frame.type === 'machine') {
      const was = this.machines.get(frame.machineId)?.online;
      this.machines.set(frame.machineId, { online: frame.online, codexStatus: frame.codexStatus });
      const channel = this.channels.get(frame.machineId);
      // A helper that went away took its sessions along; when it is back, a new one is made.
      if (channel && was !== frame.online) {
        if (!frame.online) channel.reset();
        else channel.wake();
      }
    }
    this.emit(frame);
  }

  /** What channels hand back: opened frames in their clear shapes, and session and trust changes. */
  deliver(frame) {
    if (frame.type === 'session') {
      // The helper sends a new session every pending approval: start from that, not from stale cards.
      for (const [id, approval] of this.approvals) if (approval.machineId === frame.machineId) this.approvals.delete(id);
    } else if (frame.type === 'approval' && frame.approval?.approvalId) {
      this.approvals.set(frame.approval.approvalId, { machineId: frame.machineId, ...frame.approval });
    } else if (frame.type === 'approvalResolved') {
      this.approvals.delete(frame.approvalId);
    }
    this.emit(frame);
  }

  /** Waits for the socket while reconnecting, up to SOCKET_WAIT_MS. */
  async connected() {
    if (this.state === 'open') return;
    let timer;
    try {
      await Promise.race([
        new Promise((resolve) => this.waiters.push(resolve)),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new RelayError('offline', 'You are offline; FlyDex will reconnect.')), SOCKET_WAIT_MS); }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends a clear request frame (e2e/hello, e2e/introduce) with a new id; resolves to its result, rejects with RelayError(code). */
  async request(frame) {
    await this.connected();
    const id = `r${this.nextId++}`;
    return answerTo(this.pending, id, () => this.send({ ...frame, id }));
  }

  /**
   * Calls an allowed method on a machine, sealed; rejects with RelayError(code) — `device_unknown`
   * when the machine does not trust this browser. Waits for the socket, then for the session.
   */
  async rpc(machineId, method, params = {}) {
    try {
      return await this.#sealedCall(machineId, method, params);
    } catch (error) {
      // The session it named was gone (the helper restarted or let it go): the request never ran,
      // so it is sent once more through a fresh handshake instead of bothering the person.
      if (error?.code !== 'session_unknown') throw error;
      return this.#sealedCall(machineId, method, params);
    }
  }

  async #sealedCall(machineId, method, params) {
    await this.connected();
    const channel = this.channel(machineId);
    const id = `r${this.nextId++}`;
    this.routes.set(id, channel);
    try {
      return await channel.rpc(id, method, params);
    } finally {
      this.routes.delete(id);
    }
  }

  /** Introduces this browser to a machine through the relay (an add-device QR); resolves to the helper's {deviceId, proof}. */
  introduce(machineId, introduction) {
    return this.request({ type: 'e2e/introduce', machineId, introduction });
  }

  subscribe(machineId) {
    if (this.subscriptions.has(machineId)) return;
    this.subscriptions.add(machineId);
    this.send({ type: 'subscribe', machineId });
    if (this.state === 'open') this.channel(machineId).wake();
  }

  /** The machine's sealed channel, made on first use. */
  channel(machineId) {
    let channel = this.channels.get(machineId);
    if (!channel) {
      channel = new Channel(machineId, this, () => this.subscriptions.has(machineId) && this.state === 'open');
      this.channels.set(machineId, channel);
    }
    return channel;
  }

  /** Whether `machineId` trusts this browser: {trusted: true} until a handshake said otherwise, else {trusted: false, reason}. */
  trust(machineId) {
    return this.channels.get(machineId)?.trust ?? { trusted: true };
  }

  /** After this browser was introduced to a machine again: handshake afresh. */
  retrust(machineId) {
    this.channel(machineId).retry();
    this.emit({ type: 'trust', machineId });
  }

  /**
   * Moves pending pins (a first pairing's helper keys) to their machines, from `machines` as
   * GET /api/machines lists them (fetched when not given); answers the machine ids adopted.
   */
  async adoptPins(machines) {
    if (!(await hasPending())) return [];
    const adopted = await adoptPending(machines ?? (await api('GET', '/api/machines')).machines);
    adopted.filter((id) => this.channels.get(id)?.state === 'untrusted').forEach((id) => this.retrust(id));
    return adopted;
  }

  /** Listens to every frame (and {type:'connection'} on state changes); returns the unsubscribe function. */
  on(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(frame) {
    for (const listener of [...this.listeners]) listener(frame);
  }
}

export const relay = new Relay();

/** Words for an rpc failure, for a person. */
export function rpcProblem(error) {
  switch (error?.code) {
    case 'machine_offline': return 'This desktop is offline or did not answer. FlyDex keeps trying; check that the helper runs.';
    case 'access_expired': return 'Your trial has ended. Subscribe on the Account page to keep steering Codex.';
    case 'codex_unavailable': return 'Codex is not running on this desktop right now.';
    case 'not_found': return 'Not found. It may have been removed.';
    case 'already_resolved': return 'Someone already answered this.';
    case 'offline': return 'You are offline; FlyDex will reconnect.';
    case 'device_unknown': return error.message || 'This desktop does not trust this browser.';
    default: return error?.message || 'Something went wrong.';
  }
}
