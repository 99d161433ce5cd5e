// Approval cards (what Codex wants to do, and Approve / Approve for session / Deny) and the
// list of everything pending across the account's machines. A card goes away everywhere when
// the approval is resolved, by this phone or anyone else. Above them, whether each machine trusts
// this browser: approvals come only from those that do.

import { h, fill, notice, ago, setTitle } from '../dom.js';
import { relay, rpcProblem } from '../relay.js';
import { subscribeAll } from '../session.js';
import { changesView } from './diff.js';
import { keepTrustMarksCurrent, trustMark } from './trustmark.js';

const TITLES = { command: 'Run this command?', fileChange: 'Apply these changes?', permissions: 'Grant these permissions?', userInput: 'Codex asks you' };

export function approvalCard(approval, { machineName, threadLink } = {}) {
  const key = crypto.randomUUID();
  const status = h('div', {});
  const decisions = approval.availableDecisions?.length ? approval.availableDecisions : ['accept', 'acceptForSession', 'decline'];
  const buttons = [];
  const respond = async (params) => {
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await relay.rpc(approval.machineId, 'approval/respond', { approvalId: approval.approvalId, idempotencyKey: key, ...params });
      fill(status, notice('ok', 'Sent.'));
    } catch (e) {
      fill(status, notice('error', rpcProblem(e)));
      if (e.code !== 'already_resolved' && e.code !== 'unknown_approval') buttons.forEach((b) => { b.disabled = false; });
    }
  };
  const button = (decision, label, style) => {
    const b = h('button', { type: 'button', class: `${style} big`, onclick: () => respond({ decision }) }, label);
    buttons.push(b);
    return b;
  };
  let body;
  if (approval.kind === 'userInput') {
    const questions = (approval.questions ?? []).map((q) => questionField(approval.approvalId, q));
    const send = h('button', { type: 'submit', class: 'primary big' }, 'Send answer');
    buttons.push(send);
    body = h('form', { onsubmit: (event) => {
      event.preventDefault();
      respond({ answers: Object.fromEntries(questions.map(({ id, answer }) => [id, answer()])) });
    } }, questions.map(({ el }) => el),
    h('div', { class: 'choice' }, button('cancel', 'Skip', 'danger'), send));
  } else {
    body = [
      approval.command ? h('pre', { class: 'command-line' }, h('code', {}, approval.command)) : null,
      approval.changes ? changesView(approval.changes) : null,
      approval.cwd ? h('p', { class: 'sub' }, 'in ', h('code', {}, approval.cwd)) : null,
      approval.reason ? h('p', {}, h('strong', {}, 'Why: '), approval.reason) : null,
      h('div', { class: 'choice' },
        button('decline', 'Deny', 'danger'),
        button('accept', 'Approve', 'primary')),
      decisions.includes('acceptForSession') ? h('div', { class: 'choice single' }, button('acceptForSession', 'Approve for this session', 'secondary')) : null,
    ];
  }
  return h('article', { class: 'approval', 'data-approval-id': approval.approvalId, 'aria-label': TITLES[approval.kind] ?? 'Approval' },
    h('h3', {}, TITLES[approval.kind] ?? 'Codex needs you'),
    h('p', { class: 'sub' }, machineName ? `${machineName} · ` : '', `asked ${ago(approval.createdAt)}`,
      threadLink ? [' · ', h('a', { href: threadLink }, 'Open thread')] : null),
    body, status);
}

// One question of a user-input request: its options as radio buttons, and a free-text answer when
// Codex allows one (isOther) or offers no options; a secret answer is typed into a password field.
// Codex takes each answer as a list: the chosen label, or the text typed.
function questionField(approvalId, q) {
  const name = `q-${approvalId}-${q.id}`;
  const options = (q.options ?? []).map((o, i) => {
    const input = h('input', { type: 'radio', name, id: `${name}-${i}`, value: o.label });
    return { input, el: h('label', { class: 'option', for: input.id }, input, h('span', {}, o.label),
      o.description ? h('span', { class: 'sub' }, o.description) : null) };
  });
  const free = options.length === 0 || q.isOther
    ? h('input', { id: `${name}-text`, type: q.isSecret ? 'password' : 'text', autocomplete: 'off',
      'aria-label': options.length ? null : q.question || q.header || 'Answer' })
    : null;
  // Typing an answer of one's own deselects the options, so what is sent is what is shown.
  free?.addEventListener('input', () => { if (free.value) options.forEach((o) => { o.input.checked = false; }); });
  options.forEach((o) => o.input.addEventListener('change', () => { if (free) free.value = ''; }));
  const el = h('fieldset', { class: 'question' },
    h('legend', {}, q.header && q.question ? [h('strong', {}, q.header), ' ', q.question] : q.question || q.header),
    options.map((o) => o.el), free ? [options.length ? h('label', { for: free.id }, 'Or answer in your own words') : null, free] : null);
  const answer = () => {
    const chosen = options.find((o) => o.input.checked)?.input.value;
    const text = free?.value.trim();
    return text ? [text] : chosen ? [chosen] : [];
  };
  return { id: q.id, el, answer };
}

export async function render(view) {
  setTitle('Approvals');
  const list = h('div', { class: 'approval-list' });
  // Approvals reach this browser only from machines that trust it: each machine says whether it does.
  const trust = h('ul', { class: 'trust-list', 'aria-label': 'Machines and this browser' });
  view.append(h('h1', {}, 'Waiting for you'), trust, list);
  const names = new Map();
  let machines = [];
  try {
    machines = await subscribeAll();
    machines.forEach((m) => names.set(m.id, m.name));
    fill(trust, machines.map((m) => h('li', {}, trustMark(m, { named: true }))));
  } catch (e) {
    list.append(notice('error', e.message));
  }
  const draw = () => {
    const pending = [...relay.approvals.values()].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
    const shown = new Set([...list.querySelectorAll('[data-approval-id]')].map((el) => el.dataset.approvalId));
    // Keep cards that stay (a half-typed answer survives), drop resolved ones, add new ones.
    list.querySelectorAll('[data-approval-id]').forEach((el) => { if (!relay.approvals.has(el.dataset.approvalId)) el.remove(); });
    list.querySelector('.empty')?.remove();
    for (const approval of pending) {
      if (shown.has(approval.approvalId)) continue;
      list.append(approvalCard(approval, { machineName: names.get(approval.machineId),
        threadLink: approval.threadId ? `/machines/${approval.machineId}/threads/${approval.threadId}` : null }));
    }
    if (pending.length === 0) list.append(h('p', { class: 'empty' }, 'Nothing is waiting for you. Approvals from all your machines appear here.'));
  };
  draw();
  const stopTrust = keepTrustMarksCurrent(trust, (id) => machines.find((m) => m.id === id));
  const stop = relay.on((frame) => {
    if (frame.type === 'approval' || frame.type === 'approvalResolved' || frame.type === 'connection') draw();
  });
  return () => {
    stop();
    stopTrust();
  };
}
