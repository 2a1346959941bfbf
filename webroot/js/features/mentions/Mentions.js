// Mentions on the page: the `@` autocomplete of a composer (the room's composer and the thread's), the
// mention fields of a send, and mentions highlighted in a message's text (the caller's own stronger).
import { render } from 'preact';
import { html } from '../../core/html.js';
import { knownName, peopleVersion, resolveNames } from '../../core/people.js';
import { me } from '../../core/session.js';
import { rooms } from '../rooms/store.js';
import { activeQuery, pick, suggestions } from './autocomplete.js';
import { mentionFields, mentionPieces } from './parse.js';

/** The room's members with the names the page knows: [{id, displayName}]. */
function membersOf(roomId) {
  const room = rooms.get(roomId);
  return (room?.members || []).map((id) => ({ id, displayName: id === me.value?.id ? me.value.displayName : knownName(id) }));
}

/** The fields a message sent to the room carries for the mentions in its text. */
export function mentionsOf(text, roomId) {
  return mentionFields(text, membersOf(roomId).filter((m) => m.id !== me.value?.id));
}

let pickers = 0;

/**
 * Gives a composer's textarea the `@` autocomplete, its list drawn into box: arrows move, Enter or Tab
 * picks, Escape closes, a click picks. Its keys are taken before the composer's own (Enter sends).
 * Answers how to take it away again.
 */
export function attachMentions(input, box, roomIdOf) {
  const listId = 'mention-list-' + ++pickers;
  let state = null; // {query: {start, query}, items, active}

  function draw() {
    const open = !!state && state.items.length > 0;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) input.setAttribute('aria-activedescendant', listId + '-' + state.active);
    else input.removeAttribute('aria-activedescendant');
    render(open ? html`<ul id=${listId} class="mention-picker" role="listbox" aria-label="People to mention">
      ${state.items.map((m, i) => html`<li key=${m.id} id=${listId + '-' + i} role="option" aria-selected=${i === state.active ? 'true' : 'false'}
          class=${'mention-choice' + (i === state.active ? ' active' : '')} data-user=${m.id}
          onMouseDown=${(ev) => ev.preventDefault()} onClick=${() => choose(i)}>
        <span class="mention-name">@${m.displayName}</span>${m.room ? html` <span class="muted">everyone in this room</span>` : null}
      </li>`)}
    </ul>` : null, box);
  }

  function update() {
    const query = activeQuery(input.value, input.selectionStart);
    const roomId = roomIdOf();
    if (!query || !roomId || input.selectionStart !== input.selectionEnd) {
      close();
      return;
    }
    const members = membersOf(roomId);
    resolveNames(members.filter((m) => !m.displayName).map((m) => m.id)); // a channel's names, asked as needed
    const items = suggestions(query.query, members, me.value?.id);
    const active = state && state.items[state.active] ? Math.max(0, items.findIndex((m) => m.id === state.items[state.active].id)) : 0;
    state = { query, items, active };
    draw();
  }

  function close() {
    if (!state) return;
    state = null;
    draw();
  }

  function choose(i) {
    const choice = state?.items[i];
    if (!choice) return;
    const next = pick(input.value, state.query, input.selectionStart, choice);
    input.value = next.text;
    input.setSelectionRange(next.caret, next.caret);
    close();
    input.focus();
    input.dispatchEvent(new Event('input', { bubbles: true })); // the draft and the size follow
  }

  const onKeyDown = (ev) => {
    if (!state || state.items.length === 0 || ev.isComposing) return;
    const n = state.items.length;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      state.active = (state.active + (ev.key === 'ArrowDown' ? 1 : n - 1)) % n;
      draw();
    } else if (ev.key === 'Enter' || ev.key === 'Tab') {
      choose(state.active);
    } else if (ev.key === 'Escape') {
      close();
    } else {
      return;
    }
    ev.preventDefault();
    ev.stopImmediatePropagation();
  };
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', listId);
  input.addEventListener('keydown', onKeyDown, { capture: true });
  input.addEventListener('input', update);
  input.addEventListener('click', update);
  input.addEventListener('blur', close);
  // Names that come in after the list opened (a channel's) join it.
  const unsubscribe = peopleVersion.subscribe(() => { if (state) update(); });
  return () => {
    input.removeEventListener('keydown', onKeyDown, { capture: true });
    input.removeEventListener('input', update);
    input.removeEventListener('click', update);
    input.removeEventListener('blur', close);
    unsubscribe();
    render(null, box);
  };
}

/** A message's text piece by piece: mentions marked (the caller's own, and @room, as "own"); the rest to plainText. */
export function MentionedText({ m, plainText }) {
  peopleVersion.value;
  const mentioned = (m.mentions || []).map((id) => ({ id, displayName: id === me.value?.id ? me.value.displayName : knownName(id) }));
  return mentionPieces(m.text || '', mentioned, !!m.mentionsRoom).map((p) => (p.mention
    ? html`<span class=${'mention' + (p.mention === me.value?.id || p.mention === 'room' ? ' own' : '')} data-mention=${p.mention}>${p.text}</span>`
    : plainText(p.text)));
}
