// Code blocks coloured by Prism, loaded on first use. Prism only splits the text into typed
// tokens (Prism.tokenize); the spans are built here from text nodes. Prism's own DOM code, which
// writes markup strings, is never called, and `manual` stops it from scanning the page by itself.

import { h, fill } from './dom.js';

const ALIASES = {
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', ts: 'typescript', tsx: 'typescript', sh: 'bash', shell: 'bash',
  zsh: 'bash', console: 'bash', py: 'python', yml: 'yaml', html: 'markup', xml: 'markup', svg: 'markup', rs: 'rust',
  golang: 'go', patch: 'diff',
};
// Languages whose grammar builds on another load after it: clike and markup first, typescript last.
const BASES = ['clike', 'markup'];
const LANGUAGES = ['javascript', 'css', 'json', 'bash', 'python', 'java', 'go', 'rust', 'sql', 'yaml', 'diff'];
const vendor = (name) => import(`/assets/vendor/prism-${name}.min.js`);

let loading = null;

function prism() {
  loading ??= (async () => {
    window.Prism = { manual: true };
    await vendor('core');
    await Promise.all(BASES.map(vendor));
    await Promise.all(LANGUAGES.map(vendor));
    await vendor('typescript');
    return window.Prism;
  })();
  return loading;
}

function nodes(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(nodes);
  const alias = [].concat(content.alias ?? []).map((a) => ` tok-${a}`).join('');
  return h('span', { class: `tok-${content.type}${alias}` }, nodes(content.content));
}

/** Colours `code` (already showing `text` plainly) once Prism is loaded, if it knows the language. */
export async function highlight(code, text, lang) {
  const name = ALIASES[lang?.toLowerCase()] ?? lang?.toLowerCase();
  if (!name) return;
  try {
    const Prism = await prism();
    const grammar = Prism.languages[name];
    if (grammar && code.isConnected !== false) fill(code, nodes(Prism.tokenize(text, grammar)));
  } catch {
    // Plain text is a fine way to read code: a failed load leaves it so.
  }
}
