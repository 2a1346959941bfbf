// A request's failure told apart from the page's own fault: what api() and bus.request() reject with is
// ignored where the page means to ignore it; anything else is reported as uncaught.
import { answer, reported, server } from './fake-page.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, auth, fileUrl } from '../js/core/api.js';
import { createBus } from '../js/core/bus.js';
import { ApiError, BusError, ignoreRequestFailure, isRequestFailure } from '../js/core/failures.js';
import { errorText } from '../js/core/ui.js';

test('a request\'s failure is ignored: nothing is reported', () => {
  reported.length = 0;
  for (const e of [new ApiError(503, 'unavailable'), new ApiError(0, 'offline'), new BusError(504, 'timeout'), new BusError(403, 'forbidden')]) {
    ignoreRequestFailure(e);
  }
  assert.deepEqual(reported, []);
});

test('anything else is reported as uncaught: a TypeError, an Error carrying a failureCode, a thrown value', () => {
  reported.length = 0;
  const bug = new TypeError("cannot read properties of undefined (reading 'map')");
  const lookalike = Object.assign(new Error('refused'), { failureCode: 400 });
  for (const e of [bug, lookalike, 'thrown']) ignoreRequestFailure(e);
  assert.deepEqual(reported, [bug, lookalike, 'thrown']);
});

test('what api() rejects with is a request\'s failure: an error answer, no network, an answer broken off', async () => {
  const failures = [];
  for (const respond of [() => answer(503, { error: 'unavailable' }), () => { throw new TypeError('Failed to fetch'); }, () => answer(200, [], { cut: true })]) {
    server.answer = respond;
    await api('GET', '/rooms').catch((e) => failures.push(e));
  }
  assert.deepEqual(failures.map((e) => [isRequestFailure(e), e.status]), [[true, 503], [true, 0], [true, 0]]);
});

test('what the refresh rejects with when there is no network is a request\'s failure', async () => {
  auth.start({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 3600, user: { id: 'u1' } });
  server.answer = () => { throw new TypeError('Failed to fetch'); };
  const failure = await auth.refresh().catch((e) => e);
  auth.end(); // and its retry with it
  assert.deepEqual([isRequestFailure(failure), failure.status], [true, 0]);
});

/** A bridge client that opens at once and answers each send with a refusal, or (silent) not at all. */
class RefusingEventBus {
  static silent = false;
  constructor() { setTimeout(() => this.onopen()); }
  send(address, body, headers, callback) {
    if (!RefusingEventBus.silent) callback({ failureCode: 403, failureType: 'RECIPIENT_FAILURE', message: 'forbidden' });
  }
  close() {}
}

test('what bus.request() rejects with is a request\'s failure: offline, a refusal, a timeout', async () => {
  const failures = [];
  const offline = createBus({});
  await offline.request('chat.read', {}).catch((e) => failures.push(e));

  globalThis.EventBus = RefusingEventBus;
  let opened;
  const isOpen = new Promise((resolve) => { opened = resolve; });
  const bus = createBus({ onState: (s) => s === 'open' && opened() });
  await isOpen;
  await bus.request('chat.read', {}).catch((e) => failures.push(e));
  RefusingEventBus.silent = true;
  await bus.request('chat.read', {}, 1).catch((e) => failures.push(e));

  assert.deepEqual(failures.map((e) => [isRequestFailure(e), e.failureCode, e.message]), [[true, 0, 'offline'], [true, 403, 'forbidden'], [true, 504, 'timeout']]);
});

test('what fileUrl() rejects with is a request\'s failure: an error answer, no network, a body broken off', async () => {
  const failures = [];
  const broken = { ok: true, status: 200, blob: async () => { throw new TypeError('network error'); } };
  for (const respond of [() => answer(404, { error: 'not_found' }), () => { throw new TypeError('Failed to fetch'); }, () => broken]) {
    server.answer = respond;
    await fileUrl('/files/f' + failures.length).catch((e) => failures.push(e));
  }
  assert.deepEqual(failures.map((e) => [isRequestFailure(e), e.status, e.error]), [[true, 404, 'not_found'], [true, 0, 'offline'], [true, 0, 'offline']]);
});

test('fileUrl() fetches a file once with the bearer token, and answers the same blob: URL after', async () => {
  auth.start({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 3600, user: { id: 'u1' } });
  const asked = [];
  server.answer = (url, init) => {
    asked.push([url, init.headers.Authorization]);
    return { ok: true, status: 200, blob: async () => new Blob(['png']) };
  };
  const first = await fileUrl('/avatars/a1?size=64');
  const again = await fileUrl('/avatars/a1?size=64');
  auth.end();
  assert.match(first, /^blob:/);
  assert.equal(again, first);
  assert.deepEqual(asked, [['/avatars/a1?size=64', 'Bearer a1']]);
});

test('a failure in words: a request\'s own; anything else, reported as uncaught, only that something went wrong', () => {
  reported.length = 0;
  const bug = new TypeError("cannot read properties of undefined (reading 'map')");
  assert.deepEqual([new ApiError(413, 'too_large', 'The file is too large.'), new BusError(0, 'offline'), new BusError(403, 'not_member'), bug].map(errorText),
    ['The file is too large.', 'You are offline.', 'You are not a member of this room.', 'Something went wrong.']);
  assert.deepEqual(reported, [bug]);
});
