import { h, setTitle } from '../dom.js';
import { session, refreshSession } from '../session.js';
import { authForm } from './authform.js';

export async function render(view, _params, { navigate }) {
  setTitle('Sign in');
  const next = new URLSearchParams(location.search).get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/machines';
  if (session.current) return navigate(target, { replace: true });
  view.append(h('h1', {}, 'Welcome to FlyDex'),
    h('section', { class: 'panel' }, authForm({ startWith: 'signin', onDone: async () => {
      await refreshSession();
      navigate(target, { replace: true });
    } })));
}
