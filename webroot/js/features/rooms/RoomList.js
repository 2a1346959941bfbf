// The sidebar: the caller's rooms by kind, most recent first, with presence, preview, unread badge and
// unread-mention badge.
import { useLayoutEffect } from 'preact/hooks';
import { html } from '../../core/html.js';
import { $ } from '../../core/ui.js';
import { me } from '../../core/session.js';
import { nameOf, peopleVersion, presenceOf } from '../../core/people.js';
import { Avatar } from '../avatars/Avatar.js';
import { plainText } from '../timeline/markdown.js';
import { openRoomId, otherMember, rooms, roomsVersion, roomTitle } from './store.js';
import { badgeText, shownMentions, shownUnread } from './unread.js';

const KIND_TITLES = { channel: 'Channels', group: 'Groups', direct: 'Direct messages', self: 'Notes' };
const KINDS = ['channel', 'group', 'direct', 'self'];

function preview(room) {
  const last = room.last;
  if (!last) return '';
  if (last.deleted) return 'Message deleted';
  const who = (room.kind === 'group' || room.kind === 'channel') && last.sender ? nameOf(last.sender.id) + ': ' : '';
  return who + plainText(last.text);
}

function RoomItem({ room, open, onOpen }) {
  // Rooms change in place, and @preact/signals skips a component whose props are the same objects:
  // it reads the versions of what it shows, so that it is drawn again when they change.
  roomsVersion.value;
  peopleVersion.value;
  const active = room.id === open;
  const unread = shownUnread(room, open);
  const mentions = shownMentions(room, open);
  const title = roomTitle(room);
  const status = room.kind === 'direct' ? presenceOf(otherMember(room)) : null;
  const text = preview(room);
  return html`<li>
    <button type="button" class=${'room-item' + (active ? ' active' : '') + (unread ? ' has-unread' : '')}
      aria-label=${title + (unread ? ', ' + unread + ' unread' : '') + (mentions ? ', ' + mentions + (mentions === 1 ? ' mention' : ' mentions') : '')} aria-current=${active ? 'true' : undefined}
      data-room=${room.id} onClick=${() => onOpen(room.id)}>
      ${room.kind === 'direct' && html`<${Avatar} id=${otherMember(room)} px=${24} />`}
      ${status && html`<span class=${'dot ' + status} aria-label=${status} role="img"></span>`}
      <span class="room-text">
        <span class="room-name">${title}</span>
        ${text && html`<span class="room-preview">${text}</span>`}
      </span>
      ${mentions ? html`<span class="badge mention-badge" aria-hidden="true" title="Mentions you">@${badgeText(mentions)}</span>` : null}
      ${unread ? html`<span class="badge" aria-hidden="true">${badgeText(unread)}</span>` : null}
    </button>
  </li>`;
}

export function RoomList({ onOpen }) {
  roomsVersion.value;
  peopleVersion.value;
  const open = openRoomId.value;
  // A re-sort moves elements, which loses focus: the focused room keeps it. (Rendered into #room-list.)
  const list = $('room-list');
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset.room : null;
  useLayoutEffect(() => {
    if (focused && document.activeElement?.dataset.room !== focused) list.querySelector('[data-room="' + CSS.escape(focused) + '"]')?.focus();
  });
  if (!me.value) return null;
  const groups = Object.fromEntries(KINDS.map((k) => [k, []]));
  for (const room of rooms.values()) (groups[room.kind] || groups.group).push(room);
  const sections = KINDS.filter((kind) => groups[kind].length).map((kind) => {
    const items = groups[kind].sort((a, b) => (b.last?.ts || b.createdAt || 0) - (a.last?.ts || a.createdAt || 0));
    return html`<h3 class="side-title" key=${'t-' + kind}>${KIND_TITLES[kind]}</h3>
      <ul class="rooms" role="list" key=${'l-' + kind}>
        ${items.map((room) => html`<${RoomItem} key=${room.id} room=${room} open=${open} onOpen=${onOpen} />`)}
      </ul>`;
  });
  return sections.length ? sections : html`<p class="muted">No rooms yet. Start a direct message or create a group.</p>`;
}
