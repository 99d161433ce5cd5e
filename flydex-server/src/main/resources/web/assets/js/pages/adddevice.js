// The phone's side of "Add a device": the QR a trusted desktop shows (or `flydex pair --device`
// prints) opens /add-device#<machineId>.<offer>. The fragment never reaches a server and leaves
// the address bar at once. This browser answers the offer through the relay (e2e/introduce),
// checks the helper's proof, pins the helper's key for that machine and says so, with both
// fingerprints to compare.

import { h, fill, notice, setTitle, takeFragment } from '../dom.js';
import { api } from '../api.js';
import { relay, rpcProblem } from '../relay.js';
import { session, refreshSession } from '../session.js';
import { introduceWith, readOffer } from '../trust.js';
import { authForm } from './authform.js';

const MACHINE_ID = /^[\w-]{1,64}$/;
/** Failures that mean "this QR is spent": scanning a fresh one fixes them. */
const SPENT = new Set(['offer_expired', 'offer_unknown']);
let remembered = null;

export async function render(view) {
  setTitle('Add this device');
  remembered = takeFragment() || remembered;
  const body = h('div', { 'aria-live': 'polite' });
  view.append(h('h1', {}, 'Add this device'), body);
  const [machineId, offerText] = (remembered ?? '').split('.', 2);
  const scanAgain = 'On the desktop, open FlyDex, go to the machine and choose “Add a device” (or run flydex pair --device there), then scan the new code.';
  let offer;
  try {
    if (!MACHINE_ID.test(machineId ?? '') || !offerText) throw new Error('incomplete');
    offer = await readOffer(offerText);
  } catch (e) {
    fill(body, notice('error', e.failure === 'offer_expired' ? `This QR code has expired. ${scanAgain}` : `This link is incomplete or damaged. ${scanAgain}`));
    return;
  }

  const add = async () => {
    if (!session.current) {
      fill(body, h('p', {}, 'Sign in to the account the desktop belongs to.'),
        h('section', { class: 'panel' }, authForm({ startWith: 'signin', onDone: async () => { await refreshSession(); add(); } })));
      return;
    }
    const { machines } = await api('GET', '/api/machines');
    const machine = machines.find((m) => m.id === machineId);
    if (!machine) {
      fill(body, notice('error', `That desktop is not one of ${session.current.account.email}’s machines. Sign in with the account it is linked to, then scan again.`));
      return;
    }
    fill(body, h('p', { role: 'status' }, `Introducing this browser to ${machine.name}…`));
    try {
      const { helperFingerprint, deviceFingerprint } = await introduceWith(offer, (introduction) => relay.introduce(machineId, introduction), machineId);
      remembered = null;
      relay.subscribe(machineId);
      relay.retrust(machineId);
      fill(body, notice('ok', h('strong', {}, `This browser is now trusted by ${machine.name}.`), ' It can see and steer Codex there.'),
        h('dl', { class: 'facts' },
          h('dt', {}, `${machine.name}’s key`), h('dd', { class: 'fingerprint', id: 'helper-fingerprint' }, helperFingerprint),
          h('dt', {}, 'This browser’s key'), h('dd', { class: 'fingerprint', id: 'device-fingerprint' }, deviceFingerprint)),
        h('p', { class: 'hint' }, 'The desktop shows the same two keys under Trusted devices.'),
        h('a', { class: 'button primary wide', href: `/machines/${machineId}` }, `Open ${machine.name}`));
    } catch (e) {
      // The helper's refusals come back as e2e_refused naming the failure (offer_unknown, auth_failed…).
      const code = e.failure ?? (e.code === 'e2e_refused' ? e.message : e.code);
      fill(body, notice('error', SPENT.has(code) ? `This QR code has expired or was already used. ${scanAgain}`
        : code === 'auth_failed' ? `The desktop’s answer did not check out, so nothing was trusted. ${scanAgain}`
          : rpcProblem(e)));
    }
  };
  await add();
}
