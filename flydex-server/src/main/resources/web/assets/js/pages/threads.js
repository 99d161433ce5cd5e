// One machine's Codex threads: title, last update, and at a glance which are running, waiting
// for the person or failed; search by title, rename, archive; a form to start a new thread; and
// the machine's trusted devices. A machine that does not trust this browser gets the words to fix it.

import { h, fill, notice, ago, setTitle } from '../dom.js';
import { api } from '../api.js';
import { relay, rpcProblem } from '../relay.js';
import { presence } from './presence.js';
import { cardActions } from './cardactions.js';
import { devicesPanel, untrustedPanel } from './devices.js';

const LIST_LIMIT = 50;
const SEARCH_DELAY_MS = 250;
/** Codex's own bound is looser; a title longer than this is not a title (the helper enforces it too). */
const MAX_NAME = 200;
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

/** running, waiting (for the person), failed or quiet: the thread's state at a glance. */
function glance(thread, waitingKind) {
  const flags = thread.status?.activeFlags ?? [];
  if (waitingKind || flags.includes('waitingOnApproval') || flags.includes('waitingOnUserInput')) {
    const asks = waitingKind === 'userInput' || flags.includes('waitingOnUserInput');
    return { kind: 'waiting', badge: asks ? 'Codex asks you' : 'Needs your approval' };
  }
  if (thread.status?.type === 'active') return { kind: 'running', badge: 'Running' };
  if (thread.status?.type === 'systemError') return { kind: 'failed', badge: 'Failed' };
  return { kind: 'quiet', badge: null };
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
  const listProblem = h('div', {});
  const list = h('ul', { class: 'cards', 'aria-label': 'Threads', 'aria-busy': 'true' }, h('li', { class: 'empty' }, 'Loading threads…'));
  const form = newThreadForm(machineId, navigate, message);
  const search = h('input', { id: 'thread-search', type: 'search', placeholder: 'Search by title', autocomplete: 'off', enterkeyhint: 'search' });
  const devices = devicesPanel(machine);
  const newThread = h('details', { class: 'panel new-thread' }, h('summary', { class: 'button primary' }, 'New thread'), form);
  const searchForm = h('form', { class: 'search', role: 'search', onsubmit: (event) => event.preventDefault() },
    h('label', { for: 'thread-search', class: 'visually-hidden' }, 'Search threads by title'), search);
  view.append(h('p', { class: 'back' }, h('a', { href: '/machines' }, '‹ Machines')), h('h1', {}, machine.name), state,
    newThread, message, h('h2', {}, 'Threads'), searchForm, listProblem, list, devices.el);

  let threads = [];
  const problem = (e) => fill(message, notice('error', rpcProblem(e)));
  const card = (t, waiting) => {
    const { kind, badge } = glance(t, waiting.get(t.id));
    const title = t.name || t.preview || 'Empty thread';
    const actions = h('div', { class: 'actions' });
    cardActions(actions, {
      id: t.id, name: title.slice(0, MAX_NAME), maxlength: MAX_NAME, removeLabel: 'Archive',
      confirmText: `Archive “${title.slice(0, 80)}”? It leaves this list; Codex keeps it on the desktop.`,
      rename: async (name) => {
        await relay.rpc(machineId, 'thread/name/set', { threadId: t.id, name: name.trim() });
        t.name = name.trim();
        draw();
      },
      remove: async () => {
        await relay.rpc(machineId, 'thread/archive', { threadId: t.id });
        threads = threads.filter((other) => other.id !== t.id);
        fill(message, notice('ok', 'Archived. Codex keeps the thread on the desktop.'));
        draw();
      },
      problem,
    });
    return h('li', { class: `card thread ${kind}` },
      h('a', { class: 'card-main', href: `/machines/${machineId}/threads/${t.id}` },
        h('span', { class: 'title' }, title),
        h('span', { class: 'sub' }, badge ? h('span', { class: `badge ${kind}` }, badge) : null,
          statusWords(t.status), t.updatedAt ? ` · ${ago(t.updatedAt * 1000)}` : '')),
      actions);
  };
  const draw = () => {
    list.removeAttribute('aria-busy');
    if (threads.length === 0) {
      return fill(list, h('li', { class: 'empty' }, search.value.trim() ? 'No thread has that in its title.' : 'No threads yet. Start one above.'));
    }
    const waiting = new Map([...relay.approvals.values()].filter((a) => a.machineId === machineId).map((a) => [a.threadId, a.kind]));
    fill(list, threads.map((t) => card(t, waiting)));
  };
  let asked = 0;
  const load = async () => {
    const ticket = ++asked;
    const params = { limit: LIST_LIMIT, sortKey: 'updated_at' };
    if (search.value.trim()) params.searchTerm = search.value.trim();
    try {
      const result = await relay.rpc(machineId, 'thread/list', params);
      if (ticket !== asked) return; // a newer search answered, or will
      threads = result.data ?? [];
      fill(listProblem);
      draw();
    } catch (e) {
      if (ticket !== asked) return;
      list.removeAttribute('aria-busy');
      fill(list);
      if (e.code === 'device_unknown') return untrusted();
      fill(listProblem, notice('error', rpcProblem(e)), e.code === 'access_expired' ? h('a', { href: '/account/billing' }, 'Subscribe') : null);
    }
  };
  // Nothing here works for a browser the machine does not trust: only the words to fix it.
  const untrusted = () => {
    if (listProblem.querySelector('.untrusted')) return;
    fill(listProblem, untrustedPanel(machineId, relay.trust(machineId).reason));
    newThread.hidden = searchForm.hidden = true;
  };
  let typing = null;
  search.addEventListener('input', () => {
    list.setAttribute('aria-busy', 'true'); // until the answer for what was typed is in
    clearTimeout(typing);
    typing = setTimeout(load, SEARCH_DELAY_MS);
  });
  load();
  const busy = () => list.querySelector('form, .confirm');
  const stop = relay.on((frame) => {
    if (frame.type === 'trust' && frame.machineId === machineId && !relay.trust(machineId).trusted) untrusted();
    // Trusted again (added from the desktop, or a first pairing's key found its machine): the list comes back.
    if (frame.type === 'session' && frame.machineId === machineId && listProblem.querySelector('.untrusted')) {
      fill(listProblem);
      newThread.hidden = searchForm.hidden = false;
      load();
    }
    if (frame.type === 'machine' && frame.machineId === machineId) {
      fill(state, presence(machine));
      if (frame.online && list.childElementCount === 0) load();
    }
    if ((frame.type === 'approval' || frame.type === 'approvalResolved') && frame.machineId === machineId && !busy()) draw();
    if (frame.type === 'event' && frame.machineId === machineId && frame.method === 'thread/status/changed') {
      const changed = threads.find((t) => t.id === frame.params.threadId);
      if (changed) {
        changed.status = frame.params.status;
        if (!busy()) draw();
      }
    }
  });
  return () => {
    stop();
    devices.stop();
  };
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
