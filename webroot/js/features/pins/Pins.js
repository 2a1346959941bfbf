// Pins on the page: the header's count that opens the list (a click jumps to a loaded message), and
// the Pin/Unpin action of a message's menu. The room's `pinned` comes with the room and its `pins`
// and `room` events (events.js), so both pages show a change without asking.
import { req } from '../../core/connection.js';
import { html } from '../../core/html.js';
import { senderName } from '../../core/people.js';
import { me } from '../../core/session.js';
import { errorText, toast } from '../../core/ui.js';
import { closeDialog, openDialog } from '../dialogs/dialog.js';
import { rooms, roomsVersion } from '../rooms/store.js';
import { messagesOf } from '../timeline/merge.js';
import { timelines } from '../timeline/store.js';
import { canPin, isPinned, pinnedList, pinRequest } from './logic.js';

async function togglePin(room, m) {
  try {
    await req('chat.pin', pinRequest(room, m));
  } catch (e) {
    toast(errorText(e));
  }
}

/** Scrolls to the message and focuses it, when it is loaded. */
function jumpTo(id) {
  closeDialog();
  const li = document.querySelector(`#timeline li.msg[data-id="${CSS.escape(id)}"]`);
  if (!li) return;
  li.scrollIntoView({ block: 'center' });
  li.focus();
}

function PinnedList({ room }) {
  const t = timelines.get(room.id);
  return html`<ul class="pinned-list">
    ${pinnedList(room, t ? messagesOf(t) : []).map(({ id, message }) => html`<li key=${id}>
      ${message
        ? html`<button type="button" class="pinned-item" data-id=${id} onClick=${() => jumpTo(id)}>
            <span class="sender">${senderName(message.sender)}</span>
            <span class="text">${message.deleted ? 'This message was deleted.' : message.text}</span></button>`
        : html`<span class="hint">An older message (scroll up in the room to load it).</span>`}
    </li>`)}
  </ul>`;
}

/** The header's pin count; nothing when the room has no pins. */
export function PinsButton({ room }) {
  const count = room.pinned?.length || 0;
  if (count === 0) return null;
  return html`<button id="pins" type="button" title="Pinned messages" aria-label=${count + ' pinned ' + (count === 1 ? 'message' : 'messages')}
      onClick=${() => openDialog({ title: 'Pinned messages', body: html`<${PinnedList} room=${rooms.get(room.id)} />` })}>Pinned ${count}</button>`;
}

/** The message menu's Pin or Unpin, for those who may. */
export function PinAction({ roomId, m }) {
  roomsVersion.value; // drawn again when the pins change (the message, its prop, stays the same object)
  const room = rooms.get(roomId);
  if (!canPin(room, me.value.id)) return null;
  const pinned = isPinned(room, m.id);
  return html`<button type="button" class="act" aria-label=${pinned ? 'Unpin message' : 'Pin message'}
      onClick=${() => togglePin(room, m)}>${pinned ? 'Unpin' : 'Pin'}</button>`;
}
