// The account page's notification settings: turn notifications on for this device (from a tap,
// never on load), what this device is told, and every device of the account that receives them,
// each of which can be turned off.

import { h, fill, notice, dateTime } from '../dom.js';
import { api } from '../api.js';
import { pushSupported, turnOn, turnOff, setPreferences } from '../push.js';
import { isIos, isInstalled } from '../install.js';

const PREFERENCES = [
  ['approvals', 'Approvals and questions', 'Codex waits for a yes, a no or an answer.'],
  ['turnEnded', 'A turn finished or failed', null],
  ['machineOffline', 'A machine went offline during a turn', null],
  ['hideDetails', 'Hide details on the lock screen', 'Say only which machine is waiting, with no Approve button.'],
];
const DEFAULTS = { approvals: true, turnEnded: false, machineOffline: false, hideDetails: false };

function blockedHelp() {
  return notice('info', h('strong', {}, 'Notifications are blocked for FlyDex in this browser. '),
    isIos() ? 'Open Settings → Notifications → FlyDex and allow notifications, then come back here.'
      : 'Open the site settings (the icon beside the address, or the browser’s Settings → Site settings → Notifications), '
        + 'allow notifications for FlyDex, then reload this page.');
}

function summary(preferences) {
  const on = PREFERENCES.filter(([key]) => key !== 'hideDetails' && preferences[key]).map(([, label]) => label);
  return (on.length ? on.join(' · ') : 'Nothing') + (preferences.hideDetails ? ' · details hidden' : '');
}

export function notificationsPanel() {
  const message = h('div', {});
  const device = h('div', { class: 'this-device' });
  const devices = h('ul', { class: 'cards', 'aria-label': 'Devices that get notifications' });
  const problem = (e) => fill(message, notice('error', e.message));

  const preferencesForm = (entry) => {
    const boxes = PREFERENCES.map(([key, label, hint]) => {
      const box = h('input', { type: 'checkbox', id: `pref-${key}`, checked: Boolean(entry.preferences[key]), onchange: () => update() });
      return { key, box, el: h('div', { class: 'toggle' }, box, h('label', { for: `pref-${key}` }, label, hint ? h('span', { class: 'hint block' }, hint) : null)) };
    });
    const update = async () => {
      const preferences = Object.fromEntries(boxes.map(({ key, box }) => [key, box.checked]));
      boxes.forEach(({ box }) => { box.disabled = true; });
      try {
        await setPreferences(entry, preferences);
        fill(message, notice('ok', 'Saved.'));
        await load();
      } catch (e) {
        problem(e);
      } finally {
        boxes.forEach(({ box }) => { box.disabled = false; });
      }
    };
    return h('fieldset', { class: 'preferences' }, h('legend', {}, 'Tell this device about'), boxes.map(({ el }) => el));
  };

  const drawDevice = (mine) => {
    if (!pushSupported()) {
      return fill(device, isIos() && !isInstalled() ? notice('info', 'On iPhone and iPad, notifications need FlyDex on your Home Screen: '
        + 'see Install FlyDex above.') : notice('info', 'This browser cannot receive notifications. '
        + 'Chrome, Edge, Firefox and Safari on a Mac can, and so can FlyDex installed on an iPhone or iPad.'));
    }
    if (Notification.permission === 'denied') return fill(device, blockedHelp());
    if (mine) {
      return fill(device, h('p', {}, h('span', { class: 'badge ok' }, 'On'), ' Notifications reach this device.'), preferencesForm(mine),
        h('button', { type: 'button', class: 'secondary', onclick: () => off(mine) }, 'Turn off on this device'));
    }
    const on = h('button', { type: 'button', class: 'primary wide', onclick: async () => {
      on.disabled = true;
      fill(message);
      try {
        await turnOn(DEFAULTS);
        await load();
      } catch (e) {
        if (e.code === 'denied') drawDevice(null);
        else problem(e);
      } finally {
        on.disabled = false;
      }
    } }, 'Turn on notifications for this device');
    fill(device, h('p', {}, 'Get approvals and Codex’s questions here even when FlyDex is closed. '
      + 'Approve or Deny from the notification where your phone offers buttons.'), on);
  };

  const off = async (entry) => {
    try {
      await turnOff(entry);
      await load();
    } catch (e) {
      problem(e);
    }
  };

  const load = async () => {
    let list = [];
    try {
      ({ subscriptions: list } = await api('GET', '/api/push/subscriptions'));
    } catch (e) {
      problem(e);
    }
    drawDevice(list.find((s) => s.current));
    fill(devices, list.length ? list.map((s) => h('li', { class: 'card' },
      h('div', { class: 'card-main' },
        h('span', { class: 'title' }, s.device, s.current ? h('span', { class: 'badge ok' }, 'This device') : null),
        h('span', { class: 'sub' }, `Since ${dateTime(s.createdAt)} · ${summary(s.preferences)}`)),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary small', 'aria-label': `Turn off notifications on ${s.device}`,
        onclick: () => off(s) }, 'Turn off'))))
      : h('li', { class: 'empty muted' }, 'No device gets notifications yet.'));
  };

  const panel = h('section', { class: 'panel', id: 'notifications', 'aria-labelledby': 'notifications-title' },
    h('h2', { id: 'notifications-title' }, 'Notifications'), message, device,
    h('h3', {}, 'Devices that get notifications'), devices);
  return { panel, loaded: load() };
}
