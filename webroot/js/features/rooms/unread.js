// Unread counting: a room's unread count is its last seq minus the caller's read marker, never below
// zero; one's own message reads everything before it; the marker only moves forward. Beside it, the
// unread messages that mention the caller (`mentions`, from GET /rooms, then counted live), gone once
// everything is read. No DOM here.
import { mentionsUser } from '../mentions/parse.js';

/** A new message in the room (not an edit): moves lastSeq, and readSeq too when it is one's own. */
export function countMessage(room, m, meId) {
  if (m.seq <= (room.lastSeq || 0)) return false;
  room.lastSeq = m.seq;
  if (m.sender?.id === meId) room.readSeq = Math.max(room.readSeq || 0, m.seq);
  room.unread = Math.max(0, room.lastSeq - (room.readSeq || 0));
  if (mentionsUser(m, meId)) room.mentions = (room.mentions || 0) + 1;
  if (room.unread === 0) room.mentions = 0;
  return true;
}

/** The caller's read marker moved (on this page or another of theirs). */
export function countRead(room, seq) {
  if (seq <= (room.readSeq || 0)) return false;
  room.readSeq = seq;
  room.unread = Math.max(0, (room.lastSeq || 0) - room.readSeq);
  if (room.unread === 0) room.mentions = 0;
  return true;
}

/** A room that the caller has just been added to: all of it is unread. */
export function countJoined(room) {
  room.readSeq = 0;
  room.unread = room.lastSeq || 0;
}

/** The unread count shown for a room: none for the room that is open. */
export function shownUnread(room, openRoomId) {
  return room.id === openRoomId ? 0 : room.unread || 0;
}

/** The unread mention count shown for a room: none for the room that is open. */
export function shownMentions(room, openRoomId) {
  return room.id === openRoomId ? 0 : room.mentions || 0;
}

/** A badge's text: the count, or 99+. */
export function badgeText(count) {
  return count > 99 ? '99+' : String(count);
}

/** A room's latest message for its preview: a newer (or the same, changed) one replaces it. */
export function keepLast(room, m) {
  if (!room.last || m.seq >= room.last.seq) room.last = m;
}
