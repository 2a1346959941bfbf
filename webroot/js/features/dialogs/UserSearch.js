// A people search box for dialogs: calls onPick(user) for the person chosen.
import { useRef, useState } from 'preact/hooks';
import { api } from '../../core/api.js';
import { html } from '../../core/html.js';
import { rememberName } from '../../core/people.js';
import { me } from '../../core/session.js';
import { errorText } from '../../core/ui.js';
import { setDialogError } from './dialog.js';

export function UserSearch({ onPick, exclude = [] }) {
  const [found, setFound] = useState(null); // null: nothing asked
  const asked = useRef(0);
  const onInput = async (ev) => {
    const q = ev.target.value.trim();
    const mine = ++asked.current;
    if (!q) {
      setFound(null);
      return;
    }
    try {
      const users = await api('GET', '/users?q=' + encodeURIComponent(q));
      if (mine !== asked.current) return;
      const shown = users.filter((u) => u.id !== me.value.id && !exclude.includes(u.id));
      for (const u of shown) rememberName(u.id, u.displayName);
      setFound(shown);
    } catch (e) {
      setDialogError(errorText(e));
    }
  };
  return html`
    <input type="search" aria-label="Search people by name" placeholder="Search people by name" autocomplete="off" onInput=${onInput} />
    <ul class="results" role="list" aria-label="People found">
      ${found && (found.length
        ? found.map((u) => html`<li key=${u.id}><button type="button" class="result" data-user=${u.id} onClick=${() => onPick(u)}>${u.displayName}</button></li>`)
        : html`<li class="muted">Nobody found.</li>`)}
    </ul>`;
}
