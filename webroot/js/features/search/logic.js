// Search without the DOM: which keys open it, what search.query is asked, results grouped by room,
// and loading a room's history back to a found message so the timeline can show it.
import { mergeOlder } from '../timeline/merge.js';

/** The contract's query length, in code points. */
export const QUERY_MAX = 200;
export const PAGE = 20;
/** chat.history's largest page: the fewest requests back to an old message. */
const HISTORY_PAGE = 200;

/** Whether the key is typed into a field (then "/" is a character, not the shortcut). */
export function isTyping(target) {
  if (!target) return false;
  const tag = (target.tagName || '').toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select' || !!target.isContentEditable;
}

/** "/" when not typing, or Ctrl+Shift+F anywhere. */
export function opensSearch(ev) {
  if (ev.ctrlKey && ev.shiftKey && !ev.altKey && !ev.metaKey && (ev.key === 'F' || ev.key === 'f')) return true;
  return ev.key === '/' && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !isTyping(ev.target);
}

/** search.query's body for what was typed, or null when there is nothing to ask (or too much). */
export function searchBody(text, cursor) {
  const q = (text || '').trim();
  if (q === '' || [...q].length > QUERY_MAX) return null;
  return cursor ? { q, limit: PAGE, cursor } : { q, limit: PAGE };
}

/** Results in rooms, newest first within each; the rooms in the order of their newest result. */
export function groupByRoom(results) {
  const groups = new Map();
  for (const result of results) {
    const room = result.message.room;
    if (!groups.has(room)) groups.set(room, []);
    groups.get(room).push(result);
  }
  return [...groups].map(([room, found]) => ({ room, results: found }));
}

/** A next page added to what is shown; a message seen already (a page shifted by a new one) once. */
export function appendResults(shown, page) {
  const seen = new Set(shown.map((r) => r.message.id));
  return shown.concat(page.filter((r) => !seen.has(r.message.id)));
}

/** Loads older pages (fetchOlder(before) answers chat.history's page) until the timeline holds seq. */
export async function loadBackTo(t, seq, fetchOlder) {
  while (t.hasOlder && isFinite(t.minSeq) && t.minSeq > seq) {
    mergeOlder(t, await fetchOlder(t.minSeq, HISTORY_PAGE));
  }
  return t.bySeq.has(seq);
}

/**
 * What opening a search result shows: a top-level message in its room's timeline; a reply in its
 * thread's panel (focus), its room open at the root.
 */
export function resultTarget(message) {
  return message.threadRoot
    ? { room: message.room, root: message.threadRoot, focus: message.id }
    : { room: message.room, seq: message.seq, focus: message.id };
}
