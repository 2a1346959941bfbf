// The search box: opened by the header's button, "/" when not typing, or Ctrl+Shift+F; results with
// their highlights grouped by room, drawn as plain text without the Markdown's marks (a hit is a
// button: a link inside it would be nested interactive content and take the click); a click opens the
// room, loads its history back to the message and shows it there (a reply: back to its root, the thread
// open at the reply).
import { useState } from 'preact/hooks';
import { api } from '../../core/api.js';
import { bus, req } from '../../core/connection.js';
import { html } from '../../core/html.js';
import { rememberName, senderName } from '../../core/people.js';
import { platform } from '../../core/session.js';
import { $, errorText, toast } from '../../core/ui.js';
import { closeDialog, openDialog } from '../dialogs/dialog.js';
import { addAction } from '../keyboard/keyboard.js';
import { addShortcut } from '../keyboard/shortcuts.js';
import { openRoom } from '../rooms/open.js';
import { rooms, roomTitle } from '../rooms/store.js';
import { plainText } from '../timeline/markdown.js';
import { scrollIntent, timeline, timelineChanged } from '../timeline/store.js';
import { openThread, thread } from '../threads/store.js';
import { appendResults, groupByRoom, loadBackTo, opensSearch, QUERY_MAX, resultTarget, searchBody } from './logic.js';

export function wireSearch() {
  $('search-open').addEventListener('click', openSearch);
  // In the page's one table of shortcuts (the help lists it); opensSearch says when "/" is typed text.
  addShortcut({ id: 'search', keys: '/ or Ctrl+Shift+F', does: 'Search messages', whileTyping: true, match: opensSearch });
  addAction('search', () => {
    if (!platform.value.search) return false; // no node runs search: the key stays a key
    openSearch();
    return true;
  });
}

function openSearch() {
  openDialog({ title: 'Search messages', body: html`<${SearchPanel} />` });
}

/** search.query over the bridge, or GET /search while it is down. */
function ask(body) {
  if (bus.connected) return req('search.query', body);
  return api('GET', '/search?' + new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])));
}

function SearchPanel() {
  const [text, setText] = useState('');
  const [found, setFound] = useState({ results: [], cursor: null, asked: false, busy: false, error: '' });

  async function run(more) {
    const body = searchBody(text, more ? found.cursor : null);
    if (!body || found.busy) return;
    setFound({ ...found, busy: true, error: '' });
    try {
      const page = await ask(body);
      for (const r of page.results) rememberName(r.message.sender?.id, r.message.sender?.displayName);
      setFound({ results: more ? appendResults(found.results, page.results) : page.results, cursor: page.cursor || null,
        asked: true, busy: false, error: '' });
    } catch (e) {
      setFound({ ...found, busy: false, error: errorText(e) });
    }
  }

  return html`<div class="search-panel">
    <div class="search-row">
      <input id="search-input" type="search" aria-label="Search messages" placeholder="Words, or a &quot;quoted phrase&quot;"
        maxlength=${QUERY_MAX} value=${text} onInput=${(ev) => setText(ev.currentTarget.value)}
        onKeyDown=${(ev) => { if (ev.key === 'Enter') { ev.preventDefault(); run(false); } }} />
      <button type="button" id="search-go" onClick=${() => run(false)}>Search</button>
    </div>
    ${found.error && html`<p class="error" role="alert">${found.error}</p>`}
    ${found.asked && found.results.length === 0 && html`<p class="hint" role="status">Nothing found.</p>`}
    <div class="search-results">
      ${groupByRoom(found.results).map((group) => html`<section class="search-room" key=${group.room}>
        <h3>${rooms.has(group.room) ? roomTitle(rooms.get(group.room)) : 'Room'}</h3>
        <ul>${group.results.map((r) => html`<li key=${r.message.id}>
          <button type="button" class="search-hit" data-id=${r.message.id} onClick=${() => jumpTo(r.message)}>
            <span class="sender">${senderName(r.message.sender)}</span>
            ${(r.highlights.length ? r.highlights : [r.message.text]).map((piece) => html`<span class="text">${plainText(piece)}</span>`)}
          </button></li>`)}</ul>
      </section>`)}
    </div>
    ${found.cursor && html`<button type="button" class="link" id="search-more" onClick=${() => run(true)}>More results</button>`}
  </div>`;
}

/** Opens the message's room at it; a reply: the room at its root, and the thread scrolled to the reply. */
async function jumpTo(message) {
  closeDialog();
  const target = resultTarget(message);
  await openRoom(target.room);
  if (!target.root) {
    await showInTimeline(target.room, target.seq, target.focus, true);
    return;
  }
  await openThread(target.room, target.root, target.focus);
  const root = thread.value?.rootId === target.root ? thread.value.root : null;
  if (root) await showInTimeline(target.room, root.seq, root.id, false);
}

/** Loads the room's history back to seq and shows that message in the middle (marked as found: focused too). */
async function showInTimeline(roomId, seq, id, mark) {
  const t = timeline(roomId);
  try {
    await loadBackTo(t, seq, (before, limit) => req('chat.history', { room: roomId, before, limit }));
  } catch (e) {
    toast(errorText(e));
  }
  scrollIntent.stick = false;
  scrollIntent.fromBottom = null;
  timelineChanged();
  requestAnimationFrame(() => {
    const li = document.querySelector(`#timeline li.msg[data-id="${CSS.escape(id)}"]`);
    if (!li) return;
    li.scrollIntoView({ block: 'center' });
    if (!mark) return;
    li.classList.add('found');
    li.focus();
  });
}
