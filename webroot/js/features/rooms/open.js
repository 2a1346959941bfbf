// Opening a room (its stream registered first, then its newest page, events meanwhile merged by
// seq/rev) and closing it (the phone layout's way back to the list).
import { bus } from '../../core/connection.js';
import { $, show } from '../../core/ui.js';
import { onEvent, applyEvent } from '../../events.js';
import { closeThread, thread } from '../threads/store.js';
import { loadNewest, scrollIntent, timeline, timelineChanged } from '../timeline/store.js';
import { openRoomId, rooms } from './store.js';

let openStream = null;

export async function openRoom(roomId) {
  const room = rooms.get(roomId);
  if (!room) return;
  if (thread.value && thread.value.roomId !== roomId) closeThread(); // a thread is of the open room
  if (openStream) bus.unregister(openStream);
  openStream = 'room.' + roomId;
  sessionStorage.setItem('confab.openRoom', roomId);
  show($('empty-pane'), false);
  show($('room-view'), true);
  document.body.classList.add('in-room');
  show($('back'), true);
  const t = timeline(roomId);
  t.divider = (room.unread || 0) > 0 ? room.readSeq || 0 : null;
  scrollIntent.stick = true;
  openRoomId.value = roomId;
  // Subscribe first, then fetch: events during the fetch are merged by seq/rev.
  bus.register(openStream, onEvent);
  if (!t.loaded) await loadNewest(t, applyEvent);
  scrollIntent.stick = true;
  timelineChanged();
  if (window.matchMedia('(min-width: 700px)').matches) $('message-input').focus();
}

export function closeRoom() {
  closeThread();
  sessionStorage.removeItem('confab.openRoom');
  if (openStream) bus.unregister(openStream);
  openStream = null;
  openRoomId.value = null;
  show($('room-view'), false);
  show($('empty-pane'), true);
  show($('back'), false);
  document.body.classList.remove('in-room');
}

/** Signing out: no room is open, and its stream is gone with the others. */
export function forgetOpenRoom() {
  openStream = null;
  openRoomId.value = null;
  show($('room-view'), false);
  show($('empty-pane'), true);
}
