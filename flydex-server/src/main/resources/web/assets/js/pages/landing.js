// The desktop's start page: what FlyDex is, the install command, a live check of the local
// helper, then the pairing QR (renewed before it expires) and, once a phone approved, local
// connect until Codex is ready. The QR carries the claim code and a one-time offer of the
// helper's key (docs/e2e.md), drawn here so the offer never reaches a server; the phone's
// introduction comes back with the claim's approval and goes to the helper on 127.0.0.1, and
// this browser introduces itself there too.

import { h, fill, notice, copyButton, setTitle } from '../dom.js';
import { api } from '../api.js';
import { checkHelper, connectHelper, codexWords, helperIntroduce, helperOffer } from '../helper.js';
import { session, refreshSession } from '../session.js';
import { drawQr } from '../qr.js';
import { introduceLocally } from '../trust.js';
import { pinnedHelper } from '../e2e-store.js';

export const INSTALL_COMMAND = 'npx -y --prefer-online flydex@latest';
const CODEX_PROMPT = `Install and start the FlyDex helper on this computer: run \`${INSTALL_COMMAND}\` in a terminal, `
  + 'leave it running, and tell me when it prints "flydex helper ready".';
/** A claim lives 120 s on the server; a fresh one is shown this long before, while the old one is still polled. */
const CLAIM_LIFETIME_MS = 120000;
const RENEW_BEFORE_MS = 15000;
const CLAIM_POLL_MS = 1000;
const HELPER_CHECK_MS = 2500;
const HELPER_STARTING_CHECK_MS = 250;
const CONNECT_POLL_MS = 250;

const STATUS_WORDS = {
  created: 'Handing the link to the helper on this computer',
  connecting: 'The helper is contacting FlyDex',
  registered: 'This desktop registered its key',
  awaiting_browser_finalize: 'Checking that it is the helper on this computer',
  codex_starting: 'Starting Codex',
  codex_ready: 'Codex ready',
  codex_missing: 'Codex is not installed on this desktop',
  error: 'The helper reported a problem',
  expired: 'This attempt took too long and ended',
};
const FAILURES = new Set(['codex_missing', 'error', 'expired']);

export async function render(view) {
  setTitle(null);
  view.classList.add('landing');
  let stopped = false;
  const timers = new Set();
  const later = (fn, ms) => { const t = setTimeout(() => { timers.delete(t); if (!stopped) fn(); }, ms); timers.add(t); };

  const helperStatus = h('div', { class: 'helper-status', role: 'status', 'aria-live': 'polite' }, 'Looking for the FlyDex helper on this computer…');
  const linkArea = h('section', { class: 'panel link-area', 'aria-labelledby': 'link-title' });
  view.append(
    h('section', { class: 'hero' },
      h('h1', {}, 'Steer Codex on your desktop from your phone'),
      h('p', { class: 'lead' }, 'FlyDex keeps your Codex threads and their approvals within reach of your phone. Codex stays on your computer; nothing opens a port.')),
    h('section', { class: 'panel', 'aria-labelledby': 'install-title' },
      h('h2', { id: 'install-title' }, '1. Start the helper on this computer'),
      h('p', {}, 'In a terminal, run:'),
      h('div', { class: 'command' }, h('code', { id: 'install-command' }, INSTALL_COMMAND), copyButton(INSTALL_COMMAND, 'Copy command')),
      h('details', {},
        h('summary', {}, 'Or ask Codex to do it'),
        h('p', {}, 'Paste this into Codex:'),
        h('div', { class: 'command' }, h('code', {}, CODEX_PROMPT), copyButton(CODEX_PROMPT, 'Copy prompt'))),
      helperStatus),
    linkArea);

  fill(linkArea, session.current
    ? [h('h2', { id: 'link-title' }, `Signed in as ${session.current.account.email}`),
      h('p', {}, h('a', { href: '/machines' }, 'Open your machines'), ', or start the helper here to link this desktop.')]
    : [h('h2', { id: 'link-title' }, '2. Scan with your phone'), h('p', { class: 'muted' }, 'The QR code appears here once the helper runs.')]);

  let health = null;
  let phase = 'waiting'; // waiting → pairing → connecting → done
  const claims = [];

  const checkLoop = async () => {
    const found = await checkHelper();
    if (stopped) return;
    showHelper(found);
    health = found.health ?? health;
    if (found.state === 'running' && phase === 'waiting') {
      phase = 'pairing';
      startLinking();
    }
    // A helper that is starting has its full answer within a second: asked again soon, not in 2.5 s.
    const next = found.state === 'starting' ? HELPER_STARTING_CHECK_MS : HELPER_CHECK_MS;
    later(checkLoop, phase === 'waiting' ? next : HELPER_CHECK_MS * 2);
  };

  const showHelper = (found) => {
    if (found.state === 'running') {
      const runtime = found.health.runtime ?? {};
      fill(helperStatus, h('span', { class: 'dot ok', 'aria-hidden': 'true' }),
        `Helper running · ${codexWords(runtime.codex)}${runtime.codexVersion ? ` (${runtime.codexVersion})` : ''}`,
        runtime.message ? h('span', { class: 'hint block' }, runtime.message) : null);
    } else if (found.state === 'starting') {
      fill(helperStatus, h('span', { class: 'dot warn', 'aria-hidden': 'true' }), 'Helper starting…');
    } else if (found.state === 'blocked') {
      fill(helperStatus, h('span', { class: 'dot warn', 'aria-hidden': 'true' }),
        'Your browser blocked this page from reaching the helper on this computer. ',
        'Allow local network access for this site when the browser asks, or see ', h('a', { href: '/troubleshooting' }, 'Troubleshooting'), '.');
    } else {
      fill(helperStatus, h('span', { class: 'dot off', 'aria-hidden': 'true' }),
        'Helper not found on this computer. Run the command above; this page notices when it starts.');
    }
  };

  const startLinking = async () => {
    if (session.current) return offerConnect();
    fill(linkArea, h('h2', { id: 'link-title' }, '2. Scan with your phone'),
      h('p', {}, 'Open your phone’s camera and point it at the code. Sign in on the phone and approve this desktop.'),
      h('div', { class: 'qr-box' }, h('img', { id: 'qr', alt: 'Pairing QR code: scan it with your phone', width: 240, height: 240 }),
        h('p', { class: 'muted' }, 'This desktop’s key: ', h('span', { id: 'qr-fingerprint', class: 'fingerprint' }, '')),
        h('p', { id: 'qr-timer', class: 'muted', 'aria-live': 'off' }, '')),
      h('p', { class: 'muted' }, 'No phone at hand? ', h('a', { href: '/signin?next=/' }, 'Sign in on this computer'), '.'));
    await newClaim();
    pollClaims();
    tick();
  };

  const newClaim = async () => {
    try {
      const machine = health?.machine ?? {};
      const [claim, offer] = await Promise.all([
        api('POST', '/api/pairing/claims', { machineName: machine.name || 'My desktop', platform: machine.platform || 'web' }),
        helperOffer()]);
      claims.unshift({ pollToken: claim.pollToken, expiresAt: Date.now() + CLAIM_LIFETIME_MS });
      claims.splice(2);
      const img = linkArea.querySelector('#qr');
      if (img) {
        await drawQr(img, `${claim.pairUrl}.${offer.offer}`);
        fill(linkArea.querySelector('#qr-fingerprint'), offer.helperFingerprint);
        if (!performance.getEntriesByName('flydex:qr-shown').length) performance.mark('flydex:qr-shown');
      }
    } catch (e) {
      linkArea.append(notice('error', e.code === 'rate_limited' ? 'Too many codes in a short time; a new one comes in a minute.' : e.message));
      later(newClaim, 30000);
    }
  };

  const tick = () => {
    if (phase !== 'pairing') return;
    const current = claims[0];
    const timer = linkArea.querySelector('#qr-timer');
    if (current && timer) {
      const left = Math.max(0, Math.round((current.expiresAt - Date.now()) / 1000));
      timer.textContent = `Expires in ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} · a new code appears by itself`;
      if (current.expiresAt - Date.now() < RENEW_BEFORE_MS && !current.renewing) {
        current.renewing = true;
        newClaim();
      }
    }
    later(tick, 1000);
  };

  const pollClaims = async () => {
    if (phase !== 'pairing') return;
    for (const claim of [...claims]) {
      if (claim.expiresAt < Date.now() - 5000) {
        claims.splice(claims.indexOf(claim), 1);
        continue;
      }
      try {
        const { status, introduction } = await api('POST', '/api/pairing/claims/status', { pollToken: claim.pollToken });
        if (status === 'approved') {
          phase = 'connecting';
          const phone = await introducePhone(introduction);
          await refreshSession();
          return connect(phone);
        }
        if (status === 'denied') {
          claims.splice(claims.indexOf(claim), 1);
          linkArea.prepend(notice('error', 'Your phone denied linking this desktop. A new code is shown below if you want to try again.'));
          if (claims.length === 0) await newClaim();
        } else if (status === 'expired' && claim === claims[0]) {
          await newClaim();
        }
      } catch {
        // Offline for a moment: the next round tries again.
      }
    }
    later(pollClaims, CLAIM_POLL_MS);
  };

  const offerConnect = async () => {
    const machines = await api('GET', '/api/machines').then((r) => r.machines, () => []);
    const fingerprint = health?.machine?.keyFingerprint;
    const linked = machines.find((m) => fingerprint && m.keyFingerprint === fingerprint);
    if (linked) {
      phase = 'done';
      // This browser steers its own desktop too: introduced on 127.0.0.1 if it is not yet (or lost its key).
      const trusted = await pinnedHelper(linked.id).then(() => true, () => introduceLocally(linked.id).then(() => true, () => false));
      return fill(linkArea, h('h2', { id: 'link-title' }, 'This desktop is linked'),
        h('p', {}, `Signed in as ${session.current.account.email}. `, h('a', { href: `/machines/${linked.id}` }, `Open ${linked.name}`), ' on your phone or here.'),
        trusted ? null : notice('error', 'This browser could not introduce itself to the helper on this computer. Reload this page to try again.'));
    }
    fill(linkArea, h('h2', { id: 'link-title' }, '2. Link this desktop'),
      h('p', {}, `Signed in as ${session.current.account.email}.`),
      h('button', { type: 'button', class: 'primary', onclick: () => { phase = 'connecting'; connect(); } }, 'Link this desktop'));
  };

  // The phone's introduction, as the claim's approval carried it, goes to the helper before local connect.
  const introducePhone = async (introduction) => {
    if (!introduction) return notice('error', 'Your phone sent no key with its approval, so it cannot steer this desktop yet. Update FlyDex on the phone’s browser (reload it), then use “Add a device” on this machine’s page.');
    try {
      const answer = await helperIntroduce(introduction);
      return h('p', { class: 'muted' }, 'Your phone’s key: ', h('span', { id: 'phone-fingerprint', class: 'fingerprint' }, answer.deviceFingerprint));
    } catch (e) {
      return notice('error', `Your phone could not be introduced to this desktop (${e.message}). Open this machine’s page and use “Add a device” to scan a fresh code.`);
    }
  };

  const connect = async (phone) => {
    const steps = h('ol', { class: 'steps', 'aria-live': 'polite' });
    const result = h('div', {});
    const trustNote = h('div', {});
    fill(linkArea, h('h2', { id: 'link-title' }, 'Connecting this desktop'),
      h('p', {}, h('span', { class: 'dot ok', 'aria-hidden': 'true' }), `Signed in as ${session.current?.account.email ?? 'you'}`), phone, steps,
      trustNote, result);
    let localConnect;
    try {
      localConnect = await api('POST', '/api/local-connect/start', {});
      await connectHelper({ server: location.origin, localConnectId: localConnect.id, connectToken: localConnect.connectToken });
    } catch (e) {
      return fill(result, notice('error', `Could not hand the link to the helper: ${e.message}. `, h('a', { href: '/troubleshooting' }, 'Troubleshooting')));
    }
    let finalizing = false;
    const poll = async () => {
      let state;
      try {
        state = await api('GET', `/api/local-connect/${localConnect.id}`);
      } catch {
        return later(poll, CONNECT_POLL_MS * 3);
      }
      fill(steps, state.history.map((entry) => h('li', { class: FAILURES.has(entry.status) ? 'failed' : 'done' },
        STATUS_WORDS[entry.status] ?? entry.status, entry.detail ? `: ${entry.detail}` : '')));
      if (state.status === 'codex_ready') {
        phase = 'done';
        return fill(result, h('h2', { class: 'ready' }, 'Codex ready'),
          h('p', {}, 'Your phone can now steer Codex on this desktop.'),
          h('a', { class: 'button primary', href: `/machines/${state.machineId}` }, 'Open this machine'));
      }
      if (FAILURES.has(state.status)) {
        return fill(result, notice('error', STATUS_WORDS[state.status], '. ', h('a', { href: '/troubleshooting' }, 'What to do')));
      }
      if (state.machineKeyFingerprint && !state.finalized && !finalizing) {
        const local = await checkHelper();
        if (local.state === 'starting') return later(poll, CONNECT_POLL_MS);
        if (local.health?.machine?.keyFingerprint !== state.machineKeyFingerprint) {
          return fill(result, notice('error', 'The desktop that answered is not the helper on this computer, so nothing was linked. Restart the helper and reload this page.'));
        }
        finalizing = true;
        const finalized = await api('POST', `/api/local-connect/${localConnect.id}/finalize`, {}).then(() => true, () => { finalizing = false; return false; });
        // The helper is the one on this computer and has its machine id: this browser introduces itself to it.
        if (finalized) {
          await introduceLocally(state.machineId).catch((e) => trustNote.append(notice('error',
            `This browser could not introduce itself to the helper (${e.message}); reload this page to try again.`)));
        }
      }
      later(poll, CONNECT_POLL_MS);
    };
    poll();
  };

  checkLoop();
  return () => {
    stopped = true;
    timers.forEach(clearTimeout);
  };
}
