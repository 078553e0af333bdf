// Who is signed in, per browser tab (sessionStorage), so two tabs can be two different users.
import { el, $ } from './dom.js';

const KEY = 'chat.session';

export function load() {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (!session?.token || !session?.userId) return null;
    const exp = claims(session.token)?.exp;
    return exp && exp * 1000 < Date.now() ? null : session;
  } catch (e) {
    return null;
  }
}

export function save(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clear() {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem('chat.outbox');
}

function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')));
  } catch (e) {
    return null;
  }
}

/** Local mode: a fresh demo token for the signed-in user, saved into `session`. */
export async function renewLocal(session) {
  const res = await fetch('local/token', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user_id: session.userId }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || !body.token) throw new Error(body.detail || `HTTP ${res.status}`);
  session.token = body.token;
  save(session);
}

/** Shows the sign-in screen and resolves with a session once the user picked or pasted one. */
export function signIn(config) {
  $('signin').hidden = false;
  const error = $('signin-error');
  return new Promise((resolve) => {
    const done = (session) => {
      save(session);
      $('signin').hidden = true;
      resolve(session);
    };
    if (config.local_mode) {
      $('signin-local').hidden = false;
      const local = async (userId) => {
        error.textContent = '';
        try {
          const res = await fetch('local/token', {
            method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user_id: userId }),
          });
          const body = await res.json().catch(() => ({}));
          if (!res.ok) throw new Error(body.detail || `HTTP ${res.status}`);
          done({ userId: body.user_id, token: body.token });
        } catch (e) {
          error.textContent = `Could not sign in: ${e.message}`;
        }
      };
      const buttons = (config.demo_users || []).map((id) =>
        el('button', { type: 'button', class: 'demo-user', 'data-user': id, onclick: () => local(id) }, `Sign in as ${id}`));
      $('demo-users').replaceChildren(...buttons);
      $('signin-form').addEventListener('submit', (e) => { e.preventDefault(); local($('signin-user').value.trim()); });
      (buttons[0] || $('signin-user')).focus();
    } else {
      $('token-form').hidden = false;
      $('token-form').addEventListener('submit', (e) => {
        e.preventDefault();
        const token = $('token-input').value.trim();
        const sub = claims(token)?.sub;
        if (!sub) { error.textContent = 'That does not look like a JWT with a "sub" claim.'; return; }
        done({ userId: sub, token });
      });
      $('token-input').focus();
    }
  });
}
