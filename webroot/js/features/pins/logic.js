// Pins without the DOM: a room's `pinned` (message ids, most recent first) as the page keeps it, who
// may change it, and the list the header opens, with what of each message the page has loaded.

/** A `pins` event into the room it names; answers whether it changed anything. */
export function applyPins(rooms, ev) {
  const room = rooms.get(ev.room);
  if (!room || !Array.isArray(ev.pinned)) return false;
  rooms.set(ev.room, { ...room, pinned: ev.pinned }); // a new object: views keyed on it redraw
  return true;
}

export function isPinned(room, messageId) {
  return !!room?.pinned?.includes(messageId);
}

/** Any member pins in a group, direct or self room; only admins in a channel (as the server decides). */
export function canPin(room, userId) {
  return !!room && (room.kind !== 'channel' || !!room.admins?.includes(userId));
}

/** What the message menu's Pin/Unpin asks for: chat.pin's body. */
export function pinRequest(room, m) {
  return { room: room.id, id: m.id, on: !isPinned(room, m.id) };
}

/** The header's list: each pinned id, most recent first, with its message when the timeline holds it. */
export function pinnedList(room, messages) {
  const byId = new Map(messages.filter((m) => m.id).map((m) => [m.id, m]));
  return (room?.pinned || []).map((id) => ({ id, message: byId.get(id) || null }));
}
