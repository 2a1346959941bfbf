// The threads feature's state: the thread open in the panel (one, in the open room), loading it
// (chat.thread, page after page), its read marker, and the followed threads of the Threads view.
import { signal } from '@preact/signals';
import { api } from '../../core/api.js';
import { req } from '../../core/connection.js';
import { me } from '../../core/session.js';
import { errorText, toast } from '../../core/ui.js';
import { remember } from '../timeline/store.js';
import { applyReplyToList, applyToThread, createThread, mergeThreadPage, readInList, readUpTo, sortThreads } from './logic.js';

const PAGE = 100;
/** The open thread (logic.js's createThread), or null. */
export const thread = signal(null);
/** Changes whenever the open thread does (it changes in place). */
export const threadVersion = signal(0);
/** The followed threads (GET /threads), null until asked. */
export const followed = signal(null);
let readInFlight = false;

const path = (roomId, rootId) => '/rooms/' + encodeURIComponent(roomId) + '/threads/' + encodeURIComponent(rootId);

/** Opens the panel on the thread of rootId in roomId: events for it are merged from now, then it loads. */
export async function openThread(roomId, rootId) {
  if (thread.value?.rootId === rootId) return;
  const th = createThread(roomId, rootId);
  thread.value = th;
  document.body.classList.add('in-thread');
  try {
    let after = 0;
    for (;;) {
      const page = await req('chat.thread', { room: roomId, root: rootId, after, limit: PAGE });
      remember([page.root, ...page.messages].filter(Boolean));
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
  if (followed.value && me.value) followed.value = applyReplyToList(followed.value, ev, me.value.id, thread.value?.rootId);
}

/** The panel is on screen: the thread read marker moves to its newest reply. */
export function markThreadRead() {
  const th = thread.value;
  const seq = readUpTo(th);
  if (!seq || readInFlight || document.visibilityState !== 'visible') return;
  readInFlight = true;
  th.readSeq = seq;
  if (followed.value) followed.value = readInList(followed.value, th.rootId);
  api('POST', path(th.roomId, th.rootId) + '/read', { seq }).catch(() => { th.readSeq = 0; })
    .finally(() => { readInFlight = false; });
}

/** The followed threads, asked again each time the Threads view opens. */
export async function loadFollowed() {
  const list = await api('GET', '/threads?limit=50');
  remember(list.map((e) => e.root).filter((r) => r && typeof r === 'object'));
  followed.value = sortThreads(list);
}

export function forgetThreads() {
  closeThread();
  followed.value = null;
}
