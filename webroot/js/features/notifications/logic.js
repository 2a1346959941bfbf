// When to tell someone of a message they are not looking at, and how many are waiting: no DOM here.
import { mentionsUser } from '../mentions/parse.js';
import { badgeText } from '../rooms/unread.js';

/** Unread messages in rooms that are not muted: what the tab title and the icon's badge count. */
export function unreadTotal(rooms) {
  let total = 0;
  for (const room of rooms) if (!room.muted) total += room.unread || 0;
  return total;
}

/** The tab title with the count first, as mail and chat tabs show it: "(3) Confab". */
export function titleWith(base, count) {
  return count > 0 ? '(' + badgeText(count) + ') ' + base : base;
}

/**
 * A new message raises a notification when the person allowed them, the tab is hidden, it is someone
 * else's, its room is not muted, and it is a direct message or it mentions them (or the whole room).
 */
export function shouldNotify({ message, room, meId, hidden, permission }) {
  if (permission !== 'granted' || !hidden || !message || !room || room.muted || message.deleted) return false;
  if (!message.sender || message.sender.id === meId) return false;
  return room.kind === 'direct' || mentionsUser(message, meId);
}

/** What the notification says: who, and where (for a mention in a group), and the text, cut short. */
export function notificationOf(message, room, roomTitle) {
  const who = message.sender.displayName || 'Someone';
  const text = message.text || (message.attachments?.length ? 'sent a file' : '');
  return {
    title: room.kind === 'direct' ? who : who + ' in ' + roomTitle,
    body: text.length > 140 ? text.slice(0, 139) + '…' : text,
    tag: 'confab-' + room.id,
  };
}
