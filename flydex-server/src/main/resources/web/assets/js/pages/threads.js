// One machine's Codex threads: preview, last update, status, a badge while one waits for an
// approval; and a form to start a new thread.

import { h, fill, notice, ago, setTitle } from '../dom.js';
import { api } from '../api.js';
import { relay, rpcProblem } from '../relay.js';
import { presence } from './presence.js';

const LIST_LIMIT = 50;
/** The first prompt of a thread started here, sent once the thread page is open. */
export const handoff = { prompt: null };

export function statusWords(status) {
  const type = status?.type;
  if (type === 'active') {
    if (status.activeFlags?.includes('waitingOnUserInput')) return 'Waiting for your answer';
    return status.activeFlags?.includes('waitingOnApproval') ? 'Waiting for approval' : 'Working';
  }
  return { idle: 'Idle', notLoaded: 'Saved', systemError: 'Error' }[type] ?? '';
}

export async function render(view, [machineId], { navigate }) {
  const { machines } = await api('GET', '/api/machines');
  const machine = machines.find((m) => m.id === machineId);
  if (!machine) {
    setTitle('Not found');
    view.append(h('h1', {}, 'Machine not found'), h('p', {}, h('a', { href: '/machines' }, 'Back to machines')));
    return;
  }
  setTitle(machine.name);
  relay.subscribe(machineId);
  const state = h('p', { class: 'sub' }, presence(machine));
  const message = h('div', {});
  const list = h('ul', { class: 'cards', 'aria-label': 'Threads', 'aria-busy': 'true' }, h('li', { class: 'empty' }, 'Loading threads…'));
  const form = newThreadForm(machineId, navigate, message);
  view.append(h('p', { class: 'back' }, h('a', { href: '/machines' }, '‹ Machines')), h('h1', {}, machine.name), state,
    h('details', { class: 'panel new-thread' }, h('summary', { class: 'button primary' }, 'New thread'), form), message,
    h('h2', {}, 'Threads'), list);

  let threads = [];
  const draw = () => {
    list.removeAttribute('aria-busy');
    if (threads.length === 0) return fill(list, h('li', { class: 'empty' }, 'No threads yet. Start one above.'));
    const waiting = new Map([...relay.approvals.values()].filter((a) => a.machineId === machineId).map((a) => [a.threadId, a.kind]));
    fill(list, threads.map((t) => {
      const flags = t.status?.activeFlags ?? [];
      const asks = waiting.get(t.id) === 'userInput' || flags.includes('waitingOnUserInput');
      const needsYou = asks || waiting.has(t.id) || flags.includes('waitingOnApproval');
      return h('li', { class: 'card' }, h('a', { class: 'card-main', href: `/machines/${machineId}/threads/${t.id}` },
        h('span', { class: 'title' }, t.name || t.preview || 'Empty thread'),
        h('span', { class: 'sub' }, needsYou ? h('span', { class: 'badge' }, asks ? 'Codex asks you' : 'Needs your approval') : null,
          statusWords(t.status), t.updatedAt ? ` · ${ago(t.updatedAt * 1000)}` : '')));
    }));
  };
  const load = async () => {
    try {
      const result = await relay.rpc(machineId, 'thread/list', { limit: LIST_LIMIT, sortKey: 'updated_at' });
      threads = result.data ?? [];
      fill(message);
      draw();
    } catch (e) {
      list.removeAttribute('aria-busy');
      fill(list);
      fill(message, notice('error', rpcProblem(e)), e.code === 'access_expired' ? h('a', { href: '/account/billing' }, 'Subscribe') : null);
    }
  };
  load();
  return relay.on((frame) => {
    if (frame.type === 'machine' && frame.machineId === machineId) {
      fill(state, presence(machine));
      if (frame.online && list.childElementCount === 0) load();
    }
    if ((frame.type === 'approval' || frame.type === 'approvalResolved') && frame.machineId === machineId) draw();
    if (frame.type === 'event' && frame.machineId === machineId && frame.method === 'thread/status/changed') {
      const changed = threads.find((t) => t.id === frame.params.threadId);
      if (changed) {
        changed.status = frame.params.status;
        draw();
      }
    }
  });
}

function newThreadForm(machineId, navigate, message) {
  const cwd = h('input', { id: 'thread-cwd', name: 'cwd', placeholder: 'The helper’s folder', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false' });
  const policy = h('select', { id: 'thread-policy', name: 'policy' },
    h('option', { value: 'untrusted' }, 'Before every command'),
    h('option', { value: 'on-request' }, 'Only when Codex asks'));
  const prompt = h('textarea', { id: 'thread-prompt', name: 'prompt', rows: 3, placeholder: 'What should Codex do?' });
  const start = h('button', { type: 'submit', class: 'primary wide' }, 'Start thread');
  return h('form', { onsubmit: async (event) => {
    event.preventDefault();
    start.disabled = true;
    const params = { approvalPolicy: policy.value, sandbox: 'workspace-write' };
    if (cwd.value.trim()) params.cwd = cwd.value.trim();
    try {
      const result = await relay.rpc(machineId, 'thread/start', params);
      handoff.prompt = prompt.value.trim() || null;
      navigate(`/machines/${machineId}/threads/${result.thread.id}`);
    } catch (e) {
      fill(message, notice('error', rpcProblem(e)));
      start.disabled = false;
    }
  } },
  h('label', { for: 'thread-cwd' }, 'Folder on the desktop (optional)'), cwd,
  h('label', { for: 'thread-policy' }, 'Ask for approval'), policy,
  h('label', { for: 'thread-prompt' }, 'First prompt (optional)'), prompt,
  start);
}
