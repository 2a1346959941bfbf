// The page's keyboard shortcuts, in one table: what the help dialog lists and what the key handler
// matches. A feature adds its own with addShortcut (search adds "/" and Ctrl+Shift+F). No DOM here.

/**
 * {id, keys (as the help says them), does (in words), whileTyping (also from a text field), match(ev)}.
 * Ctrl stands for Cmd on a Mac.
 */
export const shortcuts = [
  { id: 'switch-room', keys: 'Ctrl+K', does: 'Switch to another room', whileTyping: true,
    match: (ev) => (ev.ctrlKey || ev.metaKey) && !ev.altKey && !ev.shiftKey && ev.key.toLowerCase() === 'k' },
  { id: 'previous-room', keys: 'Alt+↑', does: 'Previous room in the list', whileTyping: true,
    match: (ev) => ev.altKey && !ev.ctrlKey && !ev.metaKey && ev.key === 'ArrowUp' },
  { id: 'next-room', keys: 'Alt+↓', does: 'Next room in the list', whileTyping: true,
    match: (ev) => ev.altKey && !ev.ctrlKey && !ev.metaKey && ev.key === 'ArrowDown' },
  { id: 'edit-last', keys: '↑', does: 'Edit your last message (in an empty message box)', whileTyping: true, inEmptyComposer: true,
    match: (ev) => ev.key === 'ArrowUp' && !ev.altKey && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey },
  { id: 'close', keys: 'Esc', does: 'Close a dialog or panel', whileTyping: true,
    match: (ev) => ev.key === 'Escape' },
  { id: 'help', keys: '?', does: 'Show these shortcuts', whileTyping: false,
    match: (ev) => ev.key === '?' && !ev.ctrlKey && !ev.metaKey && !ev.altKey },
];

export function addShortcut(shortcut) {
  if (!shortcuts.some((s) => s.id === shortcut.id)) shortcuts.push(shortcut);
}

/**
 * The shortcut a key press means, or null. {@code typing}: the focus is in a text field;
 * {@code emptyComposer}: that field is the message box, and it is empty.
 */
export function shortcutFor(ev, { typing = false, emptyComposer = false } = {}) {
  if (ev.isComposing) return null;
  return shortcuts.find((s) => (!typing || s.whileTyping) && (!s.inEmptyComposer || emptyComposer) && s.match(ev)) || null;
}

/** Rooms whose title holds every word typed (any case), unread ones first, then in the order given. */
export function matchRooms(entries, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entries
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => words.every((w) => entry.title.toLowerCase().includes(w)))
    .sort((a, b) => (b.entry.unread > 0) - (a.entry.unread > 0) || a.index - b.index)
    .map(({ entry }) => entry);
}

/** The id beside {@code current} in {@code ids} (step -1 or 1), not wrapping; the first when none is open. */
export function neighbour(ids, current, step) {
  if (!ids.length) return null;
  const at = ids.indexOf(current);
  if (at < 0) return ids[step > 0 ? 0 : ids.length - 1];
  const next = at + step;
  return next >= 0 && next < ids.length ? ids[next] : null;
}

/** The newest message of one's own that can be edited (not deleted, already sent). */
export function lastOwnMessage(messages, meId) {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.sender?.id === meId && !m.deleted && m.id) return m;
  }
  return null;
}
