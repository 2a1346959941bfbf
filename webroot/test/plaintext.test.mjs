// A message's text as one line without the Markdown's marks: the room list's last-message preview and
// search hits (buttons, which must hold no link) show it so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainText } from '../js/features/timeline/markdown.js';

const cases = [
  ['emphasis and a link give their words', '**bold**, _it_ and [a](http://x)', 'bold, it and a'],
  ['a mention stays as written', '@Ada Lovelace look', '@Ada Lovelace look'],
  ['inline code keeps its content, marks included', 'run `x *y*`', 'run x *y*'],
  ['a code block keeps its content', '```js\nlet a = 1;\n```', 'let a = 1;'],
  ['list items and blocks are one space apart', '- one\n- two\n\n> quoted', 'one two quoted'],
  ['a heading gives its words', '# Title\nbody', 'Title body'],
  ['line breaks become spaces', 'line 1\nline 2', 'line 1 line 2'],
  ['an image gives its description, else its address', '![a cat](http://x/c.png) ![](http://x/d.png)', 'a cat http://x/d.png'],
  ['raw HTML stays text', 'a <b>bold</b> move', 'a <b>bold</b> move'],
  ['escaped marks are shown', '\\*not emphasis\\*', '*not emphasis*'],
  ['a link to a refused scheme stays as written', '[x](javascript:alert(1))', '[x](javascript:alert(1))'],
  ['a bare URL stays as written', 'see https://example.org/a', 'see https://example.org/a'],
  ['nothing gives nothing', '', ''],
];

for (const [what, source, expected] of cases) {
  test(`plain text: ${what}`, () => assert.equal(plainText(source), expected));
}

test('plain text of no text at all (a message with only a file) is empty', () => {
  assert.equal(plainText(undefined), '');
  assert.equal(plainText(null), '');
});
