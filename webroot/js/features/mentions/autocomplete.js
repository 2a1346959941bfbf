// `@` autocomplete without the DOM: the `@` being typed before the caret, the room members (and
// `@room`) whose display name starts with what follows it, ignoring case and accents, and the text
// once one is picked. The picked name goes in as `@Display Name`, which resolveMentions (parse.js)
// turns into the member's id when the message is sent.

export const ROOM_CHOICE = { id: 'room', displayName: 'room', room: true };
const MAX_SUGGESTIONS = 8;
const MAX_QUERY = 64;
const NAME_CHAR = /[\p{L}\p{N}_]/u;

/** Lower case without accents: "Zoë" and "zoe" match. */
function fold(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The `@` being typed, when the caret follows one: {start, query}, else null. */
export function activeQuery(text, caret) {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf('@');
  if (start < 0 || (start > 0 && NAME_CHAR.test(before.charAt(start - 1)))) return null;
  const query = before.slice(start + 1);
  // Names may hold spaces ("@Ada Lo"), but not a line break, and a query never starts with a space.
  if (query.length > MAX_QUERY || /[\n@]/.test(query) || /^\s/.test(query)) return null;
  return { start, query };
}

/**
 * The choices for the query: members (not the caller) whose name, or a word of it, starts with it,
 * names starting with it first, then `@room`; at most eight.
 */
export function suggestions(query, members, meId) {
  const q = fold(query);
  const scored = [];
  for (const m of members) {
    if (m.id === meId || !m.displayName) continue;
    const name = fold(m.displayName);
    if (name.startsWith(q)) scored.push([0, m]);
    else if (name.split(/\s+/).some((word) => word.startsWith(q))) scored.push([1, m]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].displayName.localeCompare(b[1].displayName));
  const list = scored.map(([, m]) => m);
  if (ROOM_CHOICE.displayName.startsWith(q)) list.push(ROOM_CHOICE);
  return list.slice(0, MAX_SUGGESTIONS);
}

/** The text with the query replaced by `@Name ` and the caret after it. */
export function pick(text, { start }, caret, choice) {
  const inserted = '@' + choice.displayName + ' ';
  const rest = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, start) + inserted + rest, caret: start + inserted.length };
}
