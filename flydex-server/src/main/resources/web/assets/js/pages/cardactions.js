// A card's Rename and remove-style actions: an inline rename form, and a confirmation before the
// card leaves its list. Shared by the machines and threads lists and a machine's trusted devices.

import { h, fill } from '../dom.js';

/**
 * Fills `actions` with Rename and `removeLabel`. `rename(name)` and `remove()` do the work and
 * throw on failure, which `problem(error)` shows. Without `remove`, Rename alone.
 */
export function cardActions(actions, { id, name, maxlength, removeLabel, confirmText, rename, remove, problem }) {
  const normal = () => fill(actions,
    h('button', { type: 'button', class: 'secondary small', onclick: renaming }, 'Rename'),
    remove ? h('button', { type: 'button', class: 'secondary small', onclick: confirming }, removeLabel) : null);
  const renaming = () => {
    const input = h('input', { id: `name-${id}`, value: name, maxlength, required: true });
    fill(actions, h('form', { class: 'inline', onsubmit: async (event) => {
      event.preventDefault();
      try {
        await rename(input.value);
      } catch (e) {
        problem(e);
      }
    } }, h('label', { for: input.id, class: 'visually-hidden' }, 'New name'), input,
    h('button', { type: 'submit', class: 'primary small' }, 'Save'),
    h('button', { type: 'button', class: 'secondary small', onclick: normal }, 'Cancel')));
    input.focus();
  };
  const confirming = () => confirmStep(actions, { label: removeLabel, confirmText, run: remove, problem, keep: normal });
  normal();
}

/** Asks before a step that cannot be undone: `confirmText`, then `label` (which runs `run`) or Keep (which runs `keep`). */
export function confirmStep(actions, { label, confirmText, run, problem, keep }) {
  const yes = h('button', { type: 'button', class: 'danger small', onclick: async () => {
    try {
      await run();
    } catch (e) {
      problem(e);
    }
  } }, label);
  fill(actions, h('p', { class: 'confirm', role: 'alert' }, confirmText), yes,
    h('button', { type: 'button', class: 'secondary small', onclick: keep }, 'Keep'));
  yes.focus();
}
