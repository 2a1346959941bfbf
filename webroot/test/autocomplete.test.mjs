// The `@` autocomplete: what is being typed, who matches it, and the text once a name is picked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeQuery, pick, ROOM_CHOICE, suggestions } from '../js/features/mentions/autocomplete.js';
import { resolveMentions } from '../js/features/mentions/parse.js';

const ME = 'u0';
const members = [
  { id: ME, displayName: 'Adèle Me' },
  { id: 'u1', displayName: 'Ada Lovelace' },
  { id: 'u2', displayName: 'Émile Zola' },
  { id: 'u3', displayName: 'Grace Hopper' },
  { id: 'u4', displayName: 'Adam Smith' },
];
const names = (list) => list.map((m) => m.displayName);

test('an @ before the caret opens a query, at the start or after a space, not inside a word', () => {
  assert.deepEqual(activeQuery('hi @ad', 6), { start: 3, query: 'ad' });
  assert.deepEqual(activeQuery('@', 1), { start: 0, query: '' });
  assert.equal(activeQuery('ada@ex', 6), null);
  assert.equal(activeQuery('no at here', 10), null);
});

test('a query may hold a space (names do), but not a line break or a leading space', () => {
  assert.deepEqual(activeQuery('@Ada Lo', 7), { start: 0, query: 'Ada Lo' });
  assert.equal(activeQuery('@Ada\nLo', 7), null);
  assert.equal(activeQuery('@ ada', 5), null);
});

test('only what is before the caret counts', () => {
  assert.deepEqual(activeQuery('@gr and more', 3), { start: 0, query: 'gr' });
});

test('members match by the start of their name, whatever the case and accents, the caller left out', () => {
  assert.deepEqual(names(suggestions('ADA', members, ME)), ['Ada Lovelace', 'Adam Smith']);
  assert.deepEqual(names(suggestions('emi', members, ME)), ['Émile Zola']);
  assert.deepEqual(names(suggestions('adè', members, ME)), [], 'the caller is never suggested');
});

test('a word of the name matches too, after the names that start with the query', () => {
  assert.deepEqual(names(suggestions('hop', members, ME)), ['Grace Hopper']);
  assert.deepEqual(names(suggestions('s', [...members, { id: 'u5', displayName: 'Sam' }], ME)), ['Sam', 'Adam Smith']);
});

test('@room is offered while the query is a start of "room"', () => {
  assert.deepEqual(suggestions('ro', members, ME), [ROOM_CHOICE]);
  assert.equal(suggestions('', members, ME).at(-1), ROOM_CHOICE);
  assert.deepEqual(suggestions('roomy', members, ME), []);
});

test('at most eight choices', () => {
  const many = Array.from({ length: 20 }, (_, i) => ({ id: 'p' + i, displayName: 'Pat ' + i }));
  assert.equal(suggestions('pat', many, ME).length, 8);
});

test('picking replaces the query with @Name and a space, the caret after it, and the parser resolves it', () => {
  const text = 'ask @ada about it';
  const picked = pick(text, activeQuery(text, 8), 8, members[1]);
  assert.deepEqual(picked, { text: 'ask @Ada Lovelace about it', caret: 18 });
  assert.deepEqual(resolveMentions(picked.text, members).mentions, ['u1']);
});

test('picking @room makes a room mention', () => {
  const picked = pick('hey @r', { start: 4, query: 'r' }, 6, ROOM_CHOICE);
  assert.equal(picked.text, 'hey @room ');
  assert.equal(resolveMentions(picked.text, members).mentionsRoom, true);
});
