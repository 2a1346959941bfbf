// Who is typing in each room (for four seconds after their last typing event), shown under the timeline.
import { signal } from '@preact/signals';
import { html } from '../../core/html.js';
import { nameOf, peopleVersion } from '../../core/people.js';
import { openRoomId } from '../rooms/store.js';

const SHOWN_MS = 4000;
const typing = new Map(); // roomId -> Map(userId -> until)
const typingVersion = signal(0);

export function startedTyping(roomId, userId) {
  if (!typing.has(roomId)) typing.set(roomId, new Map());
  typing.get(roomId).set(userId, Date.now() + SHOWN_MS);
  typingVersion.value++;
  setTimeout(() => { typingVersion.value++; }, SHOWN_MS + 100);
}

/** Their message came: they are no longer typing it. */
export function stoppedTyping(roomId, userId) {
  if (typing.get(roomId)?.delete(userId)) typingVersion.value++;
}

export function forgetTyping() {
  typing.clear();
  typingVersion.value++;
}

export function Typing() {
  typingVersion.value;
  peopleVersion.value;
  const now = Date.now();
  const who = [];
  for (const [user, until] of typing.get(openRoomId.value) || []) if (until > now) who.push(nameOf(user));
  return html`${who.length === 0 ? '' : who.length === 1 ? who[0] + ' is typing…' : who.join(', ') + ' are typing…'}`;
}
