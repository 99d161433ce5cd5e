// A machine's trusted devices (docs/e2e.md): the browsers its helper takes prompts and decisions
// from, with the fingerprints a person compares, renaming any of them and revoking one from any
// other (both checked by the helper), and "Add a device" on the desktop itself (a QR of a fresh
// one-time offer of the helper's key). And, when the machine does not trust this browser, what to
// do about it, in words.

import { h, fill, notice, ago } from '../dom.js';
import { api } from '../api.js';
import { relay, rpcProblem } from '../relay.js';
import { UNTRUSTED_REASONS } from '../channel.js';
import { checkHelper, helperOffer } from '../helper.js';
import { drawQr } from '../qr.js';
import { introduceLocally, ownFingerprint, readOffer } from '../trust.js';
import { cardActions } from './cardactions.js';

/** A fresh QR is shown this long before the offer's 120 s run out (the phone needs a moment to scan and send). */
const RENEW_BEFORE_MS = 15000;
/** The helper's E2eLimits.MAX_DEVICE_NAME_BYTES counts UTF-8 bytes, an input characters: a name of many-byte letters under this is refused by the helper, which says why. */
const MAX_DEVICE_NAME = 64;
/** While an add-device QR is up, the list is asked this often, to show who was just added. */
const ADD_POLL_MS = 3000;

/** This desktop's helper answers on 127.0.0.1: it can make offers, and this browser can introduce itself there. */
async function isThisDesktop(machine) {
  const local = await checkHelper();
  return local.state === 'running' && Boolean(machine.keyFingerprint) && local.health?.machine?.keyFingerprint === machine.keyFingerprint;
}

/** The panel shown instead of a machine's threads when it does not trust this browser; `reason` is relay.trust()'s. */
export function untrustedPanel(machineId, reason) {
  const name = h('span', {}, 'this desktop');
  const local = h('div', {});
  const panel = h('section', { class: 'panel untrusted', role: 'alert', 'aria-labelledby': 'untrusted-title' },
    h('h2', { id: 'untrusted-title' }, 'This browser is no longer trusted by ', name),
    h('p', {}, UNTRUSTED_REASONS[reason] ?? UNTRUSTED_REASONS.revoked,
      ' Until it is trusted again, it cannot see or steer Codex there: everything between them is encrypted with keys only trusted devices hold.'),
    h('p', {}, 'To fix it:'),
    h('ol', { class: 'how' },
      h('li', {}, 'On the desktop, open FlyDex in the browser, go to ', name.cloneNode(true), ' and choose ', h('strong', {}, 'Add a device'),
        ' under Trusted devices — or run ', h('code', {}, 'flydex pair --device'), ' in a terminal there.'),
      h('li', {}, 'Scan the QR code it shows with this device’s camera.')),
    local);
  (async () => {
    const { machines } = await api('GET', '/api/machines');
    const machine = machines.find((m) => m.id === machineId);
    if (!machine) return;
    panel.querySelectorAll('h2 span, li span').forEach((el) => { el.textContent = machine.name; });
    if (!(await isThisDesktop(machine))) return;
    const button = h('button', { type: 'button', class: 'primary', onclick: async () => {
      button.disabled = true;
      try {
        await introduceLocally(machineId);
        relay.retrust(machineId);
        fill(local, notice('ok', 'This browser is trusted again.'));
      } catch (e) {
        fill(local, notice('error', `The helper did not take this browser: ${e.message}`));
      }
    } }, 'Trust this browser again');
    fill(local, h('p', {}, 'This is that desktop: its helper can trust this browser directly.'), button);
  })().catch(() => {});
  return panel;
}

/** "2 min ago" from an ISO time or epoch seconds or milliseconds. */
function when(at) {
  const date = typeof at === 'number' ? new Date(at < 1e12 ? at * 1000 : at) : new Date(at);
  return Number.isNaN(date.getTime()) ? '' : ago(date);
}

/** Trusted devices of `machine`, loaded when opened. Answers {el, stop}: stop ends the QR's renewals. */
export function devicesPanel(machine) {
  const keys = h('dl', { class: 'facts' });
  const message = h('div', {});
  const list = h('ul', { class: 'cards', 'aria-label': 'Trusted devices' });
  const add = h('div', { class: 'add-device' });
  const el = h('details', { class: 'panel devices', id: 'devices' },
    h('summary', {}, h('h2', {}, 'Trusted devices')),
    h('p', { class: 'hint' }, 'Only these devices can read and steer Codex on ', machine.name, '. FlyDex’s server carries their messages encrypted and cannot read them.'),
    keys, message, list, add);
  let known = null; // device ids listed last
  let timers = [];
  const later = (fn, ms) => timers.push(setTimeout(fn, ms));
  const stop = () => {
    timers.forEach(clearTimeout);
    timers = [];
  };

  /** Lists the devices again; a poll (`force` false) leaves the list alone while a rename or a revocation is being typed or confirmed. */
  const load = async ({ force = false } = {}) => {
    const { devices = [], helperFingerprint } = await relay.rpc(machine.id, 'devices/list', {});
    fill(keys, h('dt', {}, 'This browser’s key'), h('dd', { class: 'fingerprint', id: 'own-fingerprint' }, await ownFingerprint()),
      h('dt', {}, `${machine.name}’s key`), h('dd', { class: 'fingerprint', id: 'helper-fingerprint' }, helperFingerprint ?? ''));
    const added = known ? devices.filter((d) => !known.has(d.deviceId)) : [];
    known = new Set(devices.map((d) => d.deviceId));
    if (force || !list.querySelector('form, .confirm')) fill(list, devices.map(card));
    return added;
  };

  const card = (device) => {
    const actions = h('div', { class: 'actions' });
    cardActions(actions, {
      id: device.deviceId, name: device.name, maxlength: MAX_DEVICE_NAME, removeLabel: 'Revoke',
      confirmText: `Revoke ${device.name}? It can no longer read or steer Codex on ${machine.name}, until it is added again.`,
      rename: async (name) => {
        const { name: renamed } = await relay.rpc(machine.id, 'devices/rename', { deviceId: device.deviceId, name: name.trim() });
        fill(message, notice('ok', `${machine.name} now calls it ${renamed}.`));
        await load({ force: true });
      },
      // A browser does not revoke itself here: it would lose its session before hearing the answer.
      remove: device.current ? null : async () => {
        await relay.rpc(machine.id, 'devices/revoke', { deviceId: device.deviceId });
        fill(message, notice('ok', `${device.name} can no longer steer ${machine.name}.`));
        await load({ force: true });
      },
      problem: (e) => fill(message, notice('error', rpcProblem(e))),
    });
    return h('li', { class: 'card device', 'data-device-id': device.deviceId },
      h('div', { class: 'card-main' },
        h('span', { class: 'title' }, device.name, device.current ? h('span', { class: 'badge ok' }, 'This browser') : null),
        h('span', { class: 'sub' }, h('span', { class: 'fingerprint' }, device.fingerprint), device.introducedAt ? ` · added ${when(device.introducedAt)}` : '')),
      actions);
  };

  // The desktop itself shows a QR of a fresh offer, renewed before it runs out, until a new device shows up in the list.
  const showQr = async () => {
    stop();
    try {
      const { offer, helperFingerprint } = await helperOffer();
      const { expiresAt } = await readOffer(offer);
      const url = `${location.origin}/add-device#${machine.id}.${offer}`;
      const qr = h('img', { id: 'add-device-qr', alt: `QR code to add a device to ${machine.name}: scan it with that device`, width: 240, height: 240 });
      await drawQr(qr, url);
      fill(add, h('div', { class: 'qr-box' },
        qr,
        h('p', { class: 'muted' }, `${machine.name}’s key: `, h('span', { class: 'fingerprint' }, helperFingerprint)),
        h('p', { class: 'muted' }, 'Scan it with the phone or tablet to add. A new code appears by itself; each works once.')),
      h('button', { type: 'button', class: 'secondary small', onclick: () => { stop(); offerAdd(); } }, 'Done'));
      later(showQr, Math.max(1000, expiresAt - Date.now() - RENEW_BEFORE_MS));
      const watch = async () => {
        const added = await load().catch(() => []);
        if (added.length) {
          stop();
          fill(add, notice('ok', ...added.map((d) => h('span', { class: 'block' }, `${d.name} was added. Its key: `, h('span', { class: 'fingerprint' }, d.fingerprint),
            ' — the same as it shows?'))));
          later(offerAdd, 0);
          return;
        }
        later(watch, ADD_POLL_MS);
      };
      later(watch, ADD_POLL_MS);
    } catch (e) {
      fill(add, notice('error', `The helper on this computer did not give a code: ${e.message}`));
    }
  };

  const offerAdd = async () => {
    if (!(await isThisDesktop(machine))) {
      fill(add, h('p', { class: 'hint' }, 'To add a phone or another browser, open this page on ', machine.name,
        ' and choose Add a device there, or run ', h('code', {}, 'flydex pair --device'), ' in a terminal on it.'));
      return;
    }
    const keep = [...add.childNodes].filter((n) => n.classList?.contains('notice'));
    fill(add, keep, h('button', { type: 'button', class: 'primary', onclick: showQr }, 'Add a device'));
  };

  let opened = false;
  el.addEventListener('toggle', () => {
    if (!el.open) {
      stop();
    } else if (!opened) {
      opened = true;
      load().catch((e) => fill(message, e.code === 'device_unknown' ? untrustedPanel(machine.id, relay.trust(machine.id).reason)
        : notice('error', rpcProblem(e))));
      offerAdd();
    }
  });
  return { el, stop };
}
