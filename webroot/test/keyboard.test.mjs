import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addShortcut, lastOwnMessage, matchRooms, neighbour, shortcutFor, shortcuts } from '../js/features/keyboard/shortcuts.js';

const key = (k, mods = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
const id = (ev, ctx) => shortcutFor(ev, ctx)?.id ?? null;

test('Ctrl+K and Cmd+K switch rooms, even while typing', () => {
  assert.equal(id(key('k', { ctrlKey: true }), { typing: true }), 'switch-room');
  assert.equal(id(key('K', { metaKey: true })), 'switch-room');
  assert.equal(id(key('k')), null);
});

test('? opens the help, but not while typing', () => {
  assert.equal(id(key('?', { shiftKey: true })), 'help');
  assert.equal(id(key('?', { shiftKey: true }), { typing: true }), null);
});

test('Alt+Up and Alt+Down move between rooms', () => {
  assert.equal(id(key('ArrowUp', { altKey: true }), { typing: true }), 'previous-room');
  assert.equal(id(key('ArrowDown', { altKey: true })), 'next-room');
});

test('Up edits the last message only from the empty message box', () => {
  assert.equal(id(key('ArrowUp'), { typing: true, emptyComposer: true }), 'edit-last');
  assert.equal(id(key('ArrowUp'), { typing: true, emptyComposer: false }), null);
  assert.equal(id(key('ArrowUp')), null);
});

test('a key being composed (an input method) is no shortcut', () => {
  assert.equal(id({ ...key('k', { ctrlKey: true }), isComposing: true }), null);
});

test('every shortcut is listed once with its keys and what it does, and another feature can join the table', () => {
  addShortcut({ id: 'search', keys: '/', does: 'Search messages', whileTyping: false, match: (ev) => ev.key === '/' });
  addShortcut({ id: 'search', keys: '/', does: 'again', match: () => false });
  assert.equal(new Set(shortcuts.map((s) => s.id)).size, shortcuts.length);
  for (const s of shortcuts) assert.ok(s.keys && s.does, s.id);
  assert.equal(id(key('/')), 'search');
});

test('the room switcher matches every word, unread rooms first', () => {
  const rooms = [{ id: 1, title: 'Team chat', unread: 0 }, { id: 2, title: 'Ada Lovelace', unread: 0 }, { id: 3, title: 'Chat about tea', unread: 4 }];
  assert.deepEqual(matchRooms(rooms, 'chat').map((r) => r.id), [3, 1]);
  assert.deepEqual(matchRooms(rooms, 'ABOUT chat').map((r) => r.id), [3]);
  assert.deepEqual(matchRooms(rooms, '').map((r) => r.id), [3, 1, 2]);
});

test('the neighbouring room stops at the ends, and starts at an end when none is open', () => {
  assert.equal(neighbour(['a', 'b', 'c'], 'b', 1), 'c');
  assert.equal(neighbour(['a', 'b', 'c'], 'a', -1), null);
  assert.equal(neighbour(['a', 'b', 'c'], null, 1), 'a');
  assert.equal(neighbour(['a', 'b', 'c'], null, -1), 'c');
});

test('the last own message skips others\', deleted and unsent ones', () => {
  const messages = [{ id: '1', sender: { id: 'me' } }, { id: '2', sender: { id: 'me' }, deleted: true }, { id: '3', sender: { id: 'ada' } }];
  assert.equal(lastOwnMessage(messages, 'me').id, '1');
  assert.equal(lastOwnMessage([], 'me'), null);
});
