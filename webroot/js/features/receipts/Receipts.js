// "Seen by" under one's own last message: its readers, asked for (chat.readers) when that message
// becomes the room's last and again when another member's read event reaches it.
import { signal } from '@preact/signals';
import { req } from '../../core/connection.js';
import { ignoreRequestFailure } from '../../core/failures.js';
import { html } from '../../core/html.js';
import { me } from '../../core/session.js';
import { rooms } from '../rooms/store.js';
import { topLevel } from '../threads/logic.js';
import { messagesOf } from '../timeline/merge.js';
import { receiptTarget, seenByText, shouldAsk } from './logic.js';

/** The readers last answered: {id, readers} (a new object each time, so the view redraws). */
export const seen = signal(null);

/** The open timeline's message that shows "Seen by" (replies are in their thread), or null. */
export function receiptOf(t) {
  return t ? receiptTarget(rooms.get(t.roomId), topLevel(messagesOf(t)), me.value) : null;
}

async function ask(roomId, target) {
  seen.value = { id: target.id, readers: seen.value?.id === target.id ? seen.value.readers : [] };
  try {
    const readers = await req('chat.readers', { room: roomId, id: target.id });
    if (seen.value?.id === target.id) seen.value = { id: target.id, readers };
  } catch (e) {
    ignoreRequestFailure(e);
    console.warn('readers not had', target.id, e); // "Seen by" is a nicety: no toast
  }
}

/** After the open room's timeline is drawn (and on a read event, with it): asks for readers when needed. */
export function checkReceipts(t, ev) {
  const target = receiptOf(t);
  if (shouldAsk(t?.roomId, target, seen.value, ev, me.value?.id)) ask(t.roomId, target);
}

/** Under the message receiptOf answers. */
export function SeenBy({ m }) {
  const text = seen.value?.id === m.id ? seenByText(seen.value.readers) : null;
  return text && html`<p class="seen-by">${text}</p>`;
}
