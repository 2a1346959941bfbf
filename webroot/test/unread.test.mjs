// Unread counting in the room list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { badgeText, countJoined, countMessage, countRead, keepLast, shownMentions, shownUnread } from '../js/features/rooms/unread.js';

const ME = 'u-me';
const from = (seq, sender) => ({ seq, sender: { id: sender } });

test('each new message from someone else adds one unread', () => {
  const room = { id: 'r', lastSeq: 3, readSeq: 3, unread: 0 };
  countMessage(room, from(4, 'u-ada'), ME);
  countMessage(room, from(5, 'u-ada'), ME);
  assert.equal(room.unread, 2);
});

test('the same message twice, or an older one, counts once', () => {
  const room = { id: 'r', lastSeq: 3, readSeq: 3, unread: 0 };
  countMessage(room, from(4, 'u-ada'), ME);
  assert.equal(countMessage(room, from(4, 'u-ada'), ME), false);
  assert.equal(countMessage(room, from(2, 'u-ada'), ME), false);
  assert.equal(room.unread, 1);
});

test('one\'s own message reads everything before it', () => {
  const room = { id: 'r', lastSeq: 5, readSeq: 2, unread: 3 };
  countMessage(room, from(6, ME), ME);
  assert.deepEqual([room.readSeq, room.unread], [6, 0]);
});

test('a read marker only moves forward, and the count follows it', () => {
  const room = { id: 'r', lastSeq: 10, readSeq: 4, unread: 6 };
  assert.equal(countRead(room, 8), true);
  assert.equal(room.unread, 2);
  assert.equal(countRead(room, 6), false, 'an older marker (another tab, late) changes nothing');
  assert.deepEqual([room.readSeq, room.unread], [8, 2]);
});

test('a room one is added to is unread from its start', () => {
  const room = { id: 'r', lastSeq: 7 };
  countJoined(room);
  assert.deepEqual([room.readSeq, room.unread], [0, 7]);
});

test('the open room shows no unread count; a large count shows as 99+', () => {
  const room = { id: 'r', unread: 120 };
  assert.equal(shownUnread(room, 'r'), 0);
  assert.equal(shownUnread(room, 'other'), 120);
  assert.equal(badgeText(120), '99+');
  assert.equal(badgeText(7), '7');
});

test('the preview keeps the newest message, and takes a changed copy of it', () => {
  const room = { id: 'r' };
  keepLast(room, { seq: 5, text: 'five' });
  keepLast(room, { seq: 4, text: 'four' });
  keepLast(room, { seq: 5, text: 'five, edited' });
  assert.equal(room.last.text, 'five, edited');
});

test('a new message that mentions the caller, or the room, adds an unread mention; others and one\'s own do not', () => {
  const room = { id: 'r', lastSeq: 3, readSeq: 3, unread: 0, mentions: 0 };
  countMessage(room, { ...from(4, 'u-ada'), mentions: [ME] }, ME);
  countMessage(room, { ...from(5, 'u-ada'), mentions: [], mentionsRoom: true }, ME);
  countMessage(room, { ...from(6, 'u-ada'), mentions: ['u-bob'] }, ME);
  countMessage(room, { ...from(4, 'u-ada'), mentions: [ME] }, ME);
  assert.equal(room.mentions, 2);
});

test('reading everything, or sending, clears the unread mentions; reading part keeps them', () => {
  const room = { id: 'r', lastSeq: 6, readSeq: 3, unread: 3, mentions: 2 };
  countRead(room, 5);
  assert.equal(room.mentions, 2);
  countRead(room, 6);
  assert.equal(room.mentions, 0);
  const other = { id: 'o', lastSeq: 6, readSeq: 3, unread: 3, mentions: 1 };
  countMessage(other, from(7, ME), ME);
  assert.equal(other.mentions, 0);
});

test('the open room shows no mention badge', () => {
  assert.equal(shownMentions({ id: 'r', mentions: 2 }, 'r'), 0);
  assert.equal(shownMentions({ id: 'r', mentions: 2 }, 'x'), 2);
});
