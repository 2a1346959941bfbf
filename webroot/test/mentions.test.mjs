// The mention parser: `@name` and `@room` in composer text, resolved to member ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MENTIONS, mentionFields, mentionPieces, mentionsUser, mentionTokens, resolveMentions } from '../js/features/mentions/parse.js';

const members = [
  { id: 'u1', displayName: 'Ada' },
  { id: 'u2', displayName: 'Ada Lovelace' },
  { id: 'u3', displayName: 'Grace' },
  { id: 'u4', displayName: 'Zoë' },
];

test('tokens are found at the start, after spaces and punctuation, with their place in the text', () => {
  assert.deepEqual(mentionTokens('@Ada hi, (@grace) and @room.'), [
    { start: 0, end: 4, name: 'Ada' },
    { start: 10, end: 16, name: 'grace' },
    { start: 22, end: 27, name: 'room' },
  ]);
});

test('an email address or a lone @ is no mention', () => {
  assert.deepEqual(mentionTokens('write to ada@example.org @ noon'), []);
  assert.deepEqual(resolveMentions('ada@example.org', members), { mentions: [], mentionsRoom: false });
});

test('@room mentions the whole room, in any case', () => {
  assert.deepEqual(resolveMentions('heads up @Room', members), { mentions: [], mentionsRoom: true });
});

test('a name resolves to its member, whatever the case; names with spaces take the longest match', () => {
  assert.deepEqual(resolveMentions('@ada lovelace and @GRACE', members).mentions, ['u2', 'u3']);
  assert.deepEqual(resolveMentions('@Ada, see this', members).mentions, ['u1']);
});

test('a name only matches whole: @Adam is not Ada', () => {
  assert.deepEqual(resolveMentions('@Adam', members).mentions, []);
});

test('names beyond ASCII are names', () => {
  assert.deepEqual(resolveMentions('merci @Zoë!', members).mentions, ['u4']);
});

test('a name that matches nobody stays plain text', () => {
  assert.deepEqual(resolveMentions('@nobody here', members), { mentions: [], mentionsRoom: false });
});

test('each person once, and at most the contract\'s 50', () => {
  assert.deepEqual(resolveMentions('@Grace @grace @Grace', members).mentions, ['u3']);
  const many = Array.from({ length: 60 }, (_, i) => ({ id: 'p' + i, displayName: 'p' + i }));
  const text = many.map((m) => '@' + m.displayName).join(' ');
  assert.equal(resolveMentions(text, many).mentions.length, MAX_MENTIONS);
});

test('the fields of a send: mentions and mentionsRoom only when there are some', () => {
  assert.deepEqual(mentionFields('@Grace and @room', members), { mentions: ['u3'], mentionsRoom: true });
  assert.deepEqual(mentionFields('no one', members), {});
});

test('a message\'s text splits into plain pieces and the mentions it carries, longest name first', () => {
  const text = 'ask @Ada Lovelace, @room and @Grace';
  assert.deepEqual(mentionPieces(text, [{ id: 'u2', displayName: 'Ada Lovelace' }], true), [
    { text: 'ask ' },
    { text: '@Ada Lovelace', mention: 'u2' },
    { text: ', ' },
    { text: '@room', mention: 'room' },
    { text: ' and @Grace' },
  ]);
});

test('@room is plain text when the message does not mention the room, and the pieces always make the text', () => {
  const text = 'hi @room, @Zoë!';
  const pieces = mentionPieces(text, [{ id: 'u4', displayName: 'Zoë' }], false);
  assert.deepEqual(pieces.filter((p) => p.mention).map((p) => p.text), ['@Zoë']);
  assert.equal(pieces.map((p) => p.text).join(''), text);
});

test('a message mentions a reader named in it or through @room, never in their own message or once deleted', () => {
  const ada = { id: 'u1' };
  assert.equal(mentionsUser({ sender: { id: 'u3' }, mentions: ['u1'] }, ada.id), true);
  assert.equal(mentionsUser({ sender: { id: 'u3' }, mentions: [], mentionsRoom: true }, ada.id), true);
  assert.equal(mentionsUser({ sender: { id: 'u3' }, mentions: ['u2'] }, ada.id), false);
  assert.equal(mentionsUser({ sender: { id: 'u1' }, mentionsRoom: true }, ada.id), false);
  assert.equal(mentionsUser({ sender: { id: 'u3' }, mentions: ['u1'], deleted: true }, ada.id), false);
});
