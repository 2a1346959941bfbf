// Reactions: what a click asks for and what the chips show (`update` events' merge: timeline.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chips, hasReacted, QUICK, toggleRequest } from '../js/features/reactions/logic.js';

const names = { u1: 'Ada', u2: 'Bob' };
const nameOf = (id) => names[id] || id;
const msg = (rev, reactions) => ({ type: 'message', id: 'm1', room: 'r1', seq: 1, rev, text: 'hi', ts: 1, reactions });

test('a click on an emoji one has not used adds it', () => {
  assert.deepEqual(toggleRequest('r1', msg(1, [{ emoji: '👍', users: ['u2'] }]), '👍', 'u1'), { room: 'r1', id: 'm1', emoji: '👍', on: true });
});

test('a click on one of one\'s own reactions removes it', () => {
  const m = msg(1, [{ emoji: '👍', users: ['u2', 'u1'] }]);
  assert.equal(hasReacted(m, '👍', 'u1'), true);
  assert.equal(toggleRequest('r1', m, '👍', 'u1').on, false);
});

test('a message without reactions (stored before v1.1) shows no chips and any click adds', () => {
  const m = { id: 'm1', seq: 1, rev: 1, text: 'old' };
  assert.deepEqual(chips(m, 'u1', nameOf), []);
  assert.equal(toggleRequest('r1', m, '🎉', 'u1').on, true);
});

test('chips keep the order of first use, count people, mark one\'s own and say who', () => {
  const m = msg(3, [{ emoji: '🎉', users: ['u2'] }, { emoji: '👍', users: ['u2', 'u1'] }]);
  assert.deepEqual(chips(m, 'u1', nameOf), [
    { emoji: '🎉', count: 1, mine: false, who: 'Bob reacted with 🎉' },
    { emoji: '👍', count: 2, mine: true, who: 'Bob, You reacted with 👍' },
  ]);
});

test('the quick picker offers a small fixed set of distinct emoji', () => {
  assert.ok(QUICK.length >= 6 && QUICK.length <= 10);
  assert.equal(new Set(QUICK).size, QUICK.length);
});
