// Reactions without the DOM: what a chip shows, what a click asks for, and the quick picker's emoji.
// The server keeps a message's reactions as [{emoji, users}] in order of first use; the page only
// reads them (an `update` event brings the whole message at its new rev, merged by the timeline).

/** The quick picker's emoji: a small fixed set, as Mattermost and Element offer first. */
export const QUICK = ['👍', '❤️', '😂', '🎉', '😮', '😢', '👀', '✅'];

/** Whether the user has this emoji on the message. */
export function hasReacted(m, emoji, userId) {
  return !!m.reactions?.some((r) => r.emoji === emoji && r.users.includes(userId));
}

/** What a click on the emoji asks for: chat.react's body (`on` adds, `!on` removes the caller's). */
export function toggleRequest(roomId, m, emoji, userId) {
  return { room: roomId, id: m.id, emoji, on: !hasReacted(m, emoji, userId) };
}

/** The chips under a message: emoji, count, whether one's own is among them, and who in words. */
export function chips(m, userId, nameOf) {
  return (m.reactions || []).filter((r) => r.users.length > 0).map((r) => ({
    emoji: r.emoji,
    count: r.users.length,
    mine: r.users.includes(userId),
    who: r.users.map((u) => (u === userId ? 'You' : nameOf(u))).join(', ') + ' reacted with ' + r.emoji,
  }));
}
