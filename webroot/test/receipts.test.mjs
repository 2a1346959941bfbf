// Read receipts: which message shows "Seen by", and when the page asks for its readers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { receiptTarget, seenByText, shouldAsk, SMALL_GROUP } from '../js/features/receipts/logic.js';

const ada = { id: 'u1', displayName: 'Ada' };
const direct = { id: 'r1', kind: 'direct', members: ['u1', 'u2'] };
const msg = (seq, sender, extra = {}) => ({ id: 'm' + seq, seq, sender: { id: sender }, ...extra });
const members = (n) => Array.from({ length: n }, (_, i) => 'u' + (i + 1));

test('one\'s own last message in a direct room shows "Seen by"', () => {
  const mine = msg(2, 'u1');
  assert.equal(receiptTarget(direct, [msg(1, 'u2'), mine], ada), mine);
});

test('nothing shows when the last message is someone else\'s, deleted or not sent yet', () => {
  assert.equal(receiptTarget(direct, [msg(1, 'u1'), msg(2, 'u2')], ada), null);
  assert.equal(receiptTarget(direct, [msg(1, 'u1', { deleted: true })], ada), null);
  assert.equal(receiptTarget(direct, [], ada), null);
});

test('groups of up to ten members show it, larger groups and channels do not', () => {
  const last = [msg(1, 'u1')];
  assert.ok(receiptTarget({ kind: 'group', members: members(SMALL_GROUP) }, last, ada));
  assert.equal(receiptTarget({ kind: 'group', members: members(SMALL_GROUP + 1) }, last, ada), null);
  assert.equal(receiptTarget({ kind: 'channel', members: members(2) }, last, ada), null);
  assert.equal(receiptTarget({ kind: 'self', members: ['u1'] }, last, ada), null);
});

test('with receipts turned off nothing shows', () => {
  assert.equal(receiptTarget(direct, [msg(1, 'u1')], { ...ada, readReceipts: false }), null);
});

test('the readers are asked for once when the message becomes the last, and again for a new last', () => {
  const target = msg(2, 'u1');
  assert.equal(shouldAsk('r1', target, null, null, 'u1'), true);
  assert.equal(shouldAsk('r1', target, { id: 'm2', readers: [] }, null, 'u1'), false);
  assert.equal(shouldAsk('r1', msg(3, 'u1'), { id: 'm2', readers: [] }, null, 'u1'), true);
  assert.equal(shouldAsk('r1', null, null, null, 'u1'), false);
});

test('another member\'s read event up to the message asks again; one\'s own, an earlier one or another room\'s does not', () => {
  const target = msg(5, 'u1');
  const asked = { id: 'm5', readers: [] };
  const read = (user, seq, room = 'r1') => ({ type: 'read', room, user, seq });
  assert.equal(shouldAsk('r1', target, asked, read('u2', 5), 'u1'), true);
  assert.equal(shouldAsk('r1', target, asked, read('u2', 7), 'u1'), true);
  assert.equal(shouldAsk('r1', target, asked, read('u1', 5), 'u1'), false);
  assert.equal(shouldAsk('r1', target, asked, read('u2', 4), 'u1'), false);
  assert.equal(shouldAsk('r1', target, asked, read('u2', 5, 'r2'), 'u1'), false);
});

test('"Seen by" names the readers, and says nothing before anyone read', () => {
  assert.equal(seenByText([{ id: 'u2', displayName: 'Bob' }, { id: 'u3', displayName: 'Cy' }]), 'Seen by Bob, Cy');
  assert.equal(seenByText([]), null);
});
