// The control plane's REST API: same-origin fetch with the session cookie; one refresh on 401.
// A refresh the server refuses with session_revoked means this browser's session was ended
// elsewhere (signed out from another device, or revoked): whoever listens (session.js) forgets it.
// One that ran out (session_expired) just needs a new sign-in.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function send(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'offline', 'FlyDex cannot be reached. Check your connection.');
  }
  if (response.status === 204) return {};
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = data.error ?? {};
    throw new ApiError(response.status, error.code ?? 'internal', error.message ?? `request failed (${response.status})`);
  }
  return data;
}

let refreshing = null;
let sessionEnded = () => {};

/** Calls `listener` when the server says this browser's session was revoked (a refresh refused with session_revoked). */
export function whenSessionEnds(listener) {
  sessionEnded = listener;
}

/** Calls the API; a 401 triggers one refresh of the session (which rotates its cookies), then a retry. */
export async function api(method, path, body) {
  try {
    return await send(method, path, body);
  } catch (e) {
    if (e.status !== 401 || path.startsWith('/api/auth/')) throw e;
    refreshing ??= send('POST', '/api/auth/refresh', {}).then(() => true, (refused) => {
      if (refused.code === 'session_revoked') sessionEnded();
      return false;
    }).finally(() => { refreshing = null; });
    if (!(await refreshing)) throw e;
    return send(method, path, body);
  }
}

/** The signed-in account ({account, session, access}), or null. */
export async function me() {
  try {
    return await api('GET', '/api/me');
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}
