// A room's custom emoji without the DOM: `:name:` found in plain text (the rest stays text), what a
// reaction shows, and the `:` autocomplete's query, choices and picked text. The server keeps the list
// per room ([{name, url, createdBy, createdAt}]); a name the room does not have stays plain text.

/** As the contract's reaction emoji and the upload route: 1 to 32 letters, digits, `_` or `-`. */
export const NAME = /^[A-Za-z0-9_-]{1,32}$/;
const IN_TEXT = /:([A-Za-z0-9_-]{1,32}):/g;
const MAX_SUGGESTIONS = 8;

/** The room's emoji by name. */
export function byName(list) {
  return new Map((list || []).map((e) => [e.name, e]));
}

/**
 * The text in pieces: a string, or {emoji} (the room's emoji, its `:name:` replaced) for each known
 * `:name:`; unknown names stay in the text as typed.
 */
export function emojiPieces(text, known) {
  if (!known || known.size === 0 || !text.includes(':')) return [text];
  const pieces = [];
  let last = 0;
  for (const match of text.matchAll(IN_TEXT)) {
    const emoji = known.get(match[1]);
    if (!emoji) continue;
    if (match.index > last) pieces.push(text.slice(last, match.index));
    pieces.push({ emoji });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

/** A reaction's custom emoji when it is `:name:` and the room has that name, else null (drawn as text). */
export function reactionEmoji(reaction, known) {
  const match = /^:([A-Za-z0-9_-]{1,32}):$/.exec(reaction);
  return (match && known?.get(match[1])) || null;
}

/** The `:name` being typed before the caret, after a space or at the start: {start, query}, else null. */
export function activeQuery(text, caret) {
  const match = /(^|\s):([A-Za-z0-9_-]{1,32})$/.exec(text.slice(0, caret));
  return match ? { start: caret - match[2].length - 1, query: match[2] } : null;
}

/** The room's emoji whose name starts with the query (ignoring case), then those holding it; at most eight. */
export function suggestions(query, list) {
  const q = query.toLowerCase();
  const starts = [];
  const holds = [];
  for (const e of list || []) {
    const name = e.name.toLowerCase();
    if (name.startsWith(q)) starts.push(e);
    else if (name.includes(q)) holds.push(e);
  }
  return [...starts, ...holds].slice(0, MAX_SUGGESTIONS);
}

/** The text with the query replaced by `:name: ` and the caret after it. */
export function pick(text, { start }, caret, choice) {
  const inserted = ':' + choice.name + ': ';
  const rest = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, start) + inserted + rest, caret: start + inserted.length };
}

/** The room's list after an `emoji` event: the list it carries; an ask of it still out no longer counts. */
export function applyEmojiEvent(lists, asks, ev) {
  if (!ev?.room || !Array.isArray(ev.emoji)) return false;
  lists.set(ev.room, ev.emoji);
  asks.delete(ev.room);
  return true;
}

/** An ask of a room's list going out; only the room's latest ask is answered ({@link applyEmojiAnswer}). */
export function askEmoji(asks, roomId) {
  const ask = {};
  asks.set(roomId, ask);
  return ask;
}

/**
 * The answer to `ask`, kept only while it is the room's latest word: an `emoji` event that came while it
 * was out may carry a change the answer predates, which the answer would otherwise undo until a reconnect.
 */
export function applyEmojiAnswer(lists, asks, roomId, ask, list) {
  if (asks.get(roomId) !== ask) return false;
  asks.delete(roomId);
  lists.set(roomId, list);
  return true;
}
