// One thread: its history, then live. Messages stream in, commands show their output, file
// changes their diff; approval cards for this thread sit above the prompt box; a running turn
// can be interrupted.

import { h, fill, notice, setTitle } from '../dom.js';
import { relay, rpcProblem } from '../relay.js';
import { approvalCard } from './approvals.js';
import { changesView } from './diff.js';
import { handoff, statusWords } from './threads.js';
import { revealApproval } from '../reveal.js';

const COMMAND_STATUS = { inProgress: 'Running…', completed: 'Done', failed: 'Failed', declined: 'Denied: it did not run' };

function textOf(item) {
  if (item.type === 'userMessage') return (item.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
  return item.text ?? '';
}

function itemView(item, waiting) {
  switch (item.type) {
    case 'userMessage':
      return h('li', { class: 'item user' }, h('span', { class: 'who' }, 'You'), h('p', { class: 'text' }, textOf(item)));
    case 'agentMessage':
      return h('li', { class: 'item agent', 'aria-busy': item.streaming ? 'true' : 'false' },
        h('span', { class: 'who' }, 'Codex'), h('p', { class: 'text' }, textOf(item)));
    case 'commandExecution': {
      const words = waiting ? 'Waiting for your approval' : COMMAND_STATUS[item.status] ?? item.status ?? '';
      const exit = item.exitCode !== undefined && item.exitCode !== null && item.status !== 'declined' ? ` · exit ${item.exitCode}` : '';
      return h('li', { class: `item command ${item.status ?? ''}` },
        h('span', { class: 'who' }, 'Command'),
        h('pre', { class: 'command-line' }, h('code', {}, item.command ?? '')),
        h('p', { class: 'sub' }, words + exit, item.cwd ? [' · in ', h('code', {}, item.cwd)] : null),
        h('pre', { class: 'output', 'aria-label': 'Command output', hidden: !item.aggregatedOutput }, item.aggregatedOutput ?? ''));
    }
    case 'fileChange':
      return h('li', { class: `item files ${item.status ?? ''}` },
        h('span', { class: 'who' }, 'File changes'), changesView(item.changes),
        item.status === 'declined' ? h('p', { class: 'sub' }, 'Denied: not applied') : null);
    case 'reasoning':
    case 'plan':
      return null;
    default:
      return h('li', { class: 'item other' }, h('span', { class: 'who' }, item.type));
  }
}

export async function render(view, [machineId, threadId]) {
  setTitle('Thread');
  relay.subscribe(machineId);
  const title = h('h1', { class: 'thread-title' }, 'Thread');
  const status = h('p', { class: 'sub', role: 'status' }, 'Loading…');
  const timeline = h('ol', { class: 'timeline', 'aria-label': 'Conversation' });
  const approvalsBox = h('div', { class: 'thread-approvals', 'aria-live': 'polite' });
  const message = h('div', {});
  const prompt = h('textarea', { id: 'prompt', rows: 2, placeholder: 'Message Codex', enterkeyhint: 'send' });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const interrupt = h('button', { type: 'button', class: 'danger small' }, 'Interrupt');
  const working = h('div', { class: 'working', hidden: true }, h('span', { class: 'pulse', 'aria-hidden': 'true' }), h('span', {}, 'Codex is working…'), interrupt);
  const composer = h('form', { class: 'composer' }, h('label', { for: 'prompt', class: 'visually-hidden' }, 'Message to Codex'), prompt, send);
  // Plan mode is the mode in which Codex may ask the person questions (request_user_input). The
  // mode sticks to the thread in Codex, so every new turn says which one it wants.
  const plan = h('input', { type: 'checkbox', id: 'plan-mode' });
  const planToggle = h('label', { class: 'plan-mode', for: 'plan-mode', hidden: true }, plan, 'Plan mode: Codex plans first and may ask you questions');
  // The dock stays at the bottom of the screen: a pending approval is always in view, above the prompt box.
  view.append(h('p', { class: 'back' }, h('a', { href: `/machines/${machineId}` }, '‹ Threads')), title, status, timeline,
    h('div', { class: 'dock' }, approvalsBox, message, working, planToggle, composer));

  const items = new Map(); // itemId → {item, el, done}
  let runningTurn = null;
  let settings = null; // {model, reasoning_effort} of the thread, once read: what a mode choice carries
  let loaded = false;
  const buffered = [];

  // Keep the newest item in view while the reader is at the end; leave them be if they scrolled up.
  const followBottom = () => {
    const root = document.documentElement;
    if (root.scrollHeight - (root.scrollTop + root.clientHeight) < 600) window.scrollTo({ top: root.scrollHeight });
  };
  const awaitsApproval = (itemId) => [...relay.approvals.values()].some((a) => a.machineId === machineId && a.itemId === itemId);
  const place = (item, done) => {
    const known = items.get(item.id);
    const el = itemView(item, !done && awaitsApproval(item.id));
    if (known?.el && el) known.el.replaceWith(el);
    else if (known?.el) known.el.remove();
    else if (el) timeline.append(el);
    items.set(item.id, { item, el, done });
    if (el && !known) followBottom();
  };

  const setRunning = (turnId) => {
    runningTurn = turnId;
    working.hidden = !turnId;
  };

  const apply = (frame) => {
    const p = frame.params ?? {};
    switch (frame.method) {
      case 'item/started':
        if (!items.get(p.item.id)?.done) place({ ...p.item, streaming: p.item.type === 'agentMessage' }, false);
        break;
      case 'item/completed':
        place(p.item, true);
        if (p.item.type === 'userMessage' && title.textContent === 'New thread') {
          title.textContent = textOf(p.item);
          setTitle(title.textContent);
        }
        break;
      case 'item/agentMessage/delta': {
        const known = items.get(p.itemId);
        if (known?.done) break;
        if (!known) place({ id: p.itemId, type: 'agentMessage', text: '', streaming: true }, false);
        const entry = items.get(p.itemId);
        entry.item.text = (entry.item.text ?? '') + p.delta;
        entry.el.querySelector('.text').textContent = entry.item.text;
        followBottom();
        break;
      }
      case 'item/commandExecution/outputDelta': {
        const known = items.get(p.itemId);
        if (!known || known.done || !known.el) break;
        known.item.aggregatedOutput = (known.item.aggregatedOutput ?? '') + p.delta;
        const output = known.el.querySelector('.output');
        output.hidden = false;
        output.textContent = known.item.aggregatedOutput;
        break;
      }
      case 'turn/started':
        setRunning(p.turn?.id ?? null);
        break;
      case 'turn/completed':
        setRunning(null);
        if (p.turn?.status === 'failed') timeline.append(h('li', { class: 'item error', role: 'alert' }, p.turn.error?.message ?? 'The turn failed.'));
        if (p.turn?.status === 'interrupted') timeline.append(h('li', { class: 'item note' }, 'Interrupted.'));
        break;
      case 'error':
        if (!p.willRetry) timeline.append(h('li', { class: 'item error', role: 'alert' }, p.error?.message ?? 'Codex reported an error.'));
        else status.textContent = `Codex is retrying: ${p.error?.message ?? ''}`;
        break;
      case 'thread/status/changed':
        status.textContent = statusWords(p.status);
        break;
      default:
        break;
    }
  };

  const drawApprovals = () => {
    const pending = [...relay.approvals.values()].filter((a) => a.machineId === machineId && a.threadId === threadId);
    approvalsBox.querySelectorAll('[data-approval-id]').forEach((el) => { if (!relay.approvals.has(el.dataset.approvalId)) el.remove(); });
    const shown = new Set([...approvalsBox.querySelectorAll('[data-approval-id]')].map((el) => el.dataset.approvalId));
    pending.filter((a) => !shown.has(a.approvalId)).forEach((a) => approvalsBox.append(approvalCard(a)));
    revealApproval(approvalsBox);
    // Commands waiting for a decision say so, and stop saying it once answered.
    for (const [, entry] of items) {
      if (!entry.done && entry.item.type === 'commandExecution') place(entry.item, false);
    }
  };

  // Codex loads a saved thread only on thread/resume, which also subscribes the helper to its events.
  const resumeIfNotLoaded = async (thread) => {
    if (thread.status?.type !== 'notLoaded') return;
    setRunning(null);
    const resumed = await relay.rpc(machineId, 'thread/resume', { threadId });
    if (resumed.thread?.status) status.textContent = statusWords(resumed.thread.status);
  };

  const stop = relay.on((frame) => {
    if (frame.machineId !== machineId) return;
    if (frame.type === 'event' && (frame.params?.threadId === threadId)) {
      if (loaded) apply(frame);
      else buffered.push(frame);
    } else if (frame.type === 'approval' || frame.type === 'approvalResolved') {
      drawApprovals();
    }
  });

  const startTurn = async (text) => {
    const input = [{ type: 'text', text }];
    if (runningTurn) {
      try {
        await relay.rpc(machineId, 'turn/steer', { threadId, input, expectedTurnId: runningTurn });
        return;
      } catch (e) {
        // Codex refuses a steer when the turn ended just before (its completion may still be on the way): start one.
        if (e.code !== 'codex_error') throw e;
        setRunning(null);
      }
    }
    const params = { threadId, input };
    if (settings) params.collaborationMode = { mode: plan.checked ? 'plan' : 'default', settings };
    let result;
    try {
      result = await relay.rpc(machineId, 'turn/start', params);
    } catch (e) {
      // The helper or Codex restarted since this page opened: the thread is saved but no longer loaded.
      if (e.code !== 'codex_error') throw e;
      const { thread } = await relay.rpc(machineId, 'thread/read', { threadId });
      if (thread.status?.type !== 'notLoaded') throw e;
      await resumeIfNotLoaded(thread);
      result = await relay.rpc(machineId, 'turn/start', params);
    }
    if (result.turn?.id && !runningTurn) setRunning(result.turn.id);
  };

  composer.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = prompt.value.trim();
    if (!text) return;
    send.disabled = true;
    try {
      await startTurn(text);
      prompt.value = '';
      fill(message);
    } catch (e) {
      fill(message, notice('error', rpcProblem(e)));
    } finally {
      send.disabled = false;
    }
  });
  prompt.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) composer.requestSubmit();
  });
  interrupt.addEventListener('click', async () => {
    try {
      await relay.rpc(machineId, 'turn/interrupt', { threadId, turnId: runningTurn });
    } catch (e) {
      fill(message, notice('error', rpcProblem(e)));
    }
  });

  performance.mark('flydex:thread-requested');
  try {
    // A thread with no turn saved yet cannot list turns: read it without them.
    const { thread } = await relay.rpc(machineId, 'thread/read', { threadId, includeTurns: true })
      .catch((e) => (['machine_offline', 'access_expired', 'offline'].includes(e.code) ? Promise.reject(e)
        : relay.rpc(machineId, 'thread/read', { threadId })));
    performance.mark('flydex:thread-answered');
    title.textContent = thread.name || thread.preview || 'New thread';
    setTitle(title.textContent);
    status.textContent = statusWords(thread.status);
    if (thread.model) {
      settings = { model: thread.model, reasoning_effort: thread.reasoningEffort ?? null };
      planToggle.hidden = false;
    }
    for (const turn of thread.turns ?? []) {
      for (const item of turn.items ?? []) place(item, true);
      if (turn.status === 'inProgress') setRunning(turn.id);
      if (turn.status === 'failed') timeline.append(h('li', { class: 'item error' }, turn.error?.message ?? 'This turn failed.'));
      if (turn.status === 'interrupted') timeline.append(h('li', { class: 'item note' }, 'Interrupted.'));
    }
    await resumeIfNotLoaded(thread);
  } catch (e) {
    fill(message, notice('error', rpcProblem(e)), e.code === 'access_expired' ? h('a', { href: '/account/billing' }, 'Subscribe') : null);
  }
  loaded = true;
  buffered.splice(0).forEach(apply);
  drawApprovals();
  view.dataset.ready = 'true';
  performance.mark('flydex:thread-ready');
  if (handoff.prompt) {
    const first = handoff.prompt;
    handoff.prompt = null;
    startTurn(first).catch((e) => fill(message, notice('error', rpcProblem(e))));
  }
  return stop;
}
