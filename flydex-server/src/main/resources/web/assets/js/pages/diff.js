// A unified diff as readable lines: additions, removals and hunk headers marked (not only by colour).

import { h } from '../dom.js';

export function diffView(diff) {
  const lines = String(diff ?? '').split('\n');
  return h('pre', { class: 'diff' }, lines.map((line) => {
    const kind = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : 'ctx';
    return h('span', { class: `line ${kind}` }, line || ' ');
  }));
}

/** A fileChange's changes: path, what happens to it, and its diff. */
export function changesView(changes) {
  const kinds = { add: 'New file', delete: 'Deleted', update: 'Changed' };
  return (changes ?? []).map((change) => h('div', { class: 'change' },
    h('p', { class: 'path' }, h('span', { class: 'tag' }, kinds[change.kind?.type ?? change.kind] ?? 'Changed'), ' ', h('code', {}, change.path)),
    change.diff ? diffView(change.diff) : null));
}
