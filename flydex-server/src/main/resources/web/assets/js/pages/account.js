// The account: who is signed in, installing the app and notifications on this device, plan and
// billing (trial time left, subscribe, manage), and the sessions of every device, this one marked.

import { h, fill, notice, until, dateTime, setTitle } from '../dom.js';
import { api } from '../api.js';
import { refreshSession, signOut } from '../session.js';
import { installPanel } from '../install.js';
import { notificationsPanel } from './notifications.js';

const PLAN = {
  trial: 'Free trial',
  active: 'Subscribed · $10/month',
  past_due: 'Payment failed · FlyDex keeps working for a few days while your card is retried',
  expired: 'No active plan',
};

export async function render(view, _params, { navigate }) {
  setTitle('Account');
  const current = await refreshSession();
  if (!current) return navigate('/signin?next=/account', { replace: true });
  const { account, access } = current;
  const billingMessage = h('div', {});
  const checkout = new URLSearchParams(location.search).get('checkout');
  if (checkout === 'success') billingMessage.append(notice('ok', 'Thank you! Your subscription is active as soon as Stripe confirms the payment.'));
  if (checkout === 'cancel') billingMessage.append(notice('info', 'Checkout was cancelled; nothing was charged.'));

  const billingAction = async (path, button) => {
    button.disabled = true;
    try {
      const { url } = await api('POST', path, {});
      location.assign(url);
    } catch (e) {
      const words = { billing_unconfigured: 'Billing is not set up on this FlyDex server yet.',
        conflict: 'There is no subscription to manage yet.', rate_limited: 'Too many attempts; try again later.' };
      fill(billingMessage, notice('error', words[e.code] ?? e.message));
      button.disabled = false;
    }
  };
  const subscribe = h('button', { type: 'button', class: 'primary wide', onclick: (e) => billingAction('/api/billing/checkout', e.currentTarget) },
    access.state === 'trial' ? 'Subscribe now · $10/month' : 'Subscribe · $10/month');
  const manage = h('button', { type: 'button', class: 'secondary wide', onclick: (e) => billingAction('/api/billing/portal', e.currentTarget) },
    'Manage subscription');
  const planDetail = access.state === 'trial' ? `${until(access.trialEndsAt)} left in your trial (ends ${dateTime(access.trialEndsAt)}).`
    : access.state === 'active' && access.paidUntil ? `Paid until ${dateTime(access.paidUntil)}.`
      : access.state === 'expired' ? 'Your trial has ended. Subscribe to steer Codex from your phone again; your machines stay linked.' : '';

  const sessions = h('ul', { class: 'cards', 'aria-label': 'Signed-in devices' });
  const sessionsMessage = h('div', {});
  const loadSessions = async () => {
    try {
      const { sessions: list } = await api('GET', '/api/auth/sessions');
      fill(sessions, list.map((s) => h('li', { class: 'card' },
        h('div', { class: 'card-main' },
          h('span', { class: 'title' }, s.device, s.current ? h('span', { class: 'badge ok' }, 'You are here') : null),
          h('span', { class: 'sub' }, `Signed in ${dateTime(s.createdAt)} · until ${dateTime(s.expiresAt)}`)),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary small', onclick: async () => {
          try {
            await api('DELETE', `/api/auth/sessions/${encodeURIComponent(s.id)}`);
            if (s.current) {
              await signOut();
              return navigate('/signin', { replace: true });
            }
            loadSessions();
          } catch (e) {
            fill(sessionsMessage, notice('error', e.message));
          }
        } }, 'Sign out')))));
    } catch (e) {
      fill(sessionsMessage, notice('error', e.message));
    }
  };

  const install = installPanel();
  const notifications = notificationsPanel();
  view.append(h('h1', {}, 'Account'),
    h('section', { class: 'panel' }, h('h2', {}, account.email), h('p', { class: 'sub' }, `Member since ${dateTime(account.createdAt)}`),
      h('button', { type: 'button', class: 'secondary', onclick: async () => { await signOut(); navigate('/', { replace: true }); } }, 'Sign out of this device')),
    install.panel, notifications.panel,
    h('section', { class: 'panel', id: 'billing', 'aria-labelledby': 'billing-title' },
      h('h2', { id: 'billing-title' }, 'Plan'),
      h('p', { class: `plan ${access.state}` }, PLAN[access.state] ?? access.state),
      planDetail ? h('p', {}, planDetail) : null,
      billingMessage,
      access.state === 'active' || access.state === 'past_due' ? manage : [subscribe, manage],
      h('p', { class: 'hint' }, 'Payments go through Stripe. FlyDex stores only your subscription status, never card details.')),
    h('section', { class: 'panel' }, h('h2', {}, 'Signed-in devices'), sessionsMessage, sessions));
  if (location.pathname === '/account/billing') view.querySelector('#billing').scrollIntoView();
  await Promise.all([loadSessions(), notifications.loaded]);
  return install.stop;
}
