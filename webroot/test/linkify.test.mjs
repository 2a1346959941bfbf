// Links in message text: only http(s), trailing punctuation left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkPieces } from '../js/features/timeline/linkify.js';

test('a link in a sentence is a piece of its own, without the full stop after it', () => {
  assert.deepEqual(linkPieces('see https://example.org/a?b=1. ok'), [
    { text: 'see ' }, { text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' }, { text: '. ok' },
  ]);
});

test('text without links is one piece, and other schemes are never links', () => {
  assert.deepEqual(linkPieces('javascript:alert(1) and ftp://x'), [{ text: 'javascript:alert(1) and ftp://x' }]);
});
