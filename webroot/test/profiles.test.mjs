// People's profiles in the order they came: a directory answer read before a profile event that reached
// the page while the lookup was out does not undo the event (core/people.js's resolveNames).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileClock } from '../js/core/profiles.js';

test('a lookup asked before a profile event does not bring back the older profile', () => {
  const profiles = profileClock();
  const askedAt = profiles.asking();
  profiles.learnt('bob'); // his profile event, while the lookup is out
  assert.equal(profiles.current('bob', askedAt), false);
  assert.equal(profiles.current('cy', askedAt), true);
});

test('a lookup asked after a profile event is taken', () => {
  const profiles = profileClock();
  profiles.learnt('bob');
  assert.equal(profiles.current('bob', profiles.asking()), true);
});

test('of two lookups out at once, the older one answered last is not taken over the newer', () => {
  const profiles = profileClock();
  const older = profiles.asking();
  profiles.learnt('bob'); // something taken between the two asks
  const newer = profiles.asking();
  assert.equal(profiles.current('ada', newer), true);
  profiles.learnt('ada'); // the newer answer, taken first
  assert.equal(profiles.current('ada', older), false);
});
