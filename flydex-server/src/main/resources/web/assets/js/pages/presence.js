// A machine's presence in words, from the REST list and the relay's live `machine` frames.

import { h, ago } from '../dom.js';
import { relay } from '../relay.js';
import { codexWords } from '../helper.js';

export function presence(machine) {
  const live = relay.machines.get(machine.id);
  const online = live ? live.online : machine.online;
  const codex = live ? live.codexStatus : machine.codexStatus;
  const words = online ? `Online · ${codexWords(codex)}`
    : `Offline${machine.lastSeenAt ? ` · last seen ${ago(machine.lastSeenAt)}` : ''}`;
  return h('span', { class: 'presence' }, h('span', { class: `dot ${online ? (codex === 'ready' ? 'ok' : 'warn') : 'off'}`, 'aria-hidden': 'true' }), words);
}
