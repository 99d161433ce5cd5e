// Public pages: Security, Privacy, Troubleshooting. Plain words; the support address on each.

import { h, setTitle } from '../dom.js';
import { INSTALL_COMMAND } from './landing.js';

const support = () => h('p', {}, 'Questions? Write to ', h('a', { href: 'mailto:support@flydex.net' }, 'support@flydex.net'), '.');
const list = (...items) => h('ul', { class: 'plain' }, items.map((i) => h('li', {}, i)));
const qa = (question, ...answer) => h('section', { class: 'panel' }, h('h2', {}, question), ...answer);

const PAGES = {
  security: () => ['Security',
    h('p', { class: 'lead' }, 'FlyDex lets a phone approve commands on a desktop, so it is built to keep a person in the loop and strangers out.'),
    qa('How your desktop is reached',
      list('The helper on your desktop only dials out to FlyDex; no port is opened on your computer.',
        'Its local page answers only on 127.0.0.1, only to this site, and refuses other web pages.',
        'Each desktop has its own key, made on the desktop; FlyDex only ever sees the public half and checks a fresh signature on every connection.')),
    qa('How linking works',
      list('The QR code lives 120 seconds and works once. Its code travels only in the part of the address browsers never send to a server.',
        'Your phone shows which desktop asks, from where and when, with Deny as prominent as Approve.',
        'Remove a machine on the Machines page and its helper is cut off at once.')),
    qa('What Codex may do',
      list('The helper forwards only thread, turn and approval requests to Codex: never shell access, files or settings.',
        'New threads ask before every command unless you choose otherwise; each approval is applied at most once.')),
    qa('Your sessions',
      list('Sessions last 14 days from their last use, live in cookies scripts cannot read, and can be signed out from the Account page.')),
    support()],
  privacy: () => ['Privacy',
    h('p', { class: 'lead' }, 'FlyDex relays your conversation with Codex between your phone and your desktop. It does not keep it.'),
    qa('What FlyDex stores',
      list('Your account: email, a password hash, when you signed up.',
        'Your sessions: when each began and a rough name for its device, such as “Safari on iPhone”.',
        'Billing: your Stripe customer and subscription status and the end of the paid period. Card details stay with Stripe.',
        'Machines: each desktop’s name, system, helper version, public key and when it was last online.',
        'A security log of sign-ins, linking and removals: ids and times only, scrubbed of content.')),
    qa('What FlyDex never stores',
      list('Your prompts and chat with Codex.', 'Codex’s output, commands and diffs.', 'Thread titles and previews.',
        'Token usage.', 'What an approval asked or what you answered, beyond the fact that it was answered.'),
      h('p', {}, 'These pass through FlyDex in memory on their way between your phone and your desktop, and are never written to disk or logs.')),
    qa('Deleting', h('p', {}, 'Remove a machine on the Machines page. To delete your account, write to support.')),
    support()],
  troubleshooting: () => ['Troubleshooting',
    qa('No QR code on the desktop',
      h('p', {}, 'The QR appears once the helper runs on the same computer as this page. Run ', h('code', {}, INSTALL_COMMAND),
        ' in a terminal and keep it open. If the page says the browser blocked local access, allow “local network access” for this site in the browser’s site settings, or try another browser.')),
    qa('Helper missing',
      h('p', {}, 'The command needs Node.js (npm). The helper listens on 127.0.0.1:48163; if another program uses that port, stop it. ',
        h('code', {}, 'curl http://127.0.0.1:48163/v1/health'), ' shows what the helper sees.')),
    qa('Phone signed in, but the machine is not ready',
      h('p', {}, 'Keep the desktop page open until it says Codex ready: it finishes the link. If it says Codex is not installed, install Codex on the desktop (',
        h('code', {}, 'npm i -g @openai/codex'), ') and reload. If the QR expired, the desktop shows a fresh one by itself.')),
    qa('Approvals are not showing',
      h('p', {}, 'Check that the machine shows Online on the Machines page. Approvals appear only for threads Codex runs on that desktop, and a thread started elsewhere must use an approval mode that asks. An “Offline” bar at the top means the phone lost its connection; it reconnects by itself.')),
    qa('Billing',
      h('p', {}, 'Every account has a 72-hour trial, then FlyDex costs $10 a month. If your trial ended, subscribe on the Account page; your machines stay linked. Manage or cancel the subscription there too.')),
    support()],
};

export async function render(view, [name]) {
  const [title, ...content] = PAGES[name]();
  setTitle(title);
  view.append(h('h1', {}, title), ...content);
}
