// Sign up or sign in: one form, two modes. Calls onDone() once the browser holds a session.

import { h, fill, notice } from '../dom.js';
import { api } from '../api.js';

const MIN_PASSWORD = 10;

export function authForm({ onDone, startWith = 'signup' }) {
  let mode = startWith;
  const box = h('div', { class: 'auth' });
  const draw = () => {
    const signup = mode === 'signup';
    const error = h('div', { class: 'form-error' });
    const email = h('input', { id: 'auth-email', type: 'email', name: 'email', autocomplete: 'email', required: true, inputmode: 'email' });
    const password = h('input', { id: 'auth-password', type: 'password', name: 'password', required: true,
      minlength: MIN_PASSWORD, autocomplete: signup ? 'new-password' : 'current-password', 'aria-describedby': 'auth-password-hint' });
    const submit = h('button', { type: 'submit', class: 'primary wide' }, signup ? 'Create account' : 'Sign in');
    const form = h('form', { novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      if (!email.value.includes('@')) return fill(error, notice('error', 'Enter your email address.'));
      if (password.value.length < MIN_PASSWORD) return fill(error, notice('error', `The password needs at least ${MIN_PASSWORD} characters.`));
      submit.disabled = true;
      try {
        await api('POST', signup ? '/api/auth/signup' : '/api/auth/signin', { email: email.value, password: password.value });
        await onDone();
      } catch (e) {
        const words = { email_taken: 'An account with this email exists. Sign in instead.',
          invalid_credentials: 'Wrong email or password.', rate_limited: 'Too many attempts. Wait a few minutes and try again.' };
        fill(error, notice('error', words[e.code] ?? e.message));
        submit.disabled = false;
      }
    } },
    h('label', { for: 'auth-email' }, 'Email'), email,
    h('label', { for: 'auth-password' }, 'Password'), password,
    h('p', { id: 'auth-password-hint', class: 'hint' }, signup ? `At least ${MIN_PASSWORD} characters.` : ''),
    error, submit);
    const other = h('p', { class: 'switch' }, signup ? 'Already have an account? ' : 'New to FlyDex? ',
      h('button', { type: 'button', class: 'link', onclick: () => { mode = signup ? 'signin' : 'signup'; draw(); } },
        signup ? 'Sign in' : 'Create an account'));
    fill(box, h('h2', {}, signup ? 'Create your FlyDex account' : 'Sign in to FlyDex'),
      signup ? h('p', { class: 'muted' }, 'Includes a 72-hour free trial. No card needed.') : null, form, other);
  };
  draw();
  return box;
}
