// The mention parser: `@name` and `@room` in composer text, resolved to member ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MENTIONS, mentionTokens, resolveMentions } from '../js/features/mentions/parse.js';

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
