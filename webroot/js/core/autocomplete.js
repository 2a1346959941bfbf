// A textarea's autocomplete list (the composers' `@` people and `:` emoji): what is typed before the
// caret picks a source, whose choices are drawn into box; arrows move, Enter or Tab picks, Escape
// closes, a click picks. Its keys are taken before the composer's own (Enter sends).
import { render } from 'preact';
import { html } from './html.js';

let lists = 0;

/**
 * sources: [{label, query(text, caret) -> query or null, items(query, roomId), key(item), attrs(item),
 * view(item), pick(text, query, caret, item) -> {text, caret}, changes (a signal: the list is asked
 * again when it changes)}]; the first whose query matches is shown, for the room roomIdOf() answers (none:
 * no list). Answers how to take it away again.
 */
export function attachAutocomplete(input, box, sources, roomIdOf) {
  const listId = 'suggestion-list-' + ++lists;
  let state = null; // {source, query, items, active}

  function draw() {
    const open = !!state && state.items.length > 0;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) input.setAttribute('aria-activedescendant', listId + '-' + state.active);
    else input.removeAttribute('aria-activedescendant');
    render(open ? html`<ul id=${listId} class="mention-picker" role="listbox" aria-label=${state.source.label}>
      ${state.items.map((item, i) => html`<li key=${state.source.key(item)} id=${listId + '-' + i} role="option"
          aria-selected=${i === state.active ? 'true' : 'false'} class=${'mention-choice' + (i === state.active ? ' active' : '')}
          ...${state.source.attrs(item)} onMouseDown=${(ev) => ev.preventDefault()} onClick=${() => choose(i)}>
        ${state.source.view(item)}
      </li>`)}
    </ul>` : null, box);
  }

  function update() {
    const roomId = roomIdOf();
    const found = roomId && input.selectionStart === input.selectionEnd
      ? sources.map((source) => ({ source, query: source.query(input.value, input.selectionStart) })).find((s) => s.query)
      : null;
    if (!found) {
      close();
      return;
    }
    const items = found.source.items(found.query, roomId);
    const key = state && state.source === found.source && state.items[state.active] && found.source.key(state.items[state.active]);
    const active = key ? Math.max(0, items.findIndex((item) => found.source.key(item) === key)) : 0;
    state = { ...found, items, active };
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
    const next = state.source.pick(input.value, state.query, input.selectionStart, choice);
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
  // Choices that come in after the list opened (a channel's names, a room's emoji) join it.
  const unsubscribes = sources.map((source) => source.changes.subscribe(() => { if (state) update(); }));
  return () => {
    input.removeEventListener('keydown', onKeyDown, { capture: true });
    input.removeEventListener('input', update);
    input.removeEventListener('click', update);
    input.removeEventListener('blur', close);
    unsubscribes.forEach((unsubscribe) => unsubscribe());
    render(null, box);
  };
}
