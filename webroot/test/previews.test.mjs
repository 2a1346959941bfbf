// Link previews: which cards a message shows and what they hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cards, safeUrl } from '../js/features/previews/logic.js';

test('a preview becomes a card with its site name, title and description', () => {
  assert.deepEqual(cards([{ url: 'https://example.org/a', title: 'A page', description: 'About it', siteName: 'Example' }]),
    [{ href: 'https://example.org/a', title: 'A page', description: 'About it', site: 'Example' }]);
});

test('without a site name the card names the link\'s host', () => {
  assert.equal(cards([{ url: 'http://news.example.com:8080/x', title: 'T' }])[0].site, 'news.example.com:8080');
});

test('only http and https links become cards', () => {
  const bad = ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'mailto:a@example.org', 'ftp://example.org/', 'not a url', 42, null];
  for (const url of bad) assert.deepEqual(cards([{ url, title: 'x' }]), [], String(url));
  assert.equal(safeUrl('JAVASCRIPT:alert(1)'), null);
  assert.equal(safeUrl('HTTPS://Example.org/'), 'https://example.org/');
});

test('a message without previews, or with a preview that has nothing to show, shows no card', () => {
  assert.deepEqual(cards(undefined), []);
  assert.deepEqual(cards('nope'), []);
  assert.deepEqual(cards([{ url: 'https://example.org/', siteName: 'Only a site' }]), []);
});

test('at most three cards, text kept as text', () => {
  const four = [1, 2, 3, 4].map((n) => ({ url: `https://example.org/${n}`, title: `<b>${n}</b>` }));
  const shown = cards(four);
  assert.equal(shown.length, 3);
  assert.equal(shown[0].title, '<b>1</b>');
});
