// Search on the page: its shortcuts, what it asks, results grouped by room, and loading back to a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendResults, groupByRoom, loadBackTo, opensSearch, resultTarget, searchBody } from '../js/features/search/logic.js';
import { createTimeline, mergeNewest } from '../js/features/timeline/merge.js';

const key = (key, extra = {}) => ({ key, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, target: { tagName: 'BODY' }, ...extra });
const result = (id, room, seq = 1) => ({ message: { id, room, seq, text: id }, highlights: [id] });

test('"/" opens search unless typing in a field; Ctrl+Shift+F opens it anywhere', () => {
  assert.equal(opensSearch(key('/')), true);
  assert.equal(opensSearch(key('/', { target: { tagName: 'TEXTAREA' } })), false);
  assert.equal(opensSearch(key('/', { target: { tagName: 'INPUT' } })), false);
  assert.equal(opensSearch(key('/', { target: { tagName: 'DIV', isContentEditable: true } })), false);
  assert.equal(opensSearch(key('F', { ctrlKey: true, shiftKey: true, target: { tagName: 'TEXTAREA' } })), true);
  assert.equal(opensSearch(key('f', { ctrlKey: true })), false, 'Ctrl+F stays the browser\'s find');
  assert.equal(opensSearch(key('a')), false);
});

test('the query is trimmed; nothing or more than 200 characters asks nothing', () => {
  assert.deepEqual(searchBody('  élan  '), { q: 'élan', limit: 20 });
  assert.deepEqual(searchBody('élan', 'c1'), { q: 'élan', limit: 20, cursor: 'c1' });
  assert.equal(searchBody('   '), null);
  assert.deepEqual(searchBody('字'.repeat(200)).q.length, 200, '200 code points are allowed');
  assert.equal(searchBody('😀'.repeat(201)), null, 'counted in code points, not UTF-16 units');
});

test('results are grouped by room in the order of each room\'s newest result', () => {
  const groups = groupByRoom([result('m5', 'r2'), result('m4', 'r1'), result('m3', 'r2')]);
  assert.deepEqual(groups.map((g) => g.room), ['r2', 'r1']);
  assert.deepEqual(groups[0].results.map((r) => r.message.id), ['m5', 'm3']);
});

test('a next page adds only messages not shown yet', () => {
  const shown = [result('m5', 'r1'), result('m4', 'r1')];
  assert.deepEqual(appendResults(shown, [result('m4', 'r1'), result('m2', 'r1')]).map((r) => r.message.id), ['m5', 'm4', 'm2']);
});

test('loading back to a message asks older pages until the timeline holds its seq', async () => {
  const t = createTimeline('r1');
  const msg = (seq) => ({ id: 'm' + seq, room: 'r1', seq, rev: seq, ts: seq, text: 't' + seq });
  mergeNewest(t, { messages: [msg(9), msg(10)], hasMore: true });
  const asked = [];
  const fetchOlder = async (before, limit) => {
    asked.push(before);
    const from = Math.max(1, before - 3);
    const messages = [];
    for (let s = from; s < before; s++) messages.push(msg(s));
    return { messages, hasMore: from > 1 };
  };
  assert.equal(await loadBackTo(t, 4, fetchOlder), true);
  assert.deepEqual(asked, [9, 6], 'two pages: 6-8, then 3-5');
  assert.equal(await loadBackTo(t, 9, fetchOlder), true);
  assert.deepEqual(asked, [9, 6], 'nothing asked for a message already held');
});

test('a result that is a reply opens its room at the root with the thread at the reply; any other, the room at the message', () => {
  assert.deepEqual(resultTarget({ id: 'm5', room: 'r1', seq: 5, threadRoot: 'm1' }), { room: 'r1', root: 'm1', focus: 'm5' });
  assert.deepEqual(resultTarget({ id: 'm1', room: 'r1', seq: 1 }), { room: 'r1', seq: 1, focus: 'm1' });
});
