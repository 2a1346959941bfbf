// The rooms and the followed threads, asked again in the background (a reconnection, a reply that may
// make one follow a thread): a request's failure is ignored, an answer the page mishandles is reported.
import { answer, reported, server } from './fake-page.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, ignoreRequestFailure } from '../js/core/failures.js';
import { me } from '../js/core/session.js';
import { loadRooms, rooms } from '../js/features/rooms/store.js';
import { applyThreadEvent, followed, loadFollowed } from '../js/features/threads/store.js';

me.value = { id: 'u1', displayName: 'Ann' };
/** One's own reply in a thread not yet followed: the followed threads are asked for again. */
const ownReply = { type: 'message', room: 'r1', id: 'm2', seq: 2, threadRoot: 'm1', sender: { id: 'u1' }, ts: 1 };

test('rooms asked again: a refused or unreachable list is ignored and the rooms stay', async () => {
  rooms.set('r1', { id: 'r1', kind: 'group', name: 'Team' });
  reported.length = 0;
  for (const respond of [() => answer(503, { error: 'unavailable' }), () => { throw new TypeError('Failed to fetch'); }]) {
    server.answer = respond;
    await loadRooms().catch(ignoreRequestFailure); // as a reconnection asks
  }
  assert.deepEqual(reported, []);
  assert.deepEqual([...rooms.keys()], ['r1']);
});

test('rooms asked again: an answer the page cannot read is reported, not ignored', async () => {
  reported.length = 0;
  server.answer = () => answer(200, { rooms: [] }); // not the list loadRooms reads
  await loadRooms().catch(ignoreRequestFailure);
  assert.deepEqual(reported.map((e) => e.name), ['TypeError']);
});

test('followed threads asked again after one\'s own reply: a refused list is ignored', async () => {
  followed.value = [];
  reported.length = 0;
  server.answer = () => answer(503, { error: 'unavailable' });
  applyThreadEvent(ownReply);
  await assert.rejects(loadFollowed(), ApiError); // the same ask, settled
  assert.deepEqual(reported, []);
  assert.deepEqual(followed.value, []);
});

test('followed threads asked again after one\'s own reply: an answer the page cannot read is reported', async () => {
  followed.value = [];
  reported.length = 0;
  server.answer = () => answer(200, { threads: [] }); // not the list loadFollowed reads
  applyThreadEvent(ownReply);
  await assert.rejects(loadFollowed(), TypeError);
  assert.deepEqual(reported.map((e) => e.name), ['TypeError']);
});
