// Threads: replies kept in the room's timeline but shown in their thread, a thread merged by seq/rev
// whatever order its events come in, and the followed threads' order and counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyReplyToList, applyToThread, createThread, followsAgain, mayNowFollow, mergeThreadPage, readInList, readUpTo, repliesLabel, repliesOf, sortThreads,
  topLevel, unreadThreads, withoutThread,
} from '../js/features/threads/logic.js';
import { createTimeline, mergeLive, mergeNewest, messagesOf } from '../js/features/timeline/merge.js';

const ME = 'u-me';
const root = (rev = 1, replies = 0) => ({ type: 'update', room: 'r1', id: 'root', seq: 1, rev, text: 'root', thread: replies ? { replies } : undefined });
const reply = (seq, rev = seq, text = 'r' + seq, sender = 'u-ada') =>
  ({ type: 'message', room: 'r1', id: 'id' + seq, seq, rev, text, threadRoot: 'root', sender: { id: sender }, ts: seq * 1000 });
const texts = (th) => repliesOf(th).map((m) => (m.deleted ? m.seq + ':deleted' : m.seq + ':' + m.text));

test('the room\'s timeline holds replies (sync carries them) but shows only the top-level messages', () => {
  const t = createTimeline('r1');
  mergeNewest(t, { messages: [root(), { id: 'm2', seq: 2, rev: 2, text: 'top' }], hasMore: false });
  mergeLive(t, reply(3));
  assert.equal(messagesOf(t).length, 3);
  assert.deepEqual(topLevel(messagesOf(t)).map((m) => m.seq), [1, 2]);
});

test('a reply\'s update moves its root\'s "N replies" in the room\'s timeline', () => {
  const t = createTimeline('r1');
  mergeNewest(t, { messages: [root(1)], hasMore: false });
  mergeLive(t, root(3, 2));
  mergeLive(t, root(2, 1)); // the older update, late
  assert.equal(repliesLabel(t.bySeq.get(1)), '2 replies');
  assert.equal(repliesLabel({ thread: { replies: 1 } }), '1 reply');
  assert.equal(repliesLabel({}), null);
});

test('a thread\'s page brings its root and replies ascending; the next page starts after the last', () => {
  const th = createThread('r1', 'root');
  assert.equal(mergeThreadPage(th, { root: root(5, 2), messages: [reply(3), reply(4)], hasMore: true }), 4);
  assert.equal(th.root.thread.replies, 2);
  assert.deepEqual(texts(th), ['3:r3', '4:r4']);
});

test('live replies come in by seq, whatever their order, and an event twice changes nothing', () => {
  const th = createThread('r1', 'root');
  assert.equal(applyToThread(th, reply(5)), true);
  assert.equal(applyToThread(th, reply(3)), true);
  assert.equal(applyToThread(th, reply(5)), true); // the same rev again: the same message
  assert.deepEqual(texts(th), ['3:r3', '5:r5']);
});

test('a reply\'s edit and delete find it; an older rev arriving late never undoes a newer one', () => {
  const th = createThread('r1', 'root');
  mergeThreadPage(th, { root: root(), messages: [reply(3), reply(4)], hasMore: false });
  applyToThread(th, { ...reply(3, 9, 'fixed'), type: 'edit' });
  applyToThread(th, { ...reply(3, 6, 'stale'), type: 'edit' });
  applyToThread(th, { type: 'delete', room: 'r1', id: 'id4', seq: 4, rev: 10 });
  assert.deepEqual(texts(th), ['3:fixed', '4:deleted']);
});

test('messages of other threads, top-level messages and other rooms are not the thread\'s', () => {
  const th = createThread('r1', 'root');
  assert.equal(applyToThread(th, { ...reply(3), threadRoot: 'other' }), false);
  assert.equal(applyToThread(th, { type: 'message', room: 'r1', id: 'x', seq: 6, rev: 6, text: 'top' }), false);
  assert.equal(applyToThread(th, { ...reply(7), room: 'r2' }), false);
  assert.equal(applyToThread(th, { type: 'delete', room: 'r1', id: 'y', seq: 8, rev: 8 }), false);
  assert.deepEqual(texts(th), []);
});

test('the root\'s update changes the panel\'s root, by rev; its delete keeps it in place as deleted', () => {
  const th = createThread('r1', 'root');
  mergeThreadPage(th, { root: root(4, 1), messages: [], hasMore: false });
  assert.equal(applyToThread(th, root(2, 0)), false);
  applyToThread(th, { type: 'delete', room: 'r1', id: 'root', seq: 1, rev: 7 });
  assert.equal(th.root.deleted, true);
  assert.equal(th.root.thread.replies, 1, 'a deleted root keeps its thread');
});

test('the thread read marker moves to the newest reply once loaded, and only forward', () => {
  const th = createThread('r1', 'root');
  mergeThreadPage(th, { root: root(), messages: [reply(3), reply(4)], hasMore: false });
  assert.equal(readUpTo(th), null, 'not before it has loaded');
  th.loaded = true;
  assert.equal(readUpTo(th), 4);
  th.readSeq = 4;
  assert.equal(readUpTo(th), null);
});

const entry = (rootId, lastReplyAt, extra = {}) => ({ room: 'r1', root: { id: rootId, text: rootId }, replies: 1, unreadReplies: 0, unreadMentions: 0, lastReplyAt, ...extra });
const order = (list) => list.map((e) => e.root.id);

test('the Threads view lists the most recent reply first (ISO times or numbers)', () => {
  assert.deepEqual(order(sortThreads([entry('a', '2026-01-01T10:00:00Z'), entry('b', '2026-01-02T10:00:00Z'), entry('c', 5)])), ['b', 'a', 'c']);
  assert.deepEqual(order(sortThreads([entry('a', 1796541744095), entry('b', 1796541799999), entry('c', '2026-01-02T10:00:00Z')])), ['b', 'a', 'c']);
});

test('a new reply counts in its thread, unread and a mention of the caller, and moves it to the top; once only', () => {
  let list = [entry('a', 2000), entry('b', 1000)];
  const ev = { ...reply(9), threadRoot: 'b', mentions: [ME], ts: 3000 };
  list = applyReplyToList(list, ev, ME, null);
  list = applyReplyToList(list, ev, ME, null);
  assert.deepEqual(order(list), ['b', 'a']);
  assert.deepEqual([list[0].replies, list[0].unreadReplies, list[0].unreadMentions], [2, 1, 1]);
});

test('one\'s own reply, or one in the open thread, is no unread; a reply to an unfollowed thread changes nothing', () => {
  const list = [entry('a', 1)];
  const own = applyReplyToList(list, { ...reply(9, 9, 'x', ME), threadRoot: 'a' }, ME, null);
  assert.deepEqual([own[0].replies, own[0].unreadReplies], [2, 0]);
  const open = applyReplyToList(list, { ...reply(9), threadRoot: 'a' }, ME, 'a');
  assert.equal(open[0].unreadReplies, 0);
  assert.equal(applyReplyToList(list, { ...reply(9), threadRoot: 'z' }, ME, null), list);
});

test('reading a thread clears its unread counts, and only its', () => {
  const list = readInList([entry('a', 1, { unreadReplies: 3, unreadMentions: 1 }), entry('b', 1, { unreadReplies: 2 })], 'a');
  assert.deepEqual(list.map((e) => [e.unreadReplies, e.unreadMentions]), [[0, 0], [2, 0]]);
});

test('the Threads button\'s total counts the followed threads with unread replies, live as a reply comes and as one is read', () => {
  let list = [entry('a', 2000, { unreadReplies: 2 }), entry('b', 1000), entry('c', 500, { unreadReplies: 0, unreadMentions: 0 })];
  assert.equal(unreadThreads(list), 1);
  list = applyReplyToList(list, { ...reply(9), threadRoot: 'b', ts: 3000 }, ME, null);
  assert.equal(unreadThreads(list), 2);
  list = applyReplyToList(list, { ...reply(10, 10, 'x', ME), threadRoot: 'c', ts: 4000 }, ME, null);
  assert.equal(unreadThreads(list), 2, 'one\'s own reply is no unread');
  assert.equal(unreadThreads(readInList(list, 'a')), 1);
  assert.equal(unreadThreads(null), 0, 'before the list is asked');
});

test('a reply may make the caller follow a thread not listed: their own, one naming them, or one to their root; not @room', () => {
  const list = [entry('a', 1)];
  assert.equal(mayNowFollow(list, { ...reply(9, 9, 'x', ME), threadRoot: 'z' }, ME), true);
  assert.equal(mayNowFollow(list, { ...reply(9), threadRoot: 'z', mentions: [ME] }, ME), true);
  assert.equal(mayNowFollow(list, { ...root(3, 1), id: 'z', sender: { id: ME } }, ME), true);
  assert.equal(mayNowFollow(list, { ...reply(9), threadRoot: 'z', mentionsRoom: true }, ME), false);
  assert.equal(mayNowFollow(list, { ...reply(9), threadRoot: 'z' }, ME), false);
  assert.equal(mayNowFollow(list, { ...reply(9, 9, 'x', ME), threadRoot: 'a' }, ME), false, 'listed already');
  assert.equal(mayNowFollow(list, { ...root(3), id: 'z', sender: { id: ME } }, ME), false, 'an update of a message with no replies');
});

test('unfollowing drops the thread from the list, and only it', () => {
  assert.deepEqual(order(withoutThread([entry('a', 2), entry('b', 1)], 'a')), ['b']);
});

test("one's own reply in the open thread says Following again; nothing else does, with or without a panel open", () => {
  const reply = (sender, threadRoot = 'root') => ({ type: 'message', room: 'r1', seq: 9, rev: 9, threadRoot, sender: { id: sender } });
  const open = { rootId: 'root', following: false };
  assert.equal(followsAgain(open, reply(ME), ME), true);
  assert.equal(followsAgain({ ...open, following: true }, reply(ME), ME), false);
  assert.equal(followsAgain(open, reply('u-other'), ME), false);
  assert.equal(followsAgain(open, reply(ME, 'another'), ME), false);
  // No panel open: one's own top-level message or a reaction to it (no threadRoot) is no reply.
  const own = { type: 'update', room: 'r1', id: 'm1', seq: 1, rev: 2, sender: { id: ME } };
  assert.equal(followsAgain(null, own, ME), false);
  assert.equal(followsAgain(null, reply(ME), ME), false);
  assert.equal(followsAgain(open, own, ME), false);
});
