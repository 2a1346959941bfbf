// Read receipts without the DOM: which message gets "Seen by" (one's own last message, in direct rooms
// and small groups, unless one turned receipts off) and when to ask the server for its readers.

/** Groups larger than this show no receipts (as Element and Mattermost keep them to small rooms). */
export const SMALL_GROUP = 10;

/** The message that shows "Seen by", or null: the room's newest message when it is one's own. */
export function receiptTarget(room, messages, user) {
  if (!room || !user || user.readReceipts === false) return null;
  const small = room.kind === 'direct' || (room.kind === 'group' && (room.members?.length || 0) <= SMALL_GROUP);
  if (!small || messages.length === 0) return null;
  const last = messages.reduce((a, m) => (m.seq > a.seq ? m : a));
  return last.id && !last.deleted && last.sender?.id === user.id ? last : null;
}

/** Whether to ask for the target's readers: it is new (not yet asked), or another member read up to it. */
export function shouldAsk(roomId, target, asked, ev, userId) {
  if (!target) return false;
  if (!ev) return asked?.id !== target.id;
  return ev.type === 'read' && ev.room === roomId && ev.user !== userId && ev.seq >= target.seq;
}

/** "Seen by" in words, or null when nobody has read it yet. */
export function seenByText(readers) {
  return readers?.length ? 'Seen by ' + readers.map((r) => r.displayName).join(', ') : null;
}
