// A unified diff as readable lines: additions, removals and hunk headers marked (not only by colour).

import { h } from '../dom.js';

/**
 * {@code whole}: 'add' or 'delete' when the text is a whole new or removed file rather than a diff.
 * A {@code label} makes the diff a focusable region, for one that scrolls on its own.
 */
export function diffView(diff, whole, label) {
  const lines = String(diff ?? '').replace(/\n$/, '').split('\n');
  return h('pre', { class: 'diff', tabindex: label ? '0' : null, 'aria-label': label }, lines.map((line) => {
    if (whole === 'add') return h('span', { class: 'line add' }, `+${line}`);
    if (whole === 'delete') return h('span', { class: 'line del' }, `-${line}`);
    const kind = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : 'ctx';
    return h('span', { class: `line ${kind}` }, line || ' ');
  }));
}

/** A fileChange's changes: path, what happens to it, and its diff. */
export function changesView(changes) {
  const kinds = { add: 'New file', delete: 'Deleted', update: 'Changed' };
  return (changes ?? []).map((change) => {
    const kind = change.kind?.type ?? change.kind;
    return h('div', { class: 'change' },
      h('p', { class: 'path' }, h('span', { class: 'tag' }, kinds[kind] ?? 'Changed'), ' ', h('code', {}, change.path)),
      change.diff ? diffView(change.diff, kind === 'add' || kind === 'delete' ? kind : undefined) : null);
  });
}
