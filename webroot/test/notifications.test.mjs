import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notificationOf, shouldNotify, titleWith, unreadTotal } from '../js/features/notifications/logic.js';

const me = 'me';
const dm = { id: 'd', kind: 'direct' };
const group = { id: 'g', kind: 'group' };
const from = (text, extra = {}) => ({ sender: { id: 'ada', displayName: 'Ada' }, text, ...extra });
const hiddenGranted = { meId: me, hidden: true, permission: 'granted' };

test('a direct message raises a notification while the tab is hidden', () => {
  assert.equal(shouldNotify({ ...hiddenGranted, message: from('hi'), room: dm }), true);
});

test('nothing is raised while the tab is shown, without permission, or for one\'s own message', () => {
  assert.equal(shouldNotify({ ...hiddenGranted, hidden: false, message: from('hi'), room: dm }), false);
  assert.equal(shouldNotify({ ...hiddenGranted, permission: 'default', message: from('hi'), room: dm }), false);
  assert.equal(shouldNotify({ ...hiddenGranted, message: { sender: { id: me }, text: 'mine' }, room: dm }), false);
});

test('in a group only a mention of the person or of the room raises one', () => {
  assert.equal(shouldNotify({ ...hiddenGranted, message: from('hi all'), room: group }), false);
  assert.equal(shouldNotify({ ...hiddenGranted, message: from('@me', { mentions: [me] }), room: group }), true);
  assert.equal(shouldNotify({ ...hiddenGranted, message: from('@room', { mentionsRoom: true }), room: group }), true);
});

test('a muted room raises none, even for a direct message or a mention', () => {
  assert.equal(shouldNotify({ ...hiddenGranted, message: from('hi'), room: { ...dm, muted: true } }), false);
  assert.equal(shouldNotify({ ...hiddenGranted, message: from('@me', { mentions: [me] }), room: { ...group, muted: true } }), false);
});

test('the title counts unread messages of rooms that are not muted', () => {
  const total = unreadTotal([{ unread: 2 }, { unread: 5, muted: true }, { unread: 1 }, {}]);
  assert.equal(total, 3);
  assert.equal(titleWith('Confab', total), '(3) Confab');
  assert.equal(titleWith('Confab', 0), 'Confab');
  assert.equal(titleWith('Confab', 120), '(99+) Confab');
});

test('the notification names the sender, and the room for a mention in a group', () => {
  assert.deepEqual(notificationOf(from('hello'), dm, 'Ada'), { title: 'Ada', body: 'hello', tag: 'confab-d' });
  assert.equal(notificationOf(from('@me'), group, 'Team').title, 'Ada in Team');
  assert.equal(notificationOf(from('x'.repeat(300)), dm, 'Ada').body.length, 140);
});
