// Messages typed but not yet confirmed by the server, kept in storage (localStorage: a reload keeps
// them), in the order they were typed. Each carries the clientMsgId it is sent with, so sending it
// again can never make a second message. No DOM here (storage is given).
import { ignoreRequestFailure, isRequestFailure } from '../../core/failures.js';

export class Outbox {
  constructor(userId, storage = globalThis.localStorage) {
    this.key = 'confab.outbox.' + userId;
    this.storage = storage;
    this.list = [];
    try {
      this.list = JSON.parse(storage.getItem(this.key)) || [];
    } catch (e) {
      this.list = [];
    }
  }

  /** Another tab of the same person changed the stored list (it may have sent some meanwhile). */
  storedElsewhere(key, value) {
    if (key !== this.key) return;
    try { this.list = JSON.parse(value) || []; } catch (e) { /* keep ours */ }
  }

  items() {
    return this.list;
  }

  /** The oldest item still to send, if any: a failed one waits for retry() and holds nobody up. */
  next() {
    return this.list.find((p) => p.status === 'pending');
  }

  save() {
    if (this.list.length) this.storage.setItem(this.key, JSON.stringify(this.list));
    else this.storage.removeItem(this.key);
  }

  add(item) {
    this.list.push({ ...item, status: 'pending' });
    this.save();
  }

  /** The server has the message: drop it from the outbox. */
  confirm(clientMsgId) {
    const before = this.list.length;
    this.list = this.list.filter((p) => p.clientMsgId !== clientMsgId);
    if (this.list.length !== before) this.save();
  }

  fail(clientMsgId, error) {
    const item = this.list.find((p) => p.clientMsgId === clientMsgId);
    if (item) {
      item.status = 'failed';
      item.error = error;
      this.save();
    }
  }

  retry(clientMsgId) {
    const item = this.list.find((p) => p.clientMsgId === clientMsgId);
    if (item) {
      item.status = 'pending';
      delete item.error;
      this.save();
    }
  }
}

/** What an item may carry besides its room, text and clientMsgId, sent when present. */
const OPTIONAL = ['attachments', 'threadRoot', 'mentions', 'mentionsRoom'];

/** Failure codes after which the item stays pending and is sent again later (offline, timeout, unavailable). */
const LATER = new Set([0, -1, 503, 504, undefined]);

/**
 * Sends the outbox in order, one at a time, each with its own clientMsgId (so a resend is never a
 * second message). A 429 waits and sends the same item again; a lost connection or timeout stops,
 * leaving the item for the next flush; a 401 refreshes the session and stops; any other refusal marks
 * the item failed, with errorText(e), and goes on with the next. Anything but a request's failure
 * rejects the flush.
 */
export async function flush(outbox, { send, connected, onSent = () => {}, onChange = () => {}, refresh, wait, errorText }) {
  for (;;) {
    const next = outbox.next();
    if (!next || !connected()) return;
    let message;
    try {
      const body = { room: next.room, text: next.text, clientMsgId: next.clientMsgId };
      for (const field of OPTIONAL) {
        const value = next[field];
        if (value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0)) body[field] = value;
      }
      message = await send(body);
    } catch (e) {
      if (!isRequestFailure(e)) throw e; // the page's own fault, never taken for "offline" (its code, undefined)
      const code = e.failureCode;
      if (code === 429) {
        await wait(1000);
        continue;
      }
      if (LATER.has(code)) return;
      if (code === 401) {
        await refresh().catch(ignoreRequestFailure); // the next flush sends it, or the sign-in screen shows
        return;
      }
      outbox.fail(next.clientMsgId, errorText(e));
      onChange(next);
      continue;
    }
    outbox.confirm(next.clientMsgId);
    // Outside the try: a throw in onSent is the page's own fault, not a refused send (its code, undefined,
    // read as "offline" and stopped the flush without a word); it rejects the flush, uncaught.
    onSent(message);
    onChange(next);
  }
}
