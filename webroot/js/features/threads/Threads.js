// The Threads view (the sidebar's "Threads"): the threads the caller follows, most recent reply first,
// each with its room, its root, its replies and what is unread in it; a click opens the thread.
import { useEffect } from 'preact/hooks';
import { html } from '../../core/html.js';
import { peopleVersion, senderName } from '../../core/people.js';
import { closeDialog, inDialog, openDialog } from '../dialogs/dialog.js';
import { openRoom } from '../rooms/open.js';
import { rooms, roomTitle } from '../rooms/store.js';
import { badgeText } from '../rooms/unread.js';
import { repliesLabel, roomIdOf, rootIdOf } from './logic.js';
import { followed, loadFollowed, openThread } from './store.js';

async function show(roomId, rootId) {
  closeDialog();
  await openRoom(roomId);
  await openThread(roomId, rootId);
}

function ThreadItem({ entry }) {
  const roomId = roomIdOf(entry);
  const rootId = rootIdOf(entry);
  const room = rooms.get(roomId);
  const root = typeof entry.root === 'object' ? entry.root : null;
  const unread = entry.unreadReplies || 0;
  const mentions = entry.unreadMentions || 0;
  const sender = senderName(root?.sender);
  const label = (room ? roomTitle(room) : 'A room') + ', ' + (repliesLabel({ thread: { replies: entry.replies } }) || 'no replies')
    + (unread ? ', ' + unread + ' unread' : '') + (mentions ? ', ' + mentions + (mentions === 1 ? ' mention' : ' mentions') : '');
  return html`<li>
    <button type="button" class=${'thread-item' + (unread ? ' has-unread' : '')} data-root=${rootId} aria-label=${label}
        onClick=${() => show(roomId, rootId)}>
      <span class="room-text">
        <span class="room-name">${room ? roomTitle(room) : ''}</span>
        <span class="room-preview">${root ? (sender ? sender + ': ' : '') + (root.deleted ? 'Message deleted' : root.text || '') : ''}</span>
        <span class="muted">${repliesLabel({ thread: { replies: entry.replies } })}</span>
      </span>
      ${mentions ? html`<span class="badge mention-badge" aria-hidden="true">@${badgeText(mentions)}</span>` : null}
      ${unread ? html`<span class="badge thread-unread" aria-hidden="true">${badgeText(unread)}</span>` : null}
    </button>
  </li>`;
}

function ThreadsList() {
  peopleVersion.value;
  useEffect(() => { inDialog(loadFollowed); }, []);
  const list = followed.value;
  if (!list) return html`<p class="muted">Loading…</p>`;
  if (list.length === 0) return html`<p class="muted">No threads yet. Threads you start, reply to or are mentioned in show here.</p>`;
  return html`<ul class="results threads-list" role="list" aria-label="Threads you follow">
    ${list.map((entry) => html`<${ThreadItem} key=${rootIdOf(entry)} entry=${entry} />`)}
  </ul>`;
}

export function openThreads() {
  openDialog({ title: 'Threads', body: html`<${ThreadsList} />` });
}
