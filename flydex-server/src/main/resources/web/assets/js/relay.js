// The browser's end of /ws/client: one socket per tab, reconnected with backoff and jitter,
// machine subscriptions restored after each reconnect, and the pending approvals of every
// subscribed machine kept in one place so each view shows the same cards.

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30000;
const RPC_TIMEOUT_MS = 45000; // the server answers machine_offline after 40 s

export class RelayError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

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
      // The server re-sends every pending approval on subscribe: start from that, not from stale cards.
      this.approvals.clear();
      this.setState('open');
      for (const machineId of this.subscriptions) this.send({ type: 'subscribe', machineId });
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
      if (event.code === 4401) {
        this.started = false;
        this.setState('closed');
        this.emit({ type: 'signedOut' });
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
    if ((frame.type === 'result' || frame.type === 'error') && this.pending.has(frame.id)) {
      const call = this.pending.get(frame.id);
      this.pending.delete(frame.id);
      if (frame.type === 'result') call.resolve(frame.result ?? {});
      else call.reject(new RelayError(frame.error?.code ?? 'internal', frame.error?.message ?? 'failed'));
      return;
    }
    if (frame.type === 'approval' && frame.approval?.approvalId) {
      this.approvals.set(frame.approval.approvalId, { machineId: frame.machineId, ...frame.approval });
    } else if (frame.type === 'approvalResolved') {
      this.approvals.delete(frame.approvalId);
    } else if (frame.type === 'machine') {
      this.machines.set(frame.machineId, { online: frame.online, codexStatus: frame.codexStatus });
    }
    this.emit(frame);
  }

  /** Calls an allowed method on a machine; rejects with RelayError(code). Waits for the socket while reconnecting. */
  async rpc(machineId, method, params = {}) {
    if (this.state !== 'open') {
      await Promise.race([
        new Promise((resolve) => this.waiters.push(resolve)),
        new Promise((_, reject) => setTimeout(() => reject(new RelayError('offline', 'You are offline; FlyDex will reconnect.')), 10000)),
      ]);
    }
    const id = `r${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RelayError('machine_offline', 'The desktop did not answer in time.'));
      }, RPC_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (value) => { clearTimeout(timer); resolve(value); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      this.send({ type: 'rpc', id, machineId, method, params });
    });
  }

  subscribe(machineId) {
    if (this.subscriptions.has(machineId)) return;
    this.subscriptions.add(machineId);
    this.send({ type: 'subscribe', machineId });
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
    default: return error?.message || 'Something went wrong.';
  }
}
