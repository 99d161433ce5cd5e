// Codex's markdown as DOM. marked splits the text into tokens; every token becomes elements and
// text nodes built here. No HTML string is ever parsed: raw HTML in a message shows as its text,
// nothing in it can run, links pass a scheme allow-list one by one, and images never load by
// themselves (they become links to open). marked loads on first use, outside the first page load.

import { h, fill, copyButton } from './dom.js';
import { highlight } from './highlight.js';

const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

let lex = null;
/** Resolves once the parser is loaded; until then messages show as plain text. */
export const markdownReady = import('/assets/vendor/marked.esm.js')
  .then((marked) => { lex = (text) => marked.lexer(text, { gfm: true }); })
  .catch(() => null);

/** The URL if it is absolute and http, https or mailto; otherwise null (relative, javascript:, data:…). */
export function safeUrl(href) {
  try {
    const url = new URL(String(href ?? '').trim());
    return LINK_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function outside(href, ...children) {
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, ...children);
}

function inline(tokens) {
  return (tokens ?? []).map((t) => {
    switch (t.type) {
      case 'text': return t.tokens ? inline(t.tokens) : t.text;
      case 'escape': return t.text;
      case 'strong': return h('strong', {}, inline(t.tokens));
      case 'em': return h('em', {}, inline(t.tokens));
      case 'del': return h('del', {}, inline(t.tokens));
      case 'codespan': return h('code', {}, t.text);
      case 'br': return h('br');
      case 'link': {
        const href = safeUrl(t.href);
        return href ? outside(href, inline(t.tokens)) : h('span', { class: 'unlinked' }, inline(t.tokens));
      }
      case 'image': {
        // A remote image would tell its server who reads this thread: it opens only when tapped.
        const href = safeUrl(t.href);
        const label = `Image: ${t.text || t.title || 'untitled'}`;
        return href?.startsWith('http') ? outside(href, h('span', { class: 'image-link' }, label)) : h('span', { class: 'unlinked' }, label);
      }
      default: return t.raw ?? ''; // raw HTML and anything newer: its source, as text
    }
  });
}

function codeBlock(text, lang) {
  const code = h('code', {}, text);
  highlight(code, text, lang);
  return h('figure', { class: 'code-block' },
    h('figcaption', {}, h('span', { class: 'lang' }, lang || 'Code'), copyButton(text, 'Copy')),
    // Focusable, so a keyboard can scroll a long line sideways.
    h('pre', { tabindex: '0', 'aria-label': lang ? `${lang} code` : 'Code' }, code));
}

function table(t) {
  const cell = (tag, c, i) => h(tag, { class: t.align[i] ? `align-${t.align[i]}` : null, scope: tag === 'th' ? 'col' : null }, inline(c.tokens));
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Table' },
    h('table', {},
      h('thead', {}, h('tr', {}, t.header.map((c, i) => cell('th', c, i)))),
      h('tbody', {}, t.rows.map((row) => h('tr', {}, row.map((c, i) => cell('td', c, i)))))));
}

function listItem(item) {
  const mark = item.task ? h('span', { class: 'task', role: 'img', 'aria-label': item.checked ? 'Done' : 'Not done' }, item.checked ? '☑' : '☐') : null;
  return h('li', { class: item.task ? 'task-item' : null }, mark, item.tokens.map(block));
}

/** One block token as exactly one node, so a streamed message can replace its blocks one for one. */
function block(t) {
  switch (t.type) {
    case 'paragraph': return h('p', {}, inline(t.tokens));
    case 'text': return h('span', {}, t.tokens ? inline(t.tokens) : t.text);
    // A message sits under the thread's h1: its # is an h3, down to h6.
    case 'heading': return h(`h${Math.min(6, t.depth + 2)}`, { class: 'md-heading' }, inline(t.tokens));
    case 'code': return codeBlock(t.text, t.lang?.split(/\s/)[0] ?? '');
    case 'blockquote': return h('blockquote', {}, t.tokens.map(block));
    case 'list': return h(t.ordered ? 'ol' : 'ul', { start: t.ordered && t.start !== 1 ? t.start : null }, t.items.map(listItem));
    case 'table': return table(t);
    case 'hr': return h('hr');
    case 'space': return document.createTextNode('');
    default: return h('p', { class: 'raw' }, String(t.raw ?? '').trimEnd()); // html, def and anything newer: shown as written
  }
}

/**
 * Renders `text` into `el`, keeping the blocks whose source did not change since the last call
 * (`state` remembers them): while Codex streams, only the last, still open block is rebuilt, so
 * the message neither reflows nor loses a selection or the reader's place.
 */
export function renderMarkdown(el, text, state = {}) {
  if (!lex) {
    el.textContent = text;
    el.classList.add('plain');
    state.sources = null;
    return state;
  }
  if (el.classList.contains('plain')) {
    el.classList.remove('plain');
    fill(el);
  }
  const tokens = lex(text);
  const before = state.sources ?? [];
  let same = 0;
  while (same < before.length && same < tokens.length && before[same] === tokens[same].raw && same < tokens.length - 1) same += 1;
  while (el.childNodes.length > same) el.lastChild.remove();
  el.append(...tokens.slice(same).map(block));
  state.sources = tokens.map((t) => t.raw);
  return state;
}
