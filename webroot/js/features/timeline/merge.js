// A room's timeline as the page holds it, and how events come into it: by seq, each message at its
// latest rev, so that history, sync and live events (the room stream and the copy on the user stream)
// never show a message twice, and an older rev arriving late never undoes a newer one. No DOM here.

export function createTimeline(roomId) {
  return {
    roomId,
    bySeq: new Map(),
    minSeq: Infinity,
    maxSeq: 0,
    lastRev: 0, // the rev to sync from after a gap
    hasOlder: true,
    loaded: false,
    syncing: false,
    buffer: [], // live events that came during a load or sync, applied after it
    divider: null, // the read marker when the room was opened: "New messages" goes after it
    loadingOlder: false,
  };
}

const revOf = (m) => m.rev || 0;

function place(t, seq, m) {
  t.bySeq.set(seq, m);
  t.minSeq = Math.min(t.minSeq, seq);
  t.maxSeq = Math.max(t.maxSeq, seq);
}

/** Merges a message by seq unless a newer rev is held; answers whether the timeline changed. */
export function mergeMessage(t, m) {
  if (t.hasOlder && m.seq < t.minSeq && t.bySeq.size > 0) return false; // older than what is shown: history brings it
  const known = t.bySeq.get(m.seq);
  if (known && revOf(known) > revOf(m)) return false;
  place(t, m.seq, m);
  return true;
}

/** A delete event: the message stays in place as deleted (its seq and rev kept), text gone. */
function mergeDelete(t, ev) {
  const known = t.bySeq.get(ev.seq);
  if (known && revOf(known) > revOf(ev)) return false;
  if (!known && t.hasOlder && ev.seq < t.minSeq) return false;
  place(t, ev.seq, { ...(known || { id: ev.id, seq: ev.seq, sender: null, ts: Date.now() }), deleted: true, text: null, rev: ev.rev });
  return true;
}

/** A live message, edit or delete event of a loaded timeline; a later sync starts from its rev. */
export function mergeLive(t, ev) {
  const changed = ev.type === 'delete' ? mergeDelete(t, ev) : mergeMessage(t, ev);
  t.lastRev = Math.max(t.lastRev, revOf(ev));
  return changed;
}

/**
 * Whether a live event shows that this page missed a change of the room: every change takes the room's
 * next rev and is sent to every member, so a rev past the next one means one went by unseen (a node that
 * stored a message and died before telling anyone, or two writers' events crossing during an ownership
 * move). The page then syncs from the last rev it holds. After a fresh load the first such event may be
 * a false alarm (an older message changed since is not in the newest page): one sync more, no harm.
 */
export function missedBefore(t, ev) {
  return t.loaded && !t.syncing && revOf(ev) > t.lastRev + 1;
}

/** The newest page (on opening the room): all of it comes in, whatever its order. */
export function mergeNewest(t, page) {
  t.hasOlder = false;
  for (const m of page.messages) {
    mergeMessage(t, m);
    t.lastRev = Math.max(t.lastRev, revOf(m));
  }
  t.hasOlder = page.hasMore;
  t.loaded = true;
}

/** A page of older messages (scrolling up). */
export function mergeOlder(t, page) {
  const hadOlder = t.hasOlder;
  t.hasOlder = false; // let the older page in
  for (const m of page.messages) mergeMessage(t, m);
  t.hasOlder = hadOlder && page.hasMore;
}

/** A chat.sync page (after a gap): answers whether to ask for the next one. */
export function mergeSync(t, page) {
  for (const m of page.messages) mergeMessage(t, m);
  t.lastRev = Math.max(t.lastRev, page.rev);
  return page.hasMore && page.messages.length > 0;
}

/** A live event: held while the timeline loads or syncs (applied by endSync), else applied now; answers whether it was held. */
export function holdWhileSyncing(t, ev) {
  if (!t?.syncing) return false;
  t.buffer.push(ev);
  return true;
}

/** The end of a load or sync: answers the events held meanwhile, to be applied in the order they came. */
export function endSync(t) {
  t.syncing = false;
  const held = t.buffer;
  t.buffer = [];
  return held;
}

/** The messages in seq order. */
export function messagesOf(t) {
  return [...t.bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The newest message of a page, if any. */
export function newestOf(messages) {
  return messages.reduce((a, m) => (m.seq > (a?.seq || 0) ? m : a), null);
}
