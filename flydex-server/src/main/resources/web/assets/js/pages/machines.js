// The account's desktops: presence, Codex state, whether each trusts this browser (trustmark.js),
// rename, remove (with a confirmation).

import { h, fill, notice, platformName, setTitle } from '../dom.js';
import { api } from '../api.js';
import { relay } from '../relay.js';
import { subscribeAll } from '../session.js';
import { presence } from './presence.js';
import { cardActions } from './cardactions.js';
import { keepTrustMarksCurrent, trustMark } from './trustmark.js';

export async function render(view) {
  setTitle('Machines');
  const list = h('ul', { class: 'cards', 'aria-label': 'Your machines' });
  const message = h('div', {});
  view.append(h('h1', {}, 'Machines'), message, list);
  let machines = [];
  const trustKnown = new Map();

  const draw = () => {
    if (machines.length === 0) {
      fill(list, h('li', { class: 'empty' }, 'No desktop linked yet. On your desktop, open this site and scan the QR code with this phone.'));
      return;
    }
    fill(list, machines.map(card));
  };

  const card = (machine) => {
    const actions = h('div', { class: 'actions' });
    const item = h('li', { class: 'card' },
      h('a', { class: 'card-main', href: `/machines/${machine.id}` },
        h('span', { class: 'title' }, machine.name),
        h('span', { class: 'sub' }, presence(machine), ' · ', platformName(machine.platform))),
      actions, trustMark(machine, { known: trustKnown }));
    cardActions(actions, {
      id: machine.id, name: machine.name, maxlength: 64, removeLabel: 'Remove',
      confirmText: `Remove ${machine.name}? Its helper is disconnected at once.`,
      rename: async (name) => {
        const { machine: renamed } = await api('PATCH', `/api/machines/${machine.id}`, { name });
        Object.assign(machine, renamed);
        draw();
      },
      remove: async () => {
        await api('DELETE', `/api/machines/${machine.id}`);
        machines = machines.filter((m) => m.id !== machine.id);
        fill(message, notice('ok', `${machine.name} was removed. Its helper is disconnected; link it again from that desktop if you want it back.`));
        draw();
      },
      problem: (e) => fill(message, notice('error', e.message)),
    });
    return item;
  };

  try {
    machines = await subscribeAll();
  } catch (e) {
    fill(message, notice('error', e.message));
  }
  draw();
  const stopTrust = keepTrustMarksCurrent(list, (id) => machines.find((m) => m.id === id), trustKnown);
  const stop = relay.on((frame) => {
    // Presence changes redraw the list, unless the person is renaming or confirming.
    if (frame.type === 'machine' && !list.querySelector('form, .confirm')) draw();
  });
  return () => {
    stop();
    stopTrust();
  };
}
