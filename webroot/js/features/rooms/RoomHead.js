// The open room's header: its title, presence (direct) or member count, its pins and the members button.
import { html } from '../../core/html.js';
import { peopleVersion, presenceOf } from '../../core/people.js';
import { MuteButton } from '../notifications/notifications.js';
import { PinsButton } from '../pins/Pins.js';
import { openRoomId, otherMember, rooms, roomsVersion, roomTitle } from './store.js';

export function RoomHead({ onMembers }) {
  roomsVersion.value;
  peopleVersion.value;
  const room = rooms.get(openRoomId.value);
  if (!room) return null;
  const status = room.kind === 'direct' ? presenceOf(otherMember(room)) : null;
  const count = room.members?.length || 0;
  const sub = status || (room.kind === 'self' ? '' : count + (count === 1 ? ' member' : ' members'));
  return html`
    <span id="room-dot" class=${'dot ' + (status || '')} role=${status ? 'img' : undefined} aria-label=${status || undefined} hidden=${!status}></span>
    <h2 id="room-title">${roomTitle(room)}</h2>
    <span id="room-sub" class="sub">${sub}</span>
    <span class="spacer"></span>
    <${PinsButton} room=${room} />
    ${room.kind !== 'self' && html`<${MuteButton} room=${room} />`}
    <button id="members" type="button" hidden=${room.kind !== 'group' && room.kind !== 'channel'} onClick=${() => onMembers(room)}>Members</button>`;
}
