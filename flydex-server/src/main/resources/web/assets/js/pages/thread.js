// One thread, newest turns first and older ones paged in as the reader scrolls up, then live:
// messages stream in as markdown, commands show their output, file changes their diff, the plan
// updates as a checklist, and the context window's fill shows as Codex reports it. Approval cards
// for this thread sit above the prompt box; a running turn can be interrupted.

import { h, fill, notice, setTitle } from '../dom.js';
import { relay, rpcProblem } from '../relay.js';
import { markdownReady } from '../markdown.js';
import { approvalCard } from './approvals.js';
import { diffView } from './diff.js';
import { handoff, statusWords } from './threads.js';
import { itemView, markdownBlock, planView, textOf } from './items.js';
import { composer } from './composer.js';
import { revealApproval } from '../reveal.js';
import { untrustedPanel } from './devices.js';

/** Turns per page of history: a phone screen or two each. */
const PAGE_TURNS = 20;
/** Turns kept on the page: paging stops there, so a thread of thousands stays light. */
const MAX_TURNS_SHOWN = 200;
/** Within this distance of the end the reader is "at the latest" and the page follows new output. */
const NEAR_END_PX = 120;
const ERROR_KINDS = {
  contextWindowExceeded: 'The context window is full.', usageLimitExceeded: 'Usage limit reached.',
  rateLimitExceeded: 'Rate limited.', serverOverloaded: 'OpenAI is overloaded.', unauthorized: 'Codex is not signed in.',
  cyberPolicy: 'Stopped by a safety policy.', bioPolicy: 'Stopped by a safety policy.', sandboxError: 'The sandbox failed.',
};

const compact = (n) => new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(n);

function errorWords(error) {
  const kind = typeof error?.codexErrorInfo === 'string' ? ERROR_KINDS[error.codexErrorInfo] : null;
  return [h('span', { class: 'who' }, 'Error'), h('p', {}, error?.message || 'The turn failed.'), kind ? h('p', { class: 'sub' }, kind) : null];
}

export async function render(view, [machineId, threadId], { navigate }) {
  setTitle('Thread');
  relay.subscribe(machineId);
  const title = h('h1', { class: 'thread-title' }, 'Thread');
  const status = h('p', { class: 'sub', role: 'status' }, 'Loading…');
  const usage = h('p', { class: 'usage sub', hidden: true });
  const older = h('button', { type: 'button', class: 'link older', hidden: true }, 'Load earlier turns');
  const olderNote = h('p', { class: 'sub older-note', hidden: true });
  const timeline = h('ol', { class: 'timeline', 'aria-label': 'Conversation' });
  const approvalsBox = h('div', { class: 'thread-approvals', 'aria-live': 'polite' });
  const message = h('div', {});
  const interrupt = h('button', { type: 'button', class: 'danger small' }, 'Interrupt');
  const working = h('div', { class: 'working', hidden: true }, h('span', { class: 'pulse', 'aria-hidden': 'true' }), h('span', {}, 'Codex is working…'), interrupt);
  const jump = h('button', { type: 'button', class: 'primary small jump', hidden: true }, 'Jump to latest ↓');
  // Plan mode is the mode in which Codex may ask the person questions (request_user_input). The
  // mode sticks to the thread in Codex, so every new turn says which one it wants.
  const plan = h('input', { type: 'checkbox', id: 'plan-mode' });
  const planToggle = h('label', { class: 'plan-mode', for: 'plan-mode', hidden: true }, plan, 'Plan mode: Codex plans first and may ask you questions');
  const problem = (e) => (e.code === 'device_unknown' ? untrusted() : fill(message, notice('error', rpcProblem(e))));
  const prompt = composer({ machineId, threadId, send: (input) => startTurn(input), problem });
  // The dock stays at the bottom of the screen: a pending approval is always in view, above the prompt box.
  view.append(h('p', { class: 'back' }, h('a', { href: `/machines/${machineId}` }, '‹ Threads')), title, status, usage,
    older, olderNote, timeline,
    h('div', { class: 'dock' }, jump, approvalsBox, message, working, planToggle, prompt.el));

  const items = new Map(); // itemId → {item, el, done, turnId}
  const turns = new Map(); // turnId → {el, list, plan, diff, failed}
  let runningTurn = null;
  let threadSettings = null; // {model, reasoning_effort} of the thread, once read
  let cursor = null; // thread/turns/list's cursor to the next older page
  let loaded = false;
  const buffered = [];

  // Follow new output while the reader is at the latest; once they scroll away, leave them where
  // they are and offer a way back.
  const root = document.documentElement;
  const nearEnd = () => root.scrollHeight - (root.scrollTop + root.clientHeight) < NEAR_END_PX;
  let following = true;
  let pinnedTop = 0; // where toEnd last left the page
  const toEnd = () => {
    window.scrollTo({ top: root.scrollHeight });
    pinnedTop = root.scrollTop;
    following = true;
    jump.hidden = true;
  };
  const onScroll = () => {
    following = nearEnd();
    if (following) jump.hidden = true;
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  jump.addEventListener('click', toEnd);
  const follow = () => {
    // The scroll event comes a frame after the scroll itself: a reader who moved up since the page
    // was last pinned to the end has left it, even if that event has not told us yet.
    if (following && root.scrollTop < pinnedTop - NEAR_END_PX && !nearEnd()) following = false;
    if (following) toEnd();
    else if (runningTurn) jump.hidden = false;
  };

  const turnBox = (turnId, atStart = false) => {
    let box = turns.get(turnId);
    if (!box) {
      const list = h('ol', { class: 'turn-items' });
      box = { el: h('li', { class: 'turn', 'data-turn-id': turnId }, list), list, plan: null, diff: null, failed: false };
      turns.set(turnId, box);
      if (atStart) timeline.prepend(box.el);
      else timeline.append(box.el);
    }
    return box;
  };

  const awaitsApproval = (itemId) => [...relay.approvals.values()].some((a) => a.machineId === machineId && a.itemId === itemId);
  const place = (item, done, turnId) => {
    const known = items.get(item.id);
    const turn = turnId ?? known?.turnId ?? 'live';
    const el = itemView(item, { done, waiting: !done && awaitsApproval(item.id) });
    const wasOpen = known?.el?.querySelector('details')?.open;
    if (el && wasOpen) el.querySelector('details').open = true;
    if (known?.el && el) known.el.replaceWith(el);
    else if (known?.el) known.el.remove();
    else if (el) turnBox(turn).list.append(el);
    items.set(item.id, { item, el, done, turnId: turn });
    if (el && !known && loaded) follow();
  };

  const turnFailed = (turnId, error, live) => {
    const box = turnBox(turnId);
    if (box.failed) return; // Codex reports it twice: as an error notification and on turn/completed
    box.failed = true;
    // The alert sits inside the list item: a list may hold only list items.
    box.list.append(h('li', { class: 'item error' }, h('div', { role: live ? 'alert' : null }, errorWords(error))));
  };

  const showTurn = (turn, atStart) => {
    const box = turnBox(turn.id, atStart);
    for (const item of turn.items ?? []) place(item, true, turn.id);
    if (turn.status === 'failed') turnFailed(turn.id, turn.error, false);
    if (turn.status === 'interrupted') box.list.append(h('li', { class: 'item note' }, 'Interrupted.'));
    if (turn.status === 'inProgress') setRunning(turn.id);
  };

  const showUsage = (tokenUsage) => {
    const used = tokenUsage?.last?.totalTokens;
    const window = tokenUsage?.modelContextWindow;
    if (typeof used !== 'number') return;
    const percent = typeof window === 'number' && window > 0 ? Math.min(100, Math.round((used * 100) / window)) : null;
    fill(usage, percent === null ? `Context: ${compact(used)} tokens`
      : [h('progress', { max: 100, value: percent, 'aria-label': 'Context window used' }),
        ` Context ${percent}% full (${compact(used)} of ${compact(window)} tokens)`]);
    usage.hidden = false;
  };

  const showDiff = (turnId, diff) => {
    const box = turnBox(turnId);
    const files = (String(diff).match(/^diff --git /gm) ?? []).length || 1;
    const el = h('details', { class: 'turn-diff', open: box.diff?.open ?? false },
      h('summary', {}, `Changes in this turn · ${files} file${files === 1 ? '' : 's'}`), diffView(diff, undefined, 'Changes in this turn'));
    if (box.diff) box.diff.replaceWith(el);
    else box.el.append(el);
    box.diff = el;
  };

  const showPlan = (params) => {
    const box = turnBox(params.turnId);
    if (!box.plan) {
      box.plan = h('li', { class: 'item plan-steps' });
      box.list.append(box.plan);
    }
    fill(box.plan, planView(params));
    if (loaded) follow();
  };

  const updateOlder = () => {
    const full = turns.size >= MAX_TURNS_SHOWN;
    older.hidden = !cursor || full;
    olderNote.hidden = !(cursor && full);
    olderNote.textContent = `Showing the latest ${turns.size} turns; older ones stay on the desktop.`;
  };

  let fetchingOlder = false;
  const loadOlder = async () => {
    if (!cursor || fetchingOlder || turns.size >= MAX_TURNS_SHOWN) return;
    fetchingOlder = true;
    older.disabled = true;
    try {
      const page = await relay.rpc(machineId, 'thread/turns/list', { threadId, cursor, limit: PAGE_TURNS, sortDirection: 'desc', itemsView: 'full' });
      // Keep what the reader looks at in place while earlier turns appear above it.
      const anchor = timeline.firstElementChild;
      const before = anchor?.getBoundingClientRect().top ?? 0;
      for (const turn of page.data ?? []) if (!turns.has(turn.id)) showTurn(turn, true);
      if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
      cursor = page.nextCursor ?? null;
    } catch (e) {
      problem(e);
    } finally {
      fetchingOlder = false;
      older.disabled = false;
      updateOlder();
    }
  };
  older.addEventListener('click', loadOlder);
  const nearTop = new IntersectionObserver((entries) => {
    if (loaded && entries.some((e) => e.isIntersecting)) loadOlder();
  }, { rootMargin: '600px 0px 0px 0px' });
  nearTop.observe(older);

  const setRunning = (turnId) => {
    runningTurn = turnId;
    working.hidden = !turnId;
    if (!turnId) jump.hidden = true;
  };

  const delta = (itemId, turnId, type, update) => {
    const known = items.get(itemId);
    if (known?.done) return;
    if (!known) place({ id: itemId, type, text: '', summary: [], streaming: true }, false, turnId);
    const entry = items.get(itemId);
    update(entry.item);
    const block = entry.el?.querySelector('.md');
    if (block) markdownBlock(entry.item, type === 'reasoning' ? entry.item.summary.join('\n\n') : textOf(entry.item), block);
    else place(entry.item, false, turnId);
    follow();
  };

  const apply = (frame) => {
    const p = frame.params ?? {};
    switch (frame.method) {
      case 'item/started':
        if (p.item?.id && !items.get(p.item.id)?.done) place({ ...p.item, streaming: p.item.type === 'agentMessage' }, false, p.turnId);
        break;
      case 'item/completed':
        if (!p.item?.id) break;
        place(p.item, true, p.turnId);
        if (p.item.type === 'userMessage' && title.textContent === 'New thread') {
          title.textContent = textOf(p.item);
          setTitle(title.textContent);
        }
        break;
      case 'item/agentMessage/delta':
        delta(p.itemId, p.turnId, 'agentMessage', (item) => { item.text = (item.text ?? '') + (p.delta ?? ''); });
        break;
      case 'item/plan/delta':
        delta(p.itemId, p.turnId, 'plan', (item) => { item.text = (item.text ?? '') + (p.delta ?? ''); });
        break;
      case 'item/reasoning/summaryTextDelta':
        delta(p.itemId, p.turnId, 'reasoning', (item) => {
          item.summary = [].concat(item.summary ?? []);
          const i = Number.isInteger(p.summaryIndex) && p.summaryIndex >= 0 && p.summaryIndex < 100 ? p.summaryIndex : 0;
          item.summary[i] = (item.summary[i] ?? '') + (p.delta ?? '');
        });
        break;
      case 'item/commandExecution/outputDelta': {
        const known = items.get(p.itemId);
        if (!known || known.done || !known.el) break;
        known.item.aggregatedOutput = (known.item.aggregatedOutput ?? '') + p.delta;
        const output = known.el.querySelector('.output');
        output.hidden = false;
        output.textContent = known.item.aggregatedOutput;
        break;
      }
      case 'turn/plan/updated':
        showPlan(p);
        break;
      case 'turn/diff/updated':
        if (p.turnId && typeof p.diff === 'string') showDiff(p.turnId, p.diff);
        break;
      case 'thread/tokenUsage/updated':
        showUsage(p.tokenUsage);
        break;
      case 'thread/name/updated':
        if (p.threadName) {
          title.textContent = p.threadName;
          setTitle(p.threadName);
        }
        break;
      case 'turn/started':
        setRunning(p.turn?.id ?? null);
        break;
      case 'turn/completed':
        setRunning(null);
        if (p.turn?.status === 'failed') turnFailed(p.turn.id, p.turn.error, true);
        if (p.turn?.status === 'interrupted') turnBox(p.turn.id).list.append(h('li', { class: 'item note' }, 'Interrupted.'));
        break;
      case 'error':
        if (!p.willRetry) turnFailed(p.turnId ?? 'live', p.error, true);
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
      if (!entry.done && entry.item.type === 'commandExecution') place(entry.item, false, entry.turnId);
    }
  };

  // Codex loads a saved thread only on thread/resume, which also subscribes the helper to its events.
  const resumeIfNotLoaded = async (thread) => {
    if (thread.status?.type !== 'notLoaded') return;
    setRunning(null);
    const resumed = await relay.rpc(machineId, 'thread/resume', { threadId, excludeTurns: true });
    if (resumed.thread?.status) status.textContent = statusWords(resumed.thread.status);
  };

  // A machine that does not trust this browser: the words to fix it instead of the prompt box.
  const untrusted = () => {
    if (message.querySelector('.untrusted')) return;
    fill(message, untrustedPanel(machineId, relay.trust(machineId).reason));
    status.textContent = '';
    prompt.el.hidden = true;
  };
  const stop = relay.on((frame) => {
    if (frame.machineId !== machineId) return;
    if (frame.type === 'trust' && !relay.trust(machineId).trusted) untrusted();
    if (frame.type === 'session' && message.querySelector('.untrusted')) navigate(location.pathname, { replace: true });
    if (frame.type === 'event' && (frame.params?.threadId === threadId)) {
      if (loaded) apply(frame);
      else buffered.push(frame);
    } else if (frame.type === 'approval' || frame.type === 'approvalResolved') {
      drawApprovals();
    }
  });

  const settings = () => {
    const chosen = prompt.settings();
    return chosen.model ? chosen : threadSettings;
  };

  const startTurn = async ({ text, image }) => {
    const input = [];
    if (text) input.push({ type: 'text', text });
    if (image) input.push({ type: 'image', url: image });
    if (runningTurn) {
      try {
        await relay.rpc(machineId, 'turn/steer', { threadId, input, expectedTurnId: runningTurn });
        fill(message);
        return;
      } catch (e) {
        // Codex refuses a steer when the turn ended just before (its completion may still be on the way): start one.
        if (e.code !== 'codex_error') throw e;
        setRunning(null);
      }
    }
    const params = { threadId, input };
    if (settings()) params.collaborationMode = { mode: plan.checked ? 'plan' : 'default', settings: settings() };
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
    fill(message);
    if (result.turn?.id && !runningTurn) setRunning(result.turn.id);
    toEnd();
  };

  interrupt.addEventListener('click', async () => {
    try {
      await relay.rpc(machineId, 'turn/interrupt', { threadId, turnId: runningTurn });
    } catch (e) {
      problem(e);
    }
  });

  performance.mark('flydex:thread-requested');
  try {
    // The thread and its newest page of turns at once. Codex cannot list the turns of a thread with
    // none saved yet ("no rollout found", a codex_error): that thread is shown empty; any other
    // failure is shown, never an empty thread that is not.
    const [{ thread }, page] = await Promise.all([
      relay.rpc(machineId, 'thread/read', { threadId }),
      relay.rpc(machineId, 'thread/turns/list', { threadId, limit: PAGE_TURNS, sortDirection: 'desc', itemsView: 'full' })
        .catch((e) => (e.code === 'codex_error' ? { data: [] } : Promise.reject(e))),
      markdownReady,
    ]);
    performance.mark('flydex:thread-answered');
    title.textContent = thread.name || thread.preview || 'New thread';
    setTitle(title.textContent);
    status.textContent = statusWords(thread.status);
    if (thread.model) {
      threadSettings = { model: thread.model, reasoning_effort: thread.reasoningEffort ?? null };
      planToggle.hidden = false;
    }
    for (const turn of [...(page.data ?? [])].reverse()) showTurn(turn, false);
    cursor = page.nextCursor ?? null;
    await resumeIfNotLoaded(thread);
  } catch (e) {
    if (e.code === 'device_unknown') untrusted();
    else fill(message, notice('error', rpcProblem(e)), e.code === 'access_expired' ? h('a', { href: '/account/billing' }, 'Subscribe') : null);
  }
  loaded = true;
  buffered.splice(0).forEach(apply);
  drawApprovals();
  toEnd();
  updateOlder();
  view.dataset.ready = 'true';
  performance.mark('flydex:thread-ready');
  if (threadSettings) prompt.offerModels(threadSettings);
  if (handoff.prompt) {
    const first = handoff.prompt;
    handoff.prompt = null;
    startTurn({ text: first }).catch(problem);
  }
  return () => {
    stop();
    nearTop.disconnect();
    window.removeEventListener('scroll', onScroll);
  };
}
