// Pins: a room's `pinned` kept from `pins` events, who may pin, and the header's list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPins, canPin, isPinned, pinnedList, pinRequest } from '../js/features/pins/logic.js';

const group = { id: 'r1', kind: 'group', members: ['u1', 'u2'], admins: ['u1'], pinned: [] };

test('a pins event replaces the room\'s pinned with a new room object', () => {
  const rooms = new Map([['r1', group]]);
  assert.equal(applyPins(rooms, { type: 'pins', room: 'r1', pinned: ['m2', 'm1'] }), true);
  assert.deepEqual(rooms.get('r1').pinned, ['m2', 'm1']);
  assert.notEqual(rooms.get('r1'), group, 'changed in place, the header would not redraw');
});

test('a pins event for a room the page does not hold changes nothing', () => {
  const rooms = new Map([['r1', group]]);
  assert.equal(applyPins(rooms, { type: 'pins', room: 'r9', pinned: ['m1'] }), false);
  assert.equal(rooms.size, 1);
});

test('the menu pins an unpinned message and unpins a pinned one', () => {
  const room = { ...group, pinned: ['m1'] };
  assert.equal(isPinned(room, 'm1'), true);
  assert.deepEqual(pinRequest(room, { id: 'm1' }), { room: 'r1', id: 'm1', on: false });
  assert.deepEqual(pinRequest(room, { id: 'm2' }), { room: 'r1', id: 'm2', on: true });
});

test('any member pins in a group or direct room, only admins in a channel', () => {
  assert.equal(canPin(group, 'u2'), true);
  assert.equal(canPin({ ...group, kind: 'direct', admins: [] }, 'u2'), true);
  const channel = { ...group, kind: 'channel' };
  assert.equal(canPin(channel, 'u1'), true);
  assert.equal(canPin(channel, 'u2'), false);
});

test('the list keeps the most recent pin first, with the message where the timeline holds it', () => {
  const room = { ...group, pinned: ['m3', 'm1'] };
  const m1 = { id: 'm1', seq: 1, text: 'first' };
  assert.deepEqual(pinnedList(room, [m1, { id: 'm2', seq: 2 }]), [{ id: 'm3', message: null }, { id: 'm1', message: m1 }]);
  assert.deepEqual(pinnedList({ ...group, pinned: undefined }, [m1]), [], 'a v1.0 room has no pinned');
});
