// The read marker: moved (chat.read) when the open room's newest message is on screen, the page is
// visible and the timeline is scrolled to its bottom.
import { bus, req } from '../../core/connection.js';
import { ignoreRequestFailure } from '../../core/failures.js';
import { $ } from '../../core/ui.js';
import { openRoomId, rooms, roomsChanged } from '../rooms/store.js';
import { timelines } from './store.js';

let inFlight = false;

export function markRead() {
  const room = rooms.get(openRoomId.value);
  const t = timelines.get(openRoomId.value);
  if (!room || !t || !t.loaded || document.visibilityState !== 'visible' || inFlight) return;
  const wrap = $('timeline-wrap');
  if (wrap.scrollHeight - wrap.scrollTop - wrap.clientHeight > 60) return;
  const seq = Math.max(t.maxSeq, room.lastSeq || 0);
  if (seq <= (room.readSeq || 0) || !bus.connected) {
    if (room.unread || room.mentions) {
      room.unread = 0;
      room.mentions = 0;
      roomsChanged();
    }
    return;
  }
  room.readSeq = seq;
  room.unread = 0;
  room.mentions = 0;
  roomsChanged();
  inFlight = true;
  // Best effort: the marker moves again with the next read.
  req('chat.read', { room: room.id, seq }).catch(ignoreRequestFailure).finally(() => { inFlight = false; });
}
