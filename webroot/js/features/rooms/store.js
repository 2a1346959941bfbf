// The rooms feature's state: the caller's rooms (with readSeq, unread, last), which one is open, and
// keeping them: cached for a reload while offline, listed over HTTP, changed by room events.
import { signal } from '@preact/signals';
import { api } from '../../core/api.js';
import { me } from '../../core/session.js';
import { knownName, queryPresence, resolveNames } from '../../core/people.js';
import { countJoined } from './unread.js';

export const rooms = new Map(); // id -> room
/** Changes whenever a room does (rooms are changed in place, then this is bumped). */
export const roomsVersion = signal(0);
export const openRoomId = signal(null);

export function roomsChanged() {
  roomsVersion.value++;
  cacheRooms();
}

export function otherMember(room) {
  return room.members?.find((m) => m !== me.value.id);
}

export function roomTitle(room) {
  if (room.kind === 'self') return 'Notes to self';
  if (room.kind === 'direct') return knownName(otherMember(room)) || 'Direct message';
  return room.name || 'Room';
}

function cacheRooms() {
  if (!me.value) return;
  try { localStorage.setItem('confab.rooms.' + me.value.id, JSON.stringify([...rooms.values()])); } catch (e) { /* full: no cache */ }
}

/** The rooms as last seen, so that a reload while offline still shows them (and their outbox). */
export function restoreRooms() {
  try {
    for (const room of JSON.parse(localStorage.getItem('confab.rooms.' + me.value.id)) || []) rooms.set(room.id, room);
  } catch (e) { /* no cache */ }
  roomsVersion.value++;
}

export async function loadRooms() {
  try {
    const list = await api('GET', '/rooms');
    for (const { lastMessage, ...r } of list) {
      const known = rooms.get(r.id);
      // The listed last message is as it is now (edited, deleted); a live one already newer stays.
      const last = lastMessage && (!known?.last || lastMessage.seq >= known.last.seq) ? lastMessage : known?.last;
      rooms.set(r.id, { ...known, ...r, last });
    }
    for (const id of [...rooms.keys()]) {
      if (!list.some((r) => r.id === id)) rooms.delete(id);
    }
  } catch (e) {
    if (e.status === 0) return;
    throw e;
  }
  roomsChanged();
  askAboutPeople();
}

/**
 * Names and presence of the people in direct rooms and groups (a channel's may be many: those are
 * asked for when its members panel opens or one of them types).
 */
export function askAboutPeople() {
  if (!me.value) return;
  const people = [...rooms.values()].filter((room) => room.kind === 'direct' || room.kind === 'group')
    .flatMap((room) => room.members || []).filter((id) => id !== me.value.id);
  resolveNames([...rooms.values()].filter((room) => room.kind !== 'channel').flatMap((room) => room.members || []));
  queryPresence([...new Set(people)]);
}

/** A room the caller made, joined or opened from a dialog. */
export function addRoom(room) {
  const known = rooms.get(room.id);
  rooms.set(room.id, { readSeq: 0, unread: 0, ...known, ...room });
  roomsChanged();
  askAboutPeople();
}

/** A room event: the room changed, or the caller was added to it or removed from it; answers whether the caller is still in it. */
export function applyRoomEvent(ev) {
  const room = ev.room;
  let stillIn = true;
  if (ev.event === 'member_removed' && !room.members.includes(me.value.id)) {
    rooms.delete(room.id);
    stillIn = false;
  } else {
    const known = rooms.get(room.id);
    rooms.set(room.id, { ...known, ...room, lastSeq: Math.max(known?.lastSeq || 0, room.lastSeq || 0) });
    if (!known) countJoined(rooms.get(room.id));
  }
  roomsChanged();
  askAboutPeople();
  return stillIn;
}
