// Threads without the DOM. A reply is a message with `threadRoot`, in the room's own sequence: the
// room's timeline holds it (so sync and resume carry it) but shows only top-level messages, its root
// showing the `thread` summary its `update` events bring. A thread panel keeps the root and the replies
// (a timeline of merge.js: by seq, each at its latest rev), and the Threads view keeps the followed
// threads, most recent reply first, counted live as replies come.
import { createTimeline, mergeLive, mergeMessage, messagesOf } from '../timeline/merge.js';
import { mentionsUser } from '../mentions/parse.js';

const revOf = (m) => m?.rev || 0;

/** The messages the room's timeline shows: not the replies. */
export function topLevel(messages) {
  return messages.filter((m) => !m.threadRoot);
}

/** The "N replies" under a root, or null when it has none. */
export function repliesLabel(m) {
  const n = m.thread?.replies || 0;
  return n > 0 ? n + (n === 1 ? ' reply' : ' replies') : null;
}

/** A thread as the panel holds it: its root and its replies, loaded or not. */
export function createThread(roomId, rootId) {
  const replies = createTimeline(roomId);
  replies.hasOlder = false; // replies come whole (chat.thread pages forward): any of them belongs
  return { roomId, rootId, root: null, replies, loaded: false, readSeq: 0 };
}

function mergeRoot(th, m) {
  if (revOf(th.root) > revOf(m)) return false;
  th.root = { ...th.root, ...m };
  return true;
}

/** A chat.thread page into the thread: the root at its newest rev, the replies by seq/rev. Answers the seq to load after. */
export function mergeThreadPage(th, page) {
  if (page.root) mergeRoot(th, page.root);
  for (const m of page.messages) mergeMessage(th.replies, m);
  return th.replies.maxSeq;
}

/** A live event into the thread, when it is its root's or one of its replies'; answers whether it changed. */
export function applyToThread(th, ev) {
  if (!th || (ev.room !== undefined && ev.room !== th.roomId)) return false;
  if (ev.id === th.rootId) {
    if (ev.type === 'delete') return mergeRoot(th, { deleted: true, text: null, rev: ev.rev });
    return mergeRoot(th, ev);
  }
  // A delete names only the seq: it is this thread's when the reply is held.
  const ours = ev.type === 'delete' ? th.replies.bySeq.has(ev.seq) : ev.threadRoot === th.rootId;
  return ours ? mergeLive(th.replies, ev) : false;
}

export function repliesOf(th) {
  return th ? messagesOf(th.replies) : [];
}

/** The seq up to which the open thread has been read: its newest reply. */
export function readUpTo(th) {
  return th?.loaded && th.replies.maxSeq > th.readSeq ? th.replies.maxSeq : null;
}

/** A GET /threads entry's room and root ids (the room and root may come as objects or ids). */
export const roomIdOf = (entry) => (typeof entry.room === 'string' ? entry.room : entry.room?.id);
export const rootIdOf = (entry) => (typeof entry.root === 'string' ? entry.root : entry.root?.id);

const replyTime = (entry) => (typeof entry.lastReplyAt === 'number' ? entry.lastReplyAt : Date.parse(entry.lastReplyAt) || 0);

/** The Threads view's order: most recent reply first. */
export function sortThreads(list) {
  return [...list].sort((a, b) => replyTime(b) - replyTime(a));
}

/**
 * A new reply into the followed threads: its thread counts it (unread unless it is the caller's own or
 * the thread is open, a mention of the caller too) and moves to the top. Answers the new list, or the
 * same one when the reply is none of theirs or is known.
 */
export function applyReplyToList(list, ev, meId, openRootId) {
  if (ev.type !== 'message' || !ev.threadRoot) return list;
  const i = list.findIndex((e) => rootIdOf(e) === ev.threadRoot);
  if (i < 0 || (list[i].lastSeq || 0) >= ev.seq) return list;
  const e = list[i];
  const unread = ev.sender?.id !== meId && openRootId !== ev.threadRoot;
  const next = {
    ...e,
    replies: (e.replies || 0) + 1,
    lastReplyAt: ev.ts,
    lastSeq: ev.seq,
    unreadReplies: (e.unreadReplies || 0) + (unread ? 1 : 0),
    unreadMentions: (e.unreadMentions || 0) + (unread && mentionsUser(ev, meId) ? 1 : 0),
  };
  return sortThreads(list.map((x, j) => (j === i ? next : x)));
}

/** The thread was read: its unread counts go. */
export function readInList(list, rootId) {
  return list.some((e) => rootIdOf(e) === rootId && (e.unreadReplies || e.unreadMentions))
    ? list.map((e) => (rootIdOf(e) === rootId ? { ...e, unreadReplies: 0, unreadMentions: 0 } : e))
    : list;
}

/** The Threads button's total: the followed threads with unread replies. */
export function unreadThreads(list) {
  return (list || []).filter((e) => e.unreadReplies > 0).length;
}

/**
 * Whether the event may have made the caller follow a thread the list does not hold, so the list is asked
 * again: their own reply, a reply naming them (not @room, which makes no one follow), or a reply's update
 * of a root they wrote.
 */
export function mayNowFollow(list, ev, meId) {
  const rootId = ev.type === 'message' ? ev.threadRoot : ev.type === 'update' && ev.thread ? ev.id : null;
  if (!rootId || list.some((e) => rootIdOf(e) === rootId)) return false;
  return ev.sender?.id === meId || (ev.type === 'message' && !!ev.mentions?.includes(meId));
}

/** Whether one's own reply in the open thread makes the panel say "Following" again (the server's rule). */
export function followsAgain(th, ev, meId) {
  return !!th && !!ev.threadRoot && th.rootId === ev.threadRoot && ev.sender?.id === meId && !th.following;
}

/** The list without the thread of rootId (unfollowed). */
export function withoutThread(list, rootId) {
  return list.filter((e) => rootIdOf(e) !== rootId);
}

