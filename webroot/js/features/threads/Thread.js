// Threads in the room's timeline: the "N replies" under a root, which opens the thread panel, and the
// message menu's "Reply in thread".
import { html } from '../../core/html.js';
import { openRoomId } from '../rooms/store.js';
import { repliesLabel } from './logic.js';
import { openThread } from './store.js';

export function ThreadSummary({ m }) {
  const label = repliesLabel(m);
  return label && html`<button type="button" class="link thread-summary" data-root=${m.id}
      onClick=${() => openThread(openRoomId.value, m.id)}>${label}</button>`;
}

export function ReplyAction({ m }) {
  return html`<button type="button" class="act" aria-label="Reply in thread" title="Reply in thread"
      onClick=${() => openThread(openRoomId.value, m.id)}>Reply</button>`;
}
