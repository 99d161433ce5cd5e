// The account's desktops: presence, Codex state, rename, remove (with a confirmation).

import { h, fill, notice, platformName, setTitle } from '../dom.js';
import { api } from '../api.js';
import { relay } from '../relay.js';
import { subscribeAll } from '../session.js';
import { presence } from './presence.js';

export async function render(view) {
  setTitle('Machines');
  const list = h('ul', { class: 'cards', 'aria-label': 'Your machines' });
  const message = h('div', {});
  view.append(h('h1', {}, 'Machines'), message, list);
  let machines = [];

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
      actions);
    const normal = () => fill(actions,
      h('button', { type: 'button', class: 'secondary small', onclick: rename }, 'Rename'),
      h('button', { type: 'button', class: 'secondary small', onclick: confirmRemove }, 'Remove'));
    const rename = () => {
      const input = h('input', { id: `name-${machine.id}`, value: machine.name, maxlength: 64, required: true });
      fill(actions, h('form', { class: 'inline', onsubmit: async (event) => {
        event.preventDefault();
        try {
          const { machine: renamed } = await api('PATCH', `/api/machines/${machine.id}`, { name: input.value });
          Object.assign(machine, renamed);
          draw();
        } catch (e) {
          fill(message, notice('error', e.message));
        }
      } }, h('label', { for: input.id, class: 'visually-hidden' }, 'New name'), input,
      h('button', { type: 'submit', class: 'primary small' }, 'Save'),
      h('button', { type: 'button', class: 'secondary small', onclick: normal }, 'Cancel')));
      input.focus();
    };
    const confirmRemove = () => {
      const yes = h('button', { type: 'button', class: 'danger small', onclick: async () => {
        try {
          await api('DELETE', `/api/machines/${machine.id}`);
          machines = machines.filter((m) => m.id !== machine.id);
          fill(message, notice('ok', `${machine.name} was removed. Its helper is disconnected; link it again from that desktop if you want it back.`));
          draw();
        } catch (e) {
          fill(message, notice('error', e.message));
        }
      } }, 'Remove');
      fill(actions, h('p', { class: 'confirm', role: 'alert' }, `Remove ${machine.name}? Its helper is disconnected at once.`), yes,
        h('button', { type: 'button', class: 'secondary small', onclick: normal }, 'Keep'));
      yes.focus();
    };
    normal();
    return item;
  };

  try {
    machines = await subscribeAll();
  } catch (e) {
    fill(message, notice('error', e.message));
  }
  draw();
  return relay.on((frame) => {
    // Presence changes redraw the list, unless the person is renaming or confirming.
    if (frame.type === 'machine' && !list.querySelector('form, .confirm')) draw();
  });
}
