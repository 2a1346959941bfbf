// A group's or channel's members: who is in it and online, admins remove and add people (and the room's
// custom emoji), anyone leaves.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../core/api.js';
import { html } from '../../core/html.js';
import { nameOf, peopleVersion, presenceOf, resolveNames } from '../../core/people.js';
import { me } from '../../core/session.js';
import { Avatar } from '../avatars/Avatar.js';
import { EmojiSettings } from '../emoji/Emoji.js';
import { closeRoom } from '../rooms/open.js';
import { rooms, roomsChanged, roomTitle } from '../rooms/store.js';
import { timelines } from '../timeline/store.js';
import { closeDialog, inDialog, openDialog } from './dialog.js';
import { UserSearch } from './UserSearch.js';

function Members({ room }) {
  peopleVersion.value;
  const [members, setMembers] = useState(room.members);
  useEffect(() => { resolveNames(room.members); }, []);
  const isAdmin = room.admins?.includes(me.value.id);
  const change = (next) => {
    room.members = next;
    setMembers(next);
    roomsChanged();
  };
  const remove = (id) => inDialog(async () => {
    await api('DELETE', '/rooms/' + encodeURIComponent(room.id) + '/members/' + encodeURIComponent(id));
    change(members.filter((m) => m !== id));
  });
  const add = (u) => inDialog(async () => {
    await api('POST', '/rooms/' + encodeURIComponent(room.id) + '/members', { userId: u.id });
    if (!members.includes(u.id)) change([...members, u.id]);
  });
  const leave = () => inDialog(async () => {
    await api('DELETE', '/rooms/' + encodeURIComponent(room.id) + '/members/' + encodeURIComponent(me.value.id));
    closeDialog();
    rooms.delete(room.id);
    timelines.delete(room.id);
    roomsChanged();
    closeRoom();
  });
  return html`
    <ul class="results" role="list" aria-label="Members">
      ${members.map((id) => html`<li key=${id} class="channel-row">
        <span class=${'dot ' + presenceOf(id)} role="img" aria-label=${presenceOf(id)}></span>
        <${Avatar} id=${id} px=${24} />
        <span class="room-name">${nameOf(id) + (id === me.value.id ? ' (you)' : '') + (room.admins?.includes(id) ? ' · admin' : '')}</span>
        ${isAdmin && id !== me.value.id && html`<button type="button" aria-label=${'Remove ' + nameOf(id)} onClick=${() => remove(id)}>Remove</button>`}
      </li>`)}
    </ul>
    ${isAdmin && html`<p class="hint">Add someone:</p><${UserSearch} onPick=${add} exclude=${members} />`}
    <${EmojiSettings} room=${room} />
    <button type="button" class="danger" onClick=${leave}>Leave this room</button>`;
}

export function openMembers(room) {
  openDialog({ title: 'Members of ' + roomTitle(room), body: html`<${Members} room=${room} />` });
}
