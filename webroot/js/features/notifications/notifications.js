// Someone else's direct message or mention while the tab is hidden raises a browser notification (once
// the person allowed them with a click in the account dialog: never asked on load); the unread count of
// rooms that are not muted shows in the tab title and as a badge on the icon. Mute is a per-room
// setting of the person, kept on the server (PATCH /rooms/{id}/settings).
import { effect } from '@preact/signals';
import { useState } from 'preact/hooks';
import { api } from '../../core/api.js';
import { html } from '../../core/html.js';
import { me } from '../../core/session.js';
import { errorText, toast } from '../../core/ui.js';
import { openRoom } from '../rooms/open.js';
import { rooms, roomsChanged, roomsVersion, roomTitle } from '../rooms/store.js';
import { notificationOf, shouldNotify, titleWith, unreadTotal } from './logic.js';

const BASE_TITLE = document.title;
const supported = typeof Notification !== 'undefined';
let icon = null;

function permission() {
  return supported ? Notification.permission : 'unsupported';
}

/** Called for each new live message (events.js). */
export function notifyOf(message) {
  const room = rooms.get(message.room);
  if (!me.value || !shouldNotify({ message, room, meId: me.value.id, hidden: document.visibilityState === 'hidden', permission: permission() })) return;
  const { title, body, tag } = notificationOf(message, room, roomTitle(room));
  const shown = new Notification(title, { body, tag, icon: icon?.original });
  shown.onclick = () => {
    window.focus();
    openRoom(room.id);
    shown.close();
  };
}

/** The favicon with a red badge holding the count (drawn on a canvas; the CSP allows data: images). */
function drawBadge(count) {
  const link = document.querySelector('link[rel="icon"]');
  if (!link) return;
  if (!icon) {
    icon = { original: link.href, image: new Image() };
    icon.image.src = link.href;
  }
  if (!count) {
    link.href = icon.original;
    return;
  }
  const draw = () => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const g = canvas.getContext('2d');
    g.drawImage(icon.image, 0, 0, 64, 64);
    g.fillStyle = '#d93025';
    g.beginPath();
    g.arc(44, 20, 20, 0, 2 * Math.PI);
    g.fill();
    g.fillStyle = '#fff';
    g.font = 'bold 26px sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(count > 9 ? '9+' : String(count), 44, 21);
    link.href = canvas.toDataURL('image/png');
  };
  if (icon.image.complete) draw();
  else icon.image.addEventListener('load', draw, { once: true });
}

let shownCount = -1;
effect(() => {
  roomsVersion.value;
  const count = me.value ? unreadTotal(rooms.values()) : 0;
  document.title = titleWith(BASE_TITLE, count);
  if (count !== shownCount) {
    shownCount = count;
    drawBadge(count);
  }
});

/** The account dialog's part: notifications' state, and the click that asks for them. */
export function NotificationSettings() {
  const [state, setState] = useState(permission());
  const ask = async () => setState(await Notification.requestPermission());
  const words = {
    granted: 'On: direct messages and mentions raise a notification while Confab is in the background.',
    denied: 'Blocked in this browser: allow notifications for this site in the browser\'s settings.',
    default: 'Off.',
    unsupported: 'This browser cannot show notifications.',
  };
  return html`<div class="stack" id="notifications-section">
    <p id="notifications-state">${words[state]}</p>
    ${state === 'default' && html`<button type="button" id="notifications-enable" onClick=${ask}>Turn on notifications</button>`}
  </div>`;
}

/** The room header's mute switch (the muted room raises no notification and is left out of the counts). */
export function MuteButton({ room }) {
  const toggle = async () => {
    try {
      const answer = await api('PATCH', '/rooms/' + encodeURIComponent(room.id) + '/settings', { muted: !room.muted });
      room.muted = answer.muted;
      roomsChanged();
    } catch (e) {
      toast(errorText(e));
    }
  };
  return html`<button id="mute" type="button" aria-pressed=${room.muted ? 'true' : 'false'} onClick=${toggle}
    title=${room.muted ? 'Muted: no notifications, not counted in the tab title' : 'Mute this room'}>${room.muted ? 'Unmute' : 'Mute'}</button>`;
}
