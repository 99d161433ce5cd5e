// Approval cards (what Codex wants to do, and Approve / Approve for session / Deny) and the
// list of everything pending across the account's machines. A card goes away everywhere when
// the approval is resolved, by this phone or anyone else.

import { h, fill, notice, ago, setTitle } from '../dom.js';
import { api } from '../api.js';
import { relay, rpcProblem } from '../relay.js';
import { changesView } from './diff.js';

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
    const inputs = (approval.questions ?? []).map((q) => ({ q, input: h('input', { id: `q-${approval.approvalId}-${q.id}`, autocomplete: 'off' }) }));
    const send = h('button', { type: 'submit', class: 'primary big' }, 'Send answer');
    buttons.push(send);
    body = h('form', { onsubmit: (event) => {
      event.preventDefault();
      respond({ answers: Object.fromEntries(inputs.map(({ q, input }) => [q.id, input.value])) });
    } }, inputs.map(({ q, input }) => [h('label', { for: input.id }, q.question || q.header), input]),
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

export async function render(view) {
  setTitle('Approvals');
  const list = h('div', { class: 'approval-list' });
  view.append(h('h1', {}, 'Waiting for you'), list);
  const names = new Map();
  try {
    const { machines } = await api('GET', '/api/machines');
    machines.forEach((m) => { names.set(m.id, m.name); relay.subscribe(m.id); });
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
  return relay.on((frame) => {
    if (frame.type === 'approval' || frame.type === 'approvalResolved' || frame.type === 'connection') draw();
  });
}
