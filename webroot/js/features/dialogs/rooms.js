// The dialogs that make or find rooms: a direct message, a new group or channel, browsing channels;
// and notes to self (no dialog).
import { createRef } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../core/api.js';
import { html } from '../../core/html.js';
import { errorText, toast } from '../../core/ui.js';
import { openRoom } from '../rooms/open.js';
import { addRoom } from '../rooms/store.js';
import { closeDialog, inDialog, openDialog } from './dialog.js';
import { UserSearch } from './UserSearch.js';

function enter(room) {
  addRoom(room);
  openRoom(room.id);
}

export function newDirect() {
  const pick = (u) => inDialog(async () => {
    const room = await api('POST', '/rooms', { kind: 'direct', members: [u.id] });
    closeDialog();
    enter(room);
  });
  openDialog({ title: 'Direct message', body: html`<${UserSearch} onPick=${pick} />` });
}

/** The people picked for a new group (a Map the dialog reads on OK), found by search, shown as chips. */
function PickedMembers({ picked }) {
  const [, redraw] = useState(0);
  const change = (fn) => { fn(); redraw((n) => n + 1); };
  return html`
    <p class="hint">Add members:</p>
    <${UserSearch} onPick=${(u) => change(() => picked.set(u.id, u))} />
    <ul class="chips" role="list" aria-label="Members">
      ${[...picked.values()].map((u) => html`<li key=${u.id}>
        <button type="button" class="chip" aria-label=${'Remove ' + u.displayName} onClick=${() => change(() => picked.delete(u.id))}>${u.displayName + ' ×'}</button>
      </li>`)}
    </ul>`;
}

export function newGroup() {
  const name = createRef();
  const kind = createRef();
  const picked = new Map();
  openDialog({
    title: 'New group',
    body: html`
      <label>Name <input ref=${name} name="name" required maxlength="100" aria-label="Group name" placeholder="Group name" /></label>
      <label>Kind <select ref=${kind} aria-label="Kind">
        <option value="group">Private group (invited people)</option>
        <option value="channel">Public channel (anyone may join)</option>
      </select></label>
      <${PickedMembers} picked=${picked} />`,
    ok: 'Create',
    async onOk() {
      enter(await api('POST', '/rooms', { kind: kind.current.value, name: name.current.value.trim(), members: [...picked.keys()] }));
    },
  });
}

export async function notesToSelf() {
  try {
    enter(await api('POST', '/rooms', { kind: 'self' }));
  } catch (e) {
    toast(errorText(e));
  }
}

function Channels() {
  const [query, setQuery] = useState('');
  const [channels, setChannels] = useState(null);
  useEffect(() => {
    inDialog(async () => {
      const q = query.trim();
      setChannels(await api('GET', '/channels' + (q ? '?q=' + encodeURIComponent(q) : '')));
    });
  }, [query]);
  const join = (c) => inDialog(async () => {
    if (!c.joined) await api('POST', '/rooms/' + encodeURIComponent(c.id) + '/join');
    const room = await api('GET', '/rooms/' + encodeURIComponent(c.id));
    closeDialog();
    enter(room);
  });
  const count = (c) => c.members?.length || 0;
  return html`
    <input type="search" aria-label="Search channels" placeholder="Channel name" onInput=${(ev) => setQuery(ev.target.value)} />
    <ul class="results" role="list" aria-label="Channels">
      ${channels && (channels.length
        ? channels.map((c) => html`<li key=${c.id} class="channel-row">
            <span class="room-name">${'# ' + c.name}</span>
            <span class="muted">${count(c) + (count(c) === 1 ? ' member' : ' members')}</span>
            <button type="button" aria-label=${(c.joined ? 'Open ' : 'Join ') + c.name} onClick=${() => join(c)}>${c.joined ? 'Open' : 'Join'}</button>
          </li>`)
        : html`<li class="muted">No channels found.</li>`)}
    </ul>`;
}

export function browseChannels() {
  openDialog({ title: 'Browse channels', body: html`<${Channels} />` });
}
