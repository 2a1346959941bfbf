// The keyboard shortcuts' actions: the quick room switcher (Ctrl+K), the next or previous room in the
// sidebar (Alt+Up/Down), editing one's last message (Up in the empty message box), closing what is
// open (Esc) and the help dialog (?). Which key means what is in shortcuts.js, one table for all.
import { useState } from 'preact/hooks';
import { html } from '../../core/html.js';
import { me } from '../../core/session.js';
import { $ } from '../../core/ui.js';
import { closeDialog, openDialog } from '../dialogs/dialog.js';
import { openRoom } from '../rooms/open.js';
import { openRoomId, rooms, roomTitle } from '../rooms/store.js';
import { shownUnread } from '../rooms/unread.js';
import { messagesOf } from '../timeline/merge.js';
import { editing, timelines } from '../timeline/store.js';
import { lastOwnMessage, matchRooms, neighbour, shortcutFor, shortcuts } from './shortcuts.js';

/** What each shortcut does; an action answers false when there was nothing to do (the key then does its usual). */
const actions = {
  'switch-room': () => { openSwitcher(); return true; },
  'previous-room': () => step(-1),
  'next-room': () => step(1),
  'edit-last': editLast,
  close: () => closers.some((close) => close()),
  help: () => { openHelp(); return true; },
};
/** Panels that close on Esc: each answers whether it was open (and is now closed). */
const closers = [];

/** Another feature's action for its own row of the table (shortcuts.js addShortcut). */
export function addAction(id, run) {
  actions[id] = run;
}

/** A panel's closer for Esc; the answer unregisters it. */
export function onEscape(close) {
  closers.push(close);
  return () => closers.splice(closers.indexOf(close), 1);
}

/** The rooms in the sidebar's order, as shown. */
function roomIdsShown() {
  return [...$('room-list').querySelectorAll('button.room-item')].map((b) => b.dataset.room);
}

function step(by) {
  const next = neighbour(roomIdsShown(), openRoomId.value, by);
  if (!next) return false;
  openRoom(next);
  return true;
}

function editLast() {
  const t = timelines.get(openRoomId.value);
  const m = t && lastOwnMessage(messagesOf(t), me.value.id);
  if (!m) return false;
  editing.value = { seq: m.seq, draft: m.text };
  return true;
}

function Switcher() {
  const [query, setQuery] = useState('');
  const [at, setAt] = useState(0);
  const order = roomIdsShown();
  const entries = order.map((id) => rooms.get(id)).filter(Boolean)
    .map((room) => ({ id: room.id, title: roomTitle(room), unread: shownUnread(room, openRoomId.value) }));
  const found = matchRooms(entries, query).slice(0, 12);
  const chosen = found[Math.min(at, found.length - 1)];
  const go = (entry) => {
    if (!entry) return;
    closeDialog();
    openRoom(entry.id);
  };
  const onKeyDown = (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      setAt((i) => Math.max(0, Math.min(found.length - 1, i + (ev.key === 'ArrowDown' ? 1 : -1))));
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      go(chosen);
    }
  };
  return html`
    <input id="switcher-input" aria-label="Room name" placeholder="Type part of a room's name" autocomplete="off"
      role="combobox" aria-expanded="true" aria-controls="switcher-list" aria-activedescendant=${chosen ? 'switch-' + chosen.id : undefined}
      value=${query} onInput=${(ev) => { setQuery(ev.target.value); setAt(0); }} onKeyDown=${onKeyDown} />
    <ul id="switcher-list" class="results" role="listbox" aria-label="Rooms">
      ${found.map((entry) => html`<li key=${entry.id} id=${'switch-' + entry.id} role="option" aria-selected=${entry === chosen ? 'true' : 'false'}
        class=${'channel-row switcher-row' + (entry === chosen ? ' chosen' : '')} data-room=${entry.id} onClick=${() => go(entry)}>
        <span class="room-name">${entry.title}</span>
        ${entry.unread ? html`<span class="badge">${entry.unread}</span>` : null}
      </li>`)}
      ${!found.length && html`<li class="muted">No room by that name.</li>`}
    </ul>`;
}

export function openSwitcher() {
  openDialog({ title: 'Switch room', body: html`<${Switcher} />` });
}

export function openHelp() {
  openDialog({
    title: 'Keyboard shortcuts',
    body: html`<table class="shortcuts" id="shortcuts-table">
      <tbody>${shortcuts.map((s) => html`<tr key=${s.id}><td><kbd>${s.keys}</kbd></td><td>${s.does}</td></tr>`)}</tbody>
    </table>`,
  });
}

export function wireKeyboard() {
  document.addEventListener('keydown', (ev) => {
    // In a dialog its own keys rule (Esc closes it natively); before sign-in there is nothing to switch.
    if (!me.value || $('dialog').open || ev.defaultPrevented) return;
    const target = ev.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    const emptyComposer = target?.id === 'message-input' && target.value === '';
    const shortcut = shortcutFor(ev, { typing, emptyComposer });
    if (shortcut && actions[shortcut.id]?.()) ev.preventDefault();
  });
}
