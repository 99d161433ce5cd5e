// The phone's side of the QR: sign in or sign up, then "Link desktop NAME?" with Deny as
// prominent as Approve. The address's fragment (never sent to a server in a URL, and dropped from
// the address bar at once) carries the claim code and the helper's one-time offer: approving also
// introduces this browser to the desktop's helper (docs/e2e.md), in the same tap.

import { h, fill, notice, ago, platformName, setTitle, takeFragment } from '../dom.js';
import { api } from '../api.js';
import { session, refreshSession, signOut } from '../session.js';
import { introductionForClaim, ownFingerprint, readOffer } from '../trust.js';
import { fingerprint } from '../e2e.js';
import { authForm } from './authform.js';

const CODE = /^[A-Za-z0-9_-]{16,64}$/;
let rememberedCode = null;

export async function render(view) {
  setTitle('Link a desktop');
  rememberedCode = takeFragment() || rememberedCode;
  const [code, offerText] = (rememberedCode ?? '').split('.', 2);
  const body = h('div', {});
  view.append(h('h1', {}, 'Link a desktop'), body);
  let offer = null;
  try {
    offer = offerText ? await readOffer(offerText) : null;
  } catch (e) {
    fill(body, notice('error', e.failure === 'offer_expired'
      ? 'This QR code has expired. Generate a fresh one on the desktop: reload the FlyDex page there and scan the new code.'
      : 'This link is damaged. Scan the QR code on your desktop again.'));
    return;
  }
  if (!code || !CODE.test(code) || !offer) {
    fill(body, notice('error', 'This link is incomplete. Scan the QR code on your desktop again.'));
    return;
  }

  const showGone = (e) => {
    const words = e.status === 410
      ? 'This QR code has expired or was already used. Generate a fresh one on the desktop: reload the FlyDex page there and scan the new code.'
      : e.status === 404 ? 'This QR code is not valid. Generate a fresh one on the desktop and scan it again.'
        : e.code === 'rate_limited' ? 'Too many attempts. Wait a minute, then scan again.' : e.message;
    fill(body, notice('error', words), accountLine());
  };

  const accountLine = () => session.current
    ? h('p', { class: 'muted account-line' }, `Signed in as ${session.current.account.email}. `,
      h('button', { type: 'button', class: 'link', onclick: async () => { await signOut(); ask(); } }, 'Use another account'))
    : null;

  const ask = async () => {
    if (!session.current) {
      fill(body, h('p', {}, 'Sign in, or create an account, to link the desktop that shows this QR code.'),
        h('section', { class: 'panel' }, authForm({ onDone: async () => { await refreshSession(); ask(); } })));
      return;
    }
    let claim;
    try {
      claim = await api('POST', '/api/pairing/claims/inspect', { claimCode: code });
    } catch (e) {
      return showGone(e);
    }
    const approve = h('button', { type: 'button', class: 'primary big', onclick: () => decide('approve') }, 'Approve');
    const deny = h('button', { type: 'button', class: 'danger big', onclick: () => decide('deny') }, 'Deny');
    const decide = async (what) => {
      approve.disabled = deny.disabled = true;
      try {
        if (what === 'approve') {
          const { introduction, pin } = await introductionForClaim(offer);
          await api('POST', '/api/pairing/claims/approve', { claimCode: code, introduction });
          await pin();
        } else {
          await api('POST', '/api/pairing/claims/deny', { claimCode: code });
        }
        rememberedCode = null;
        fill(body, what === 'approve'
          ? [notice('ok', h('strong', {}, 'Desktop linked.'), ' Look at your desktop: it is connecting to Codex now.'),
            h('a', { class: 'button primary wide', href: '/machines' }, 'Go to your machines')]
          : notice('ok', 'Denied. Nothing was linked.'));
      } catch (e) {
        showGone(e);
      }
    };
    fill(body,
      h('section', { class: 'panel consent', 'aria-labelledby': 'consent-title' },
        h('h2', { id: 'consent-title' }, `Link desktop “${claim.machineName}”?`),
        h('dl', { class: 'facts' },
          h('dt', {}, 'System'), h('dd', {}, platformName(claim.platform)),
          h('dt', {}, 'Requested from'), h('dd', {}, claim.requestedFrom),
          h('dt', {}, 'Requested'), h('dd', {}, ago(claim.createdAt)),
          h('dt', {}, 'Desktop’s key'), h('dd', { class: 'fingerprint', id: 'helper-fingerprint' }, await fingerprint(offer.helperKey)),
          h('dt', {}, 'This browser’s key'), h('dd', { class: 'fingerprint', id: 'device-fingerprint' }, await ownFingerprint())),
        h('p', { class: 'hint' }, 'The desktop shows its key under the QR code: the two should match.'),
        h('p', { class: 'warning' }, 'Approve only if you are setting up FlyDex on your own computer right now. Approving lets that desktop join your account.'),
        h('div', { class: 'choice' }, deny, approve)),
      accountLine());
  };
  await ask();
}
