// Live events (the user stream, the open room's stream, and sent messages) into each feature's store.
// Every event is applied idempotently (seq/rev merges, read markers only forward), so the second copy
// of an event (the open room's come on both streams) changes nothing. A new kind of event gets its
// case here and its handling in its own feature.
import { chat, me } from './core/session.js';
import { knownName, learnProfile, rememberName, resolveNames, setPresence } from './core/people.js';
import { confirmSent } from './features/composer/store.js';
import { onEmojiEvent } from './features/emoji/Emoji.js';
import { closeRoom } from './features/rooms/open.js';
import { notifyOf } from './features/notifications/notifications.js';
import { applyPins } from './features/pins/logic.js';
import { checkReceipts } from './features/receipts/Receipts.js';
import { applyRoomEvent, openRoomId, rooms, roomsChanged } from './features/rooms/store.js';
import { countMessage, countRead, keepLast } from './features/rooms/unread.js';
import { applyThreadEvent } from './features/threads/store.js';
import { holdWhileSyncing, mergeLive, missedBefore } from './features/timeline/merge.js';
import { catchUp, timelineChanged, timelines } from './features/timeline/store.js';
import { startedTyping, stoppedTyping } from './features/typing/typing.js';

export function onEvent(ev) {
  if (!ev || !chat.active) return;
  if (ev.type === 'room') {
    if (!ev.room) return;
    if (!applyRoomEvent(ev)) {
      timelines.delete(ev.room.id);
      if (openRoomId.value === ev.room.id) closeRoom();
    }
    return;
  }
  if (ev.type === 'emoji') { // no seq or rev: the room's whole list, as it is now
    onEmojiEvent(ev);
    return;
  }
  const t = timelines.get(ev.room);
  if (holdWhileSyncing(t, ev)) return;
  if (t && missedBefore(t, ev)) { // fill the hole first, then this event and those that come meanwhile
    t.syncing = true;
    holdWhileSyncing(t, ev);
    catchUp(t, applyEvent);
    return;
  }
  applyEvent(ev);
}

export function applyEvent(ev) {
  if (!me.value || !chat.active) return; // signed out meanwhile
  const room = rooms.get(ev.room);
  const t = timelines.get(ev.room);
  switch (ev.type) {
    case 'message':
    case 'edit':
      rememberName(ev.sender?.id, ev.sender?.displayName);
      if (ev.mentions?.length) resolveNames(ev.mentions);
      if (t && t.loaded) mergeLive(t, ev);
      if (room) {
        // Counted once (the open room's messages come on two streams): notified once.
        if (ev.type === 'message' && countMessage(room, ev, me.value.id)) notifyOf(ev);
        if (!ev.threadRoot) keepLast(room, ev); // a reply is no room's last message: it is in its thread
      }
      applyThreadEvent(ev);
      stoppedTyping(ev.room, ev.sender?.id);
      confirmSent([ev]);
      break;
    case 'update': // a change that is not an edit (a reaction, a reply to a root): the whole message at its new rev
      if (t && t.loaded) mergeLive(t, ev);
      applyThreadEvent(ev);
      break;
    case 'pins':
      if (!applyPins(rooms, ev)) return;
      break;
    case 'delete':
      if (t && t.loaded) mergeLive(t, ev);
      applyThreadEvent(ev);
      if (room?.last && room.last.seq === ev.seq) room.last = { ...room.last, deleted: true, text: null };
      break;
    case 'read':
      if (room && ev.user === me.value.id) countRead(room, ev.seq);
      if (ev.room === openRoomId.value) checkReceipts(t, ev);
      break;
    case 'typing':
      if (ev.user !== me.value.id) {
        if (!knownName(ev.user)) resolveNames([ev.user]);
        startedTyping(ev.room, ev.user);
      }
      return;
    case 'presence':
      setPresence(ev.user, ev.status);
      break;
    case 'profile': // a changed name or avatar, sent to each of the person's rooms
      learnProfile(ev.user);
      return;
    default:
      return;
  }
  roomsChanged();
  if (ev.room === openRoomId.value) timelineChanged();
}
