// The threads feature's state: the thread open in the panel (one, in the open room), loading it
// (chat.thread, page after page), its read marker, following it, and the followed threads of the Threads
// view and the Threads button's total, kept live.
import { computed, signal } from '@preact/signals';
import { api } from '../../core/api.js';
import { req } from '../../core/connection.js';
import { ignoreRequestFailure } from '../../core/failures.js';
import { me } from '../../core/session.js';
import { errorText, toast } from '../../core/ui.js';
import { remember } from '../timeline/store.js';
import {
  applyReplyToList, applyToThread, createThread, followsAgain, mayNowFollow, mergeThreadPage, readInList, readUpTo, sortThreads, unreadThreads,
  withoutThread,
} from './logic.js';

const PAGE = 100;
/** The open thread (logic.js's createThread), or null. */
export const thread = signal(null);
/** Changes whenever the open thread does (it changes in place). */
export const threadVersion = signal(0);
/** The followed threads (GET /threads), null until asked. */
export const followed = signal(null);
/** The Threads button's total: followed threads with unread replies. */
export const unreadThreadsCount = computed(() => unreadThreads(followed.value));
let readInFlight = false;
let listAsked = null;

const path = (roomId, rootId) => '/rooms/' + encodeURIComponent(roomId) + '/threads/' + encodeURIComponent(rootId);

/**
 * Opens the panel on the thread of rootId in roomId: events for it are merged from now, then it loads.
 * focusId: a reply to show (a search result) instead of the newest.
 */
export async function openThread(roomId, rootId, focusId = null) {
  if (thread.value?.rootId === rootId) {
    thread.value.focus = focusId;
    threadVersion.value++;
    return;
  }
  const th = createThread(roomId, rootId);
  th.focus = focusId;
  thread.value = th;
  document.body.classList.add('in-thread');
  try {
    let after = 0;
    for (;;) {
      const page = await req('chat.thread', { room: roomId, root: rootId, after, limit: PAGE });
      remember([page.root, ...page.messages].filter(Boolean));
      if (after === 0) th.following = !!page.following;
      after = mergeThreadPage(th, page);
      if (!page.hasMore || page.messages.length === 0) break;
    }
    th.loaded = true;
  } catch (e) {
    if (thread.value === th) closeThread();
    toast(errorText(e));
  }
  threadVersion.value++;
}

export function closeThread() {
  if (!thread.value) return;
  thread.value = null;
  document.body.classList.remove('in-thread');
}

/** A live event: into the open thread when it is its, and a new reply into the followed threads' counts. */
export function applyThreadEvent(ev) {
  if (applyToThread(thread.value, ev)) threadVersion.value++;
  if (!followed.value || !me.value) return;
  followed.value = applyReplyToList(followed.value, ev, me.value.id, thread.value?.rootId);
  if (mayNowFollow(followed.value, ev, me.value.id)) loadFollowed().catch(ignoreRequestFailure); // the next connection lists them again
  if (followsAgain(thread.value, ev, me.value.id)) {
    thread.value.following = true;
    threadVersion.value++;
  }
}

/** PUT or DELETE .../follow; the panel and the Threads view show what the server then holds. */
export async function setFollowing(roomId, rootId, on) {
  await api(on ? 'PUT' : 'DELETE', path(roomId, rootId) + '/follow');
  if (thread.value?.rootId === rootId) {
    thread.value.following = on;
    threadVersion.value++;
  }
  if (!on && followed.value) followed.value = withoutThread(followed.value, rootId);
  else if (on) await loadFollowed();
}

/** The panel is on screen: the thread read marker moves to its newest reply. */
export function markThreadRead() {
  const th = thread.value;
  const seq = readUpTo(th);
  if (!seq || readInFlight || document.visibilityState !== 'visible') return;
  readInFlight = true;
  th.readSeq = seq;
  if (followed.value) followed.value = readInList(followed.value, th.rootId);
  api('POST', path(th.roomId, th.rootId) + '/read', { seq })
    .catch((e) => {
      th.readSeq = 0; // asked again when the panel is next on screen
      ignoreRequestFailure(e);
    })
    .finally(() => { readInFlight = false; });
}

/**
 * The followed threads: on each connection (what came meanwhile), each time the Threads view opens, and
 * when a reply may have made the caller follow another. One ask at a time; one asked meanwhile follows it.
 */
export function loadFollowed() {
  if (listAsked) {
    listAsked.again = true;
    return listAsked.done;
  }
  const asking = { again: false };
  asking.done = (async () => {
    try {
      do {
        asking.again = false;
        const list = await api('GET', '/threads?limit=50');
        remember(list.map((e) => e.root).filter((r) => r && typeof r === 'object'));
        if (me.value) followed.value = sortThreads(list);
      } while (asking.again);
    } finally {
      listAsked = null;
    }
  })();
  listAsked = asking;
  return asking.done;
}

export function forgetThreads() {
  closeThread();
  followed.value = null;
}
