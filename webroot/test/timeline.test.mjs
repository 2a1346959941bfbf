// Merging events into a timeline by seq and rev: what the page shows whatever order events come in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createTimeline, endSync, holdWhileSyncing, mergeLive, mergeNewest, mergeOlder, mergeSync, messagesOf, missedBefore,
} from '../js/features/timeline/merge.js';

const msg = (seq, rev = seq, text = 'm' + seq) => ({ type: 'message', id: 'id' + seq, seq, rev, text, ts: seq });
const edit = (seq, rev, text) => ({ ...msg(seq, rev, text), type: 'edit', editedAt: rev });
const update = (seq, rev, reactions) => ({ ...msg(seq, rev), type: 'update', reactions });
const del = (seq, rev) => ({ type: 'delete', id: 'id' + seq, seq, rev });
const shown = (t) => messagesOf(t).map((m) => (m.deleted ? `${m.seq}:deleted` : `${m.seq}:${m.text}`));

function loaded(...messages) {
  const t = createTimeline('r1');
  mergeNewest(t, { messages, hasMore: false });
  return t;
}

test('a new message goes in after the others, and the next sync starts from its rev', () => {
  const t = loaded(msg(1), msg(2));
  assert.equal(mergeLive(t, msg(3)), true);
  assert.deepEqual(shown(t), ['1:m1', '2:m2', '3:m3']);
  assert.equal(t.lastRev, 3);
});

test('an edit replaces the message in its place', () => {
  const t = loaded(msg(1), msg(2));
  mergeLive(t, edit(1, 5, 'changed'));
  assert.deepEqual(shown(t), ['1:changed', '2:m2']);
});

test('a delete keeps the message in its place, deleted and without its text', () => {
  const t = loaded(msg(1), msg(2));
  mergeLive(t, del(2, 4));
  assert.deepEqual(shown(t), ['1:m1', '2:deleted']);
  assert.equal(messagesOf(t)[1].text, null);
});

test('the same event twice (the room stream and the user stream) shows once', () => {
  const t = loaded(msg(1));
  mergeLive(t, msg(2));
  assert.equal(mergeLive(t, msg(2)), true, 'the same rev again is harmless');
  assert.deepEqual(shown(t), ['1:m1', '2:m2']);
});

test('an older rev arriving after a newer one changes nothing', () => {
  const t = loaded(msg(1));
  mergeLive(t, edit(1, 6, 'newest'));
  assert.equal(mergeLive(t, edit(1, 4, 'older')), false);
  assert.equal(mergeLive(t, msg(1, 1)), false);
  assert.deepEqual(shown(t), ['1:newest']);
});

test('an edit that comes after the delete does not bring the text back', () => {
  const t = loaded(msg(1));
  mergeLive(t, del(1, 7));
  mergeLive(t, edit(1, 5, 'late edit'));
  assert.deepEqual(shown(t), ['1:deleted']);
});

test('messages that come out of order are shown in seq order', () => {
  const t = loaded(msg(1));
  mergeLive(t, msg(4));
  mergeLive(t, msg(3));
  mergeLive(t, msg(2));
  assert.deepEqual(shown(t), ['1:m1', '2:m2', '3:m3', '4:m4']);
});

test('the newest page comes in whole whatever its order; an older live message is left to history', () => {
  const t = createTimeline('r1');
  mergeNewest(t, { messages: [msg(12), msg(10), msg(11)], hasMore: true });
  assert.deepEqual(shown(t), ['10:m10', '11:m11', '12:m12']);
  assert.equal(mergeLive(t, edit(3, 20, 'old one edited')), false);
  mergeOlder(t, { messages: [msg(8), msg(9)], hasMore: true });
  assert.deepEqual(shown(t), ['8:m8', '9:m9', '10:m10', '11:m11', '12:m12']);
  assert.equal(t.hasOlder, true);
  mergeOlder(t, { messages: [msg(7)], hasMore: false });
  assert.equal(t.hasOlder, false);
});

test('resuming after a gap: sync brings what was missed, events that came during it are applied after, in order', () => {
  const t = loaded(msg(1), msg(2), msg(3));
  // Offline: 4 and 5 were sent and 2 edited meanwhile. Back: the sync starts, and 6 comes live during it.
  t.syncing = true;
  assert.equal(holdWhileSyncing(t, msg(6)), true);
  assert.deepEqual(shown(t), ['1:m1', '2:m2', '3:m3'], 'held, not shown before the sync');
  assert.equal(mergeSync(t, { messages: [msg(4), msg(5)], rev: 5, hasMore: true }), true);
  assert.equal(mergeSync(t, { messages: [edit(2, 6, 'edited offline')], rev: 6, hasMore: false }), false);
  for (const ev of endSync(t)) mergeLive(t, ev);
  assert.deepEqual(shown(t), ['1:m1', '2:edited offline', '3:m3', '4:m4', '5:m5', '6:m6']);
  assert.equal(t.lastRev, 6);
  assert.equal(holdWhileSyncing(t, msg(7)), false, 'after the sync events apply at once');
});

test('a sync page that is empty ends the sync even if it says there is more', () => {
  const t = loaded(msg(1));
  assert.equal(mergeSync(t, { messages: [], rev: 9, hasMore: true }), false);
  assert.equal(t.lastRev, 9);
});

test('an update event (a reaction) replaces the message at its new rev, in its place', () => {
  const t = loaded(msg(1), msg(2));
  assert.equal(mergeLive(t, update(1, 4, [{ emoji: '👍', users: ['u2'] }])), true);
  assert.deepEqual(shown(t), ['1:m1', '2:m2']);
  assert.deepEqual(messagesOf(t)[0].reactions, [{ emoji: '👍', users: ['u2'] }]);
  assert.equal(t.lastRev, 4);
});

test('an older update arriving after a newer one does not bring back a removed reaction', () => {
  const t = loaded(msg(1));
  mergeLive(t, update(1, 5, []));
  assert.equal(mergeLive(t, update(1, 4, [{ emoji: '👍', users: ['u2'] }])), false);
  assert.deepEqual(messagesOf(t)[0].reactions, []);
});

test('an update that comes after the delete does not bring the message back', () => {
  const t = loaded(msg(1));
  mergeLive(t, del(1, 7));
  mergeLive(t, update(1, 6, [{ emoji: '👍', users: ['u2'] }]));
  assert.deepEqual(shown(t), ['1:deleted']);
});

test('a live event whose rev skips one says a change was missed; the next one in line does not', () => {
  const t = loaded(msg(1), msg(2));
  assert.equal(missedBefore(t, msg(3)), false);
  assert.equal(missedBefore(t, msg(4)), true);
  assert.equal(missedBefore(t, edit(1, 3, 'changed')), false);
});

test('a repeat or an older rev is no missed change', () => {
  const t = loaded(msg(1), msg(2), msg(3));
  assert.equal(missedBefore(t, msg(2)), false);
  assert.equal(missedBefore(t, update(3, 3, [])), false);
});

test('a timeline that is loading or syncing does not ask again: the sync under way covers it', () => {
  const t = loaded(msg(1));
  t.syncing = true;
  assert.equal(missedBefore(t, msg(5)), false);
  assert.equal(missedBefore(createTimeline('r2'), msg(5)), false);
});

test('after a missed change, the sync fills the hole and the event that showed it merges after', () => {
  const t = loaded(msg(1), msg(2));
  const shownLate = msg(4);
  assert.equal(missedBefore(t, shownLate), true);
  t.syncing = true;
  holdWhileSyncing(t, shownLate);
  mergeSync(t, { messages: [msg(3), msg(4)], rev: 4, hasMore: false });
  endSync(t).forEach((ev) => mergeLive(t, ev));
  assert.deepEqual(shown(t), ['1:m1', '2:m2', '3:m3', '4:m4']);
  assert.equal(t.lastRev, 4);
});
