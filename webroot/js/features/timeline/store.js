// The timeline feature's state: each loaded room's timeline (merge.js), the message being edited, the
// translations asked for, and loading: the newest page, older pages, and catching up after a gap.
import { signal } from '@preact/signals';
import { api } from '../../core/api.js';
import { bus, req } from '../../core/connection.js';
import { ignoreRequestFailure } from '../../core/failures.js';
import { rememberName, resolveNames } from '../../core/people.js';
import { errorText, toast } from '../../core/ui.js';
import { confirmSent } from '../composer/store.js';
import { rooms, roomsChanged } from '../rooms/store.js';
import { keepLast } from '../rooms/unread.js';
import { topLevel } from '../threads/logic.js';
import { createTimeline, endSync, mergeNewest, mergeOlder, mergeSync, newestOf } from './merge.js';

const PAGE = 50;
export const timelines = new Map(); // roomId -> timeline
/** Changes whenever a timeline does (they are changed in place, then this is bumped). */
export const timelineVersion = signal(0);
/** The message being edited: {seq, draft}. */
export const editing = signal(null);
/** Translations shown, by message id: {lang, text, engine}. */
export const translations = signal(new Map());
/** What the next render does with the scroll position: stick to the bottom, or keep the distance from it (older page). */
export const scrollIntent = { stick: true, fromBottom: null };

export function timelineChanged() {
  timelineVersion.value++;
}

export function timeline(roomId) {
  let t = timelines.get(roomId);
  if (!t) {
    t = createTimeline(roomId);
    timelines.set(roomId, t);
  }
  return t;
}

/** Messages from the server: their senders' names (and the mentioned people's), and one's own leave the outbox. */
export function remember(messages) {
  for (const m of messages) rememberName(m.sender?.id, m.sender?.displayName);
  resolveNames(messages.flatMap((m) => m.mentions || []));
  confirmSent(messages);
}

/** Loads the newest page of a timeline (over the bridge, or HTTP while it is down), then applies what came meanwhile. */
export async function loadNewest(t, apply) {
  t.syncing = true;
  try {
    const page = bus.connected
      ? await req('chat.history', { room: t.roomId, limit: PAGE })
      : await api('GET', '/rooms/' + encodeURIComponent(t.roomId) + '/messages?limit=' + PAGE);
    remember(page.messages);
    mergeNewest(t, page);
    const room = rooms.get(t.roomId);
    const newest = newestOf(topLevel(page.messages));
    if (room && newest) {
      keepLast(room, newest);
      roomsChanged();
    }
  } catch (e) {
    if (e.status !== 0 && e.failureCode !== 0) toast(errorText(e));
  } finally {
    endSync(t).forEach(apply);
    timelineChanged();
  }
}

/** The page before the oldest shown, keeping what is on screen where it is. */
export async function loadOlder(t) {
  if (!t || !t.loaded || !t.hasOlder || t.loadingOlder || !bus.connected || !isFinite(t.minSeq)) return;
  t.loadingOlder = true;
  const wrap = document.getElementById('timeline-wrap');
  const fromBottom = wrap.scrollHeight - wrap.scrollTop;
  try {
    const page = await req('chat.history', { room: t.roomId, before: t.minSeq, limit: PAGE });
    remember(page.messages);
    mergeOlder(t, page);
    scrollIntent.fromBottom = fromBottom;
    timelineChanged();
  } catch (e) {
    toast(errorText(e));
  } finally {
    t.loadingOlder = false;
  }
}

/** After a gap: chat.sync from the last rev seen, page by page, then what came meanwhile. */
export async function catchUp(t, apply) {
  try {
    let more = true;
    while (more) {
      const page = await req('chat.sync', { room: t.roomId, since: t.lastRev, limit: 200 });
      remember(page.messages);
      more = mergeSync(t, page);
    }
  } catch (e) {
    ignoreRequestFailure(e); // the next connection catches up again
    console.warn('sync failed', t.roomId, e);
  } finally {
    endSync(t).forEach(apply);
    timelineChanged();
  }
}

export function showTranslation(id, translation) {
  translations.value = new Map(translations.value).set(id, translation);
}

export function forgetTimelines() {
  timelines.clear();
  editing.value = null;
  translations.value = new Map();
}
