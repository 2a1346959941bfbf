// A room's custom emoji in text: `:name:` drawn as the room's picture in Markdown's text only (never in
// code), unknown names kept as typed; reactions; the `:` autocomplete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownTree } from '../js/features/timeline/markdown.js';
import { activeQuery, applyEmojiAnswer, applyEmojiEvent, askEmoji, byName, emojiPieces, pick, reactionEmoji, suggestions } from '../js/features/emoji/logic.js';

const parrot = { name: 'party_parrot', url: '/emoji/e1', createdBy: 'u1', createdAt: 1 };
const wave = { name: 'wave-2', url: '/emoji/e2', createdBy: 'u1', createdAt: 2 };
const known = byName([parrot, wave]);

/** The tree with each drawn emoji as [name], to compare. */
function written(nodes) {
  return nodes.map((n) => {
    if (typeof n === 'string') return n;
    if (n.emoji) return '[' + n.emoji.name + ']';
    return n.tag ? `<${n.tag}>${written(n.children)}</${n.tag}>` : written(n.children);
  }).join('');
}
const drawn = (source) => written(markdownTree(source, (text) => emojiPieces(text, known)));

test('a known :name: in text is the room\'s emoji, between words and beside another', () => {
  assert.equal(drawn('so :party_parrot: much'), '<p>so [party_parrot] much</p>');
  assert.equal(drawn(':wave-2::party_parrot:'), '<p>[wave-2][party_parrot]</p>');
});

test('an unknown :name: stays the text typed', () => {
  assert.equal(drawn('a :nope: and :party_parrot:'), '<p>a :nope: and [party_parrot]</p>');
});

test('inside inline code and a code block a known :name: stays text', () => {
  assert.equal(drawn('`:party_parrot:`'), '<p><code>:party_parrot:</code></p>');
  assert.equal(drawn('```\n:party_parrot:\n```'), '<pre><code>:party_parrot:</code></pre>');
});

test('in emphasis, a list and a link\'s text a known :name: is drawn', () => {
  assert.equal(drawn('**:wave-2:**'), '<p><strong>[wave-2]</strong></p>');
  assert.equal(drawn('- :wave-2: one'), '<ul><li>[wave-2] one</li></ul>');
});

test('a room without emoji leaves every text as it is', () => {
  assert.deepEqual(emojiPieces('x :party_parrot: y', new Map()), ['x :party_parrot: y']);
  assert.deepEqual(emojiPieces('no colons', known), ['no colons']);
});

test('a name longer than 32 or with other characters is no emoji', () => {
  assert.deepEqual(emojiPieces(':' + 'a'.repeat(33) + ':', byName([{ name: 'a'.repeat(32), url: '/emoji/x' }])), [':' + 'a'.repeat(33) + ':']);
  assert.deepEqual(emojiPieces(':party parrot:', known), [':party parrot:']);
});

test('a reaction :name: the room has is its emoji; an unknown one or a plain emoji is text', () => {
  assert.equal(reactionEmoji(':party_parrot:', known), parrot);
  assert.equal(reactionEmoji(':nope:', known), null);
  assert.equal(reactionEmoji('👍', known), null);
});

test('a : after a space starts a query; inside a word or a time it does not', () => {
  assert.deepEqual(activeQuery('hi :par', 7), { start: 3, query: 'par' });
  assert.deepEqual(activeQuery(':w', 2), { start: 0, query: 'w' });
  assert.equal(activeQuery('at 10:3', 7), null);
  assert.equal(activeQuery('hi :', 4), null);
  assert.equal(activeQuery('hi :par x', 9), null);
});

test('suggestions: names starting with the query first, then those holding it', () => {
  const list = [{ name: 'ok_hand' }, { name: 'hand_wave' }, { name: 'handshake' }];
  assert.deepEqual(suggestions('HAND', list).map((e) => e.name), ['hand_wave', 'handshake', 'ok_hand']);
});

test('picking an emoji puts :name: and a space in place of the query', () => {
  assert.deepEqual(pick('so :par!', { start: 3 }, 7, parrot), { text: 'so :party_parrot: !', caret: 18 });
});

test('an emoji event replaces the room\'s list; one without a list changes nothing', () => {
  const lists = new Map([['r1', [parrot]]]);
  assert.equal(applyEmojiEvent(lists, new Map(), { type: 'emoji', room: 'r1', emoji: [wave] }), true);
  assert.deepEqual(lists.get('r1'), [wave]);
  assert.equal(applyEmojiEvent(lists, new Map(), { type: 'emoji', room: 'r1' }), false);
});

test('an answer to an ask made before an emoji event does not undo the event\'s list', () => {
  const lists = new Map();
  const asks = new Map();
  const ask = askEmoji(asks, 'r1');
  applyEmojiEvent(lists, asks, { type: 'emoji', room: 'r1', emoji: [parrot, wave] });
  assert.equal(applyEmojiAnswer(lists, asks, 'r1', ask, [parrot]), false);
  assert.deepEqual(lists.get('r1'), [parrot, wave]);
});

test('only the latest ask of a room is answered; its answer is kept', () => {
  const lists = new Map();
  const asks = new Map();
  const first = askEmoji(asks, 'r1');
  const second = askEmoji(asks, 'r1');
  assert.equal(applyEmojiAnswer(lists, asks, 'r1', second, [wave]), true);
  assert.equal(applyEmojiAnswer(lists, asks, 'r1', first, [parrot]), false);
  assert.deepEqual(lists.get('r1'), [wave]);
});
