import { test } from 'node:test';
import assert from 'node:assert/strict';
import { avatarRefusal, colourOf, hueOf, initials, sizedUrl } from '../js/features/avatars/logic.js';

test('initials take the first letters of the first and last words', () => {
  assert.equal(initials('Ada King Lovelace'), 'AL');
  assert.equal(initials('  grace   hopper '), 'GH');
});

test('a single word gives its first two letters, an empty name a question mark', () => {
  assert.equal(initials('bob'), 'BO');
  assert.equal(initials(''), '?');
  assert.equal(initials(undefined), '?');
});

test('initials keep letters outside the basic plane whole', () => {
  assert.equal(initials('𝒜lice 𝒵oe'), '𝒜𝒵');
});

test('the colour is the same for the same id, and ids spread over the hues', () => {
  assert.equal(colourOf('u-1'), colourOf('u-1'));
  const hues = new Set(Array.from({ length: 50 }, (_, i) => hueOf('user-' + i)));
  assert.ok(hues.size > 30, 'hues: ' + hues.size);
  for (const hue of hues) assert.ok(hue >= 0 && hue < 360);
});

test('small places ask for the 128 px size, large ones for the 512 px one', () => {
  assert.equal(sizedUrl('/avatars/a', 32), '/avatars/a?size=128');
  assert.equal(sizedUrl('/avatars/a', 200), '/avatars/a');
  assert.equal(sizedUrl(undefined, 32), null);
});

test('an avatar upload refused as too large or not a picture is said in words; other refusals as the server says them', () => {
  assert.match(avatarRefusal(413), /too large: an avatar is at most 2 MB/);
  assert.match(avatarRefusal(415), /not a picture Confab can use/);
  assert.equal(avatarRefusal(400), null);
});
