// The session across a reload and its token refresh: offline the page keeps the session and refreshes
// later, a refused refresh ends it, and signing out leaves no refresh to come.
import { answer, reported, server } from './fake-page.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const unhandled = [];
process.on('unhandledRejection', (e) => unhandled.push(e));

/** The requests fetch was given, as "METHOD path body". */
let requests = [];
const offline = () => { throw new TypeError('Failed to fetch'); };
const tokens = (n) => ({ accessToken: 'a' + n, refreshToken: 'r' + n, expiresIn: 3600, user: { id: 'u1' } });

/** Answers with respond, recording each request. */
function serve(respond) {
  server.answer = (url, init) => {
    requests.push(init.method + ' ' + url + ' ' + init.body);
    return respond(url, init);
  };
}

/** What the refresh started or timed here leads to has happened (fetch here answers at once). */
async function settled() {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

let loads = 0;
/** The page loaded again with a session stored whose access token expires in expiresIn seconds. */
async function reload(expiresIn) {
  localStorage.setItem('confab.session', JSON.stringify({
    accessToken: 'a0', refreshToken: 'r0', expiresAt: Date.now() + expiresIn * 1000, user: { id: 'u1' },
  }));
  requests = [];
  unhandled.length = 0;
  reported.length = 0;
  return (await import('../js/core/api.js?load=' + ++loads)).auth;
}

test('resumed offline with an expiring token, the page keeps the session, rejects nothing unhandled and refreshes once back online', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  serve(offline);
  const auth = await reload(30);

  assert.equal(auth.resume(), true);
  await settled();
  assert.deepEqual([requests.length, auth.token, unhandled, reported], [1, 'a0', [], []]);

  serve(() => answer(200, tokens(1)));
  requests = [];
  t.mock.timers.tick(5000);
  await settled();
  assert.deepEqual([requests, auth.token], [['POST /api/v1/auth/refresh {"refreshToken":"r0"}'], 'a1']);
});

test('resumed with an expiring token the server no longer accepts (401), the session ends as on any refused refresh', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  serve(() => answer(401, { error: 'invalid_token', message: 'Session revoked.' }));
  const auth = await reload(30);
  const reasons = [];
  auth.onChange((session, reason) => reasons.push([session, reason]));

  auth.resume();
  await settled();
  assert.deepEqual([auth.session, reasons, unhandled, reported], [null, [[null, 'Your session has ended: Session revoked.']], [], []]);
});

test('signing out after a refresh the server failed (503) leaves no refresh to fire, not even on the next session', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  serve(() => answer(503, { error: 'unavailable' }));
  const auth = await reload(3600);
  auth.resume();
  await auth.refresh().catch(() => {});
  auth.end('You are signed out.');

  auth.start(tokens(2)); // signed in again: its refresh is due in 59 minutes
  requests = [];
  t.mock.timers.tick(15000);
  await settled();
  assert.deepEqual([requests, auth.token], [[], 'a2']);
});

test('a refresh answered after signing out does not bring the session back', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  let respond;
  serve(() => new Promise((resolve) => { respond = resolve; }));
  const auth = await reload(3600);
  const refreshed = auth.refresh().catch((e) => e);
  await settled();
  auth.end('You are signed out.');

  respond(answer(200, tokens(3)));
  await refreshed;
  assert.deepEqual([auth.session, localStorage.getItem('confab.session')], [null, null]);
});
