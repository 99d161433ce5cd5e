// Whether a machine trusts this browser, in one line for a list (the machines and approvals
// pages): "Encrypted" and the machine's key fingerprint as pinned here, or "This browser is not
// trusted by NAME — add it from the desktop", linking to the machine's page, whose recovery panel
// (devices.js) says why and walks through the fix.

import { h, fill } from '../dom.js';
import { relay } from '../relay.js';
import { UNTRUSTED_REASONS } from '../channel.js';
import { loadDeviceKeys, pinnedHelper } from '../e2e-store.js';

/** {trusted: true, fingerprint} or {trusted: false, reason}: what the last handshake said, else what this browser holds. */
export async function machineTrust(machineId) {
  const told = relay.trust(machineId);
  if (!told.trusted) return told;
  if (!(await loadDeviceKeys().catch(() => undefined))) return { trusted: false, reason: 'no_key' };
  try {
    return { trusted: true, fingerprint: (await pinnedHelper(machineId)).fingerprint };
  } catch {
    return { trusted: false, reason: 'not_pinned' };
  }
}

/**
 * The line for `machine` ({id, name}), filled once known; with `named`, it starts with the machine's
 * name (a list of several). `known` (a Map the page keeps, machine id → trust) shows the last answer
 * at once: a page redraws its list on every presence change, and the line would otherwise be blank
 * until IndexedDB answers again.
 */
export function trustMark(machine, { named = false, known = new Map() } = {}) {
  const el = h('p', { class: 'trust', 'data-trust-machine': machine.id, 'data-named': String(named) });
  const who = named ? [h('strong', {}, machine.name), ': '] : null;
  const show = (trust) => {
    el.classList.remove('ok', 'no');
    el.classList.add(trust.trusted ? 'ok' : 'no');
    if (trust.trusted) {
      fill(el, who, h('span', { class: 'badge ok' }, 'Encrypted'), 'This browser is trusted · key ',
        h('span', { class: 'fingerprint' }, trust.fingerprint));
      return;
    }
    fill(el, who, `This browser is not trusted by ${machine.name} — add it from the desktop. `,
      h('span', { class: 'sub' }, UNTRUSTED_REASONS[trust.reason] ?? UNTRUSTED_REASONS.revoked, ' '),
      h('a', { href: `/machines/${machine.id}` }, 'How to fix it'));
  };
  if (known.has(machine.id)) show(known.get(machine.id));
  machineTrust(machine.id).then((trust) => {
    known.set(machine.id, trust);
    show(trust);
  }).catch(() => {});
  return el;
}

/**
 * Keeps the marks in `container` current: a handshake refused (`trust`) or accepted (`session`)
 * redraws that machine's, forgetting what `known` (trustMark's) held for it; `machineOf(id)`
 * answers the machine. Answers the unsubscribe function.
 */
export function keepTrustMarksCurrent(container, machineOf, known = new Map()) {
  return relay.on((frame) => {
    if (frame.type !== 'trust' && frame.type !== 'session') return;
    const machine = machineOf(frame.machineId);
    if (!machine) return;
    known.delete(machine.id);
    container.querySelectorAll('[data-trust-machine]').forEach((el) => {
      if (el.dataset.trustMachine === machine.id) el.replaceWith(trustMark(machine, { named: el.dataset.named === 'true', known }));
    });
  });
}
