// HTTP to /api/v1 with the bearer token, and the session: tokens kept in localStorage, refreshed a
// minute before they expire (refresh tokens rotate: the new one is stored at once). A refresh that fails
// is tried again later, unless the server refused it (401), which ends the session.
import { ApiError, ignoreRequestFailure, offline } from './failures.js';

const KEY = 'confab.session';
const listeners = new Set();
let session = load();
let refreshTimer = null;
let refreshing = null;

function load() {
  try {
    return JSON.parse(localStorage.getItem(KEY)) || null;
  } catch (e) {
    return null;
  }
}

function save() {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}

export const auth = {
  get session() { return session; },
  get user() { return session?.user || null; },
  get token() { return session?.accessToken || null; },
  /** fn(session, reason): called when tokens change or the session ends (session null). */
  onChange(fn) { listeners.add(fn); },
  start(answer) {
    session = {
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken,
      expiresAt: Date.now() + answer.expiresIn * 1000,
      user: answer.user,
    };
    save();
    schedule();
    emit();
  },
  setUser(user) {
    if (!session) return;
    session.user = user;
    save();
  },
  end(reason) {
    session = null;
    clearTimeout(refreshTimer);
    save();
    emit(reason);
  },
  resume() {
    if (!session) return false;
    // Offline (or the server down) the page comes up all the same: the refresh is tried again later.
    if (session.expiresAt - Date.now() < 60000) refresh().catch(ignoreRequestFailure);
    else schedule();
    return true;
  },
  refresh,
};

function emit(reason) {
  for (const fn of listeners) fn(session, reason);
}

/** The one refresh to come (a minute before expiry, or after wait), replacing any before it: end() cancels it. */
function schedule(wait) {
  clearTimeout(refreshTimer);
  if (!session) return;
  const due = wait ?? Math.max(1000, session.expiresAt - Date.now() - 60000);
  refreshTimer = setTimeout(() => refresh().catch(ignoreRequestFailure), due);
}

/** Refreshes the tokens (one refresh at a time: two with the same token would look like a reuse). */
function refresh() {
  if (refreshing) return refreshing;
  if (!session) return Promise.reject(new ApiError(401, 'invalid_token', 'Signed out.'));
  // One refresh at a time across tabs too (a refresh token works once): take a lock, then see whether
  // another tab has refreshed meanwhile and adopt its tokens instead.
  const locked = (fn) => (navigator.locks ? navigator.locks.request('confab.refresh', fn) : fn());
  refreshing = locked(() => doRefresh()).finally(() => { refreshing = null; });
  return refreshing;
}

async function doRefresh() {
  const stored = load();
  if (stored && session && stored.refreshToken !== session.refreshToken && stored.expiresAt - Date.now() > 120000) {
    session = stored;
    schedule();
    emit();
    return session;
  }
  const current = session;
  if (!current) throw new ApiError(401, 'invalid_token', 'Signed out.');
  const { res, answer: body } = await exchange('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken: current.refreshToken }),
  }).catch((e) => {
    // Network down: try again soon; the access token may still be valid meanwhile.
    schedule(5000);
    throw e;
  });
  // Signed out while the refresh was on its way: its answer must not bring the session back.
  if (!session) throw new ApiError(401, 'invalid_token', 'Signed out.');
  if (res.ok) {
    auth.start(body);
    return session;
  }
  if (res.status === 401) {
    auth.end(body?.message ? 'Your session has ended: ' + body.message : 'Your session has ended. Sign in again.');
  } else {
    schedule(15000);
  }
  throw new ApiError(res.status, body?.error, body?.message);
}

// Tokens another tab stored (after its refresh, or its sign-out) become ours.
window.addEventListener('storage', (ev) => {
  if (ev.key !== KEY) return;
  const stored = load();
  if (!stored && session) {
    session = null;
    clearTimeout(refreshTimer);
    emit('You signed out in another tab.');
  } else if (stored && session && stored.accessToken !== session.accessToken && stored.user?.id === session.user?.id) {
    session = stored;
    schedule();
    emit();
  }
});

async function readBody(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch (e) {
    return null;
  }
}

/**
 * fetch of url and its answer's body (read: JSON by default); a network failure, before the answer or
 * during it, rejects as offline: what api(), the refresh and fileUrl() reject with is always an ApiError.
 */
async function exchange(url, init, read = readBody) {
  try {
    const res = await fetch(url, init);
    return { res, answer: await read(res) };
  } catch (e) {
    throw offline();
  }
}

const blobUrls = new Map();

/**
 * The bytes of a file (a download, an avatar, a custom emoji), fetched with the bearer token, as a blob:
 * URL kept per path (the page's CSP allows blob: images); rejects with an ApiError as api() does.
 */
export async function fileUrl(path) {
  if (blobUrls.has(path)) return blobUrls.get(path);
  const { res, answer } = await exchange(path, { headers: { Authorization: 'Bearer ' + auth.token } },
    (r) => (r.ok ? r.blob() : readBody(r)));
  if (!res.ok) throw new ApiError(res.status, answer?.error, 'The file could not be loaded (' + res.status + ').');
  const url = URL.createObjectURL(answer);
  blobUrls.set(path, url);
  return url;
}

/** Calls /api/v1 + path; resolves to the parsed answer (null for 204), rejects with ApiError. */
export async function api(method, path, body, { retried = false } = {}) {
  const headers = {};
  // A FormData body (an upload) goes as multipart, its boundary set by the browser.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
  if (session) headers.Authorization = 'Bearer ' + session.accessToken;
  const { res, answer } = await exchange('/api/v1' + path, {
    method,
    headers,
    body: body === undefined || form ? body : JSON.stringify(body),
  });
  if (res.ok) return answer;
  if (res.status === 401 && answer?.error === 'unauthorized' && session && !retried) {
    await refresh();
    return api(method, path, body, { retried: true });
  }
  throw new ApiError(res.status, answer?.error, answer?.message);
}
