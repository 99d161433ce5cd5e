// How each kind of thing a Codex turn contains reads on a phone: messages as markdown, commands
// with their output, file changes with their diff, Thinking collapsed, tool calls and web searches
// with what they were asked and how they went, and a plain row for any kind Codex adds later.

import { h } from '../dom.js';
import { renderMarkdown } from '../markdown.js';
import { changesView } from './diff.js';

const COMMAND_STATUS = { inProgress: 'Running…', completed: 'Done', failed: 'Failed', declined: 'Denied: it did not run' };
const TOOL_STATUS = { inProgress: 'Running…', completed: 'Done', failed: 'Failed' };
const SUMMARY_CHARS = 160;

export function textOf(item) {
  if (item.type === 'userMessage') return (item.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
  return typeof item.text === 'string' ? item.text : '';
}

/** A markdown block that re-renders only what changed; `item.md` keeps its state across deltas. */
export function markdownBlock(item, text, el = h('div', { class: 'text md' })) {
  item.md = renderMarkdown(el, text, item.md ?? {});
  return el;
}

function shortJson(value) {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}…` : text;
}

// 0.171.0 made moderation.display a tagged union (show | hide | block); a mode this app does not
// know yet shows the text as it always did.
function withheld(item) {
  const mode = item.moderation?.display?.mode;
  return mode === 'hide' || mode === 'block';
}

function who(label) {
  return h('span', { class: 'who' }, label);
}

function userView(item) {
  const images = (item.content ?? []).filter((c) => c.type === 'image' && /^data:image\//.test(c.url ?? ''));
  return h('li', { class: 'item user' }, who('You'), h('p', { class: 'text' }, textOf(item)),
    images.map((c) => h('img', { class: 'attached', src: c.url, alt: 'Attached image' })));
}

function agentView(item) {
  if (withheld(item)) {
    return h('li', { class: 'item agent' }, who('Codex'), h('p', { class: 'sub' }, 'This answer was withheld by OpenAI’s safety checks.'));
  }
  return h('li', { class: 'item agent', 'aria-busy': item.streaming ? 'true' : 'false' }, who('Codex'), markdownBlock(item, textOf(item)));
}

function commandView(item, waiting) {
  const words = waiting ? 'Waiting for your approval' : COMMAND_STATUS[item.status] ?? item.status ?? '';
  const exit = item.exitCode !== undefined && item.exitCode !== null && item.status !== 'declined' ? ` · exit ${item.exitCode}` : '';
  return h('li', { class: `item command ${item.status ?? ''}` },
    who('Command'),
    h('pre', { class: 'command-line' }, h('code', {}, item.command ?? '')),
    h('p', { class: 'sub' }, words + exit, item.cwd ? [' · in ', h('code', {}, item.cwd)] : null),
    h('pre', { class: 'output', tabindex: '0', 'aria-label': 'Command output', hidden: !item.aggregatedOutput }, item.aggregatedOutput ?? ''));
}

function reasoningView(item) {
  const summary = [].concat(item.summary ?? []).filter((s) => typeof s === 'string').join('\n\n');
  if (!summary) return null; // reasoning without a summary has nothing to read
  return h('li', { class: 'item reasoning' },
    h('details', {}, h('summary', {}, 'Thinking'), markdownBlock(item, summary)));
}

function toolView(item) {
  const name = [item.server, item.tool].filter(Boolean).join(' · ') || item.tool || 'Tool';
  const error = item.error?.message ?? (typeof item.error === 'string' ? item.error : null);
  return h('li', { class: `item tool ${item.status ?? ''}` }, who('Tool call'),
    h('p', { class: 'tool-name' }, h('code', {}, name)),
    item.arguments !== undefined && item.arguments !== null ? h('p', { class: 'sub args' }, shortJson(item.arguments)) : null,
    h('p', { class: 'sub' }, TOOL_STATUS[item.status] ?? item.status ?? ''),
    error ? h('p', { class: 'sub problem' }, error) : null);
}

function searchWords(item) {
  const action = item.action ?? {};
  if (action.type === 'open_page') return ['Opened ', action.url ?? 'a page'];
  if (action.type === 'find_in_page') return ['Looked for ', h('q', {}, action.pattern ?? ''), ' in ', action.url ?? 'a page'];
  const queries = action.queries?.length ? action.queries.join(' · ') : action.query ?? item.query ?? '';
  return ['Searched for ', h('q', {}, queries)];
}

function webSearchView(item, done) {
  return h('li', { class: 'item tool search' }, who('Web search'), h('p', {}, searchWords(item)),
    h('p', { class: 'sub' }, done ? 'Done' : 'Searching…'));
}

function fallbackView(item) {
  return h('li', { class: 'item other' }, who('Other'),
    h('p', { class: 'sub' }, `Codex did something this app does not show yet (${String(item.type ?? 'unknown').slice(0, 60)}).`));
}

/** The element for an item, or null for one with nothing to show. */
export function itemView(item, { done, waiting }) {
  switch (item.type) {
    case 'userMessage': return userView(item);
    case 'agentMessage': return agentView(item);
    case 'commandExecution': return commandView(item, waiting);
    case 'fileChange':
      return h('li', { class: `item files ${item.status ?? ''}` },
        who('File changes'), changesView(item.changes),
        item.status === 'declined' ? h('p', { class: 'sub' }, 'Denied: not applied') : null);
    case 'reasoning': return reasoningView(item);
    case 'plan': return h('li', { class: 'item plan-text' }, who('Proposed plan'), markdownBlock(item, textOf(item)));
    case 'mcpToolCall':
    case 'dynamicToolCall': return toolView(item);
    case 'webSearch': return webSearchView(item, done);
    case 'contextCompaction':
      return h('li', { class: 'item note' }, 'Context compacted: Codex summarised the conversation so far to make room.');
    case 'imageView': return h('li', { class: 'item note' }, 'Codex looked at an image: ', h('code', {}, item.path ?? ''));
    case 'enteredReviewMode': return h('li', { class: 'item note' }, 'Codex started a review.');
    case 'exitedReviewMode': return h('li', { class: 'item agent' }, who('Review'), markdownBlock(item, item.review ?? ''));
    default: return fallbackView(item);
  }
}

const STEP_MARKS = { completed: ['☑', 'Done'], inProgress: ['▶', 'In progress'], pending: ['☐', 'To do'] };

/** The turn's plan (turn/plan/updated) as a checklist, redrawn in place as Codex updates it. */
export function planView(plan) {
  return [who('Plan'), plan.explanation ? h('p', { class: 'sub' }, plan.explanation) : null,
    h('ol', { class: 'checklist' }, (plan.plan ?? []).map((step) => {
      const [mark, words] = STEP_MARKS[step.status] ?? ['•', String(step.status ?? '')];
      return h('li', { class: `step ${STEP_MARKS[step.status] ? step.status : 'other'}` },
        h('span', { class: 'mark', role: 'img', 'aria-label': words }, mark), ' ', step.step ?? '');
    }))];
}
