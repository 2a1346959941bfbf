// The Threads view (the sidebar's "Threads"): the threads the caller follows, most recent reply first,
// each with its room, its root, its replies and what is unread in it; a click opens the thread, "Unfollow"
// drops it. And the sidebar button's total of followed threads with unread replies.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../core/html.js';
import { peopleVersion, senderName } from '../../core/people.js';
import { errorText } from '../../core/ui.js';
import { closeDialog, inDialog, openDialog, setDialogError } from '../dialogs/dialog.js';
import { openRoom } from '../rooms/open.js';
import { rooms, roomTitle } from '../rooms/store.js';
import { badgeText } from '../rooms/unread.js';
import { repliesLabel, roomIdOf, rootIdOf } from './logic.js';
import { followed, loadFollowed, openThread, setFollowing, unreadThreadsCount } from './store.js';

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
  const [busy, setBusy] = useState(false);
  const unfollow = async () => {
    setBusy(true);
    try {
      await setFollowing(roomId, rootId, false);
      setDialogError('');
    } catch (e) {
      setDialogError(errorText(e));
      setBusy(false);
    }
  };
  const mentions = entry.unreadMentions || 0;
  const sender = senderName(root?.sender);
  const label = (room ? roomTitle(room) : 'A room') + ', ' + (repliesLabel({ thread: { replies: entry.replies } }) || 'no replies')
    + (unread ? ', ' + unread + ' unread' : '') + (mentions ? ', ' + mentions + (mentions === 1 ? ' mention' : ' mentions') : '');
  return html`<li class="thread-row">
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
    <button type="button" class="link unfollow" disabled=${busy} aria-label=${'Unfollow: ' + label} onClick=${unfollow}>Unfollow</button>
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

/** The sidebar's "Threads" with the total, as the room list's badges; the button's title says it in words. */
export function ThreadsButtonLabel() {
  const n = unreadThreadsCount.value;
  useEffect(() => {
    const button = document.getElementById('threads');
    button.title = n ? n + (n === 1 ? ' followed thread has' : ' followed threads have') + ' unread replies' : '';
    button.setAttribute('aria-label', n ? 'Threads, ' + n + ' unread' : 'Threads');
  }, [n]);
  return html`Threads${n ? html` <span class="badge threads-total" aria-hidden="true">${badgeText(n)}</span>` : null}`;
}

export function openThreads() {
  openDialog({ title: 'Threads', body: html`<${ThreadsList} />` });
}
