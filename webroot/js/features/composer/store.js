// The composer feature's state: the signed-in person's outbox (outbox.js) and the drafts by room.
import { signal } from '@preact/signals';
import { auth } from '../../core/api.js';
import { bus, req } from '../../core/connection.js';
import { me } from '../../core/session.js';
import { errorText } from '../../core/ui.js';
import { Outbox, flush } from './outbox.js';

let outbox = null;
/** Changes whenever the outbox does. */
export const outboxVersion = signal(0);
export const drafts = new Map();

export function openOutbox(userId) {
  outbox = new Outbox(userId);
  outboxVersion.value++;
}

export function closeOutbox() {
  outbox = null;
  drafts.clear();
}

// Another tab of the same person may have sent some of them meanwhile.
window.addEventListener('storage', (ev) => {
  if (!outbox) return;
  outbox.storedElsewhere(ev.key, ev.newValue);
  outboxVersion.value++;
});

export function outboxItems() {
  return outbox?.items() ?? [];
}

function changed(fn) {
  return (...args) => {
    if (!outbox) return;
    fn(...args);
    outboxVersion.value++;
  };
}

export const queue = changed((item) => outbox.add(item));
export const retry = changed((clientMsgId) => outbox.retry(clientMsgId));
export const discard = changed((clientMsgId) => outbox.confirm(clientMsgId));

/** Messages the server has (history, sync, live): one's own leave the outbox. */
export const confirmSent = changed((messages) => {
  for (const m of messages) if (m.sender?.id === me.value?.id && m.clientMsgId) outbox.confirm(m.clientMsgId);
});

export function newId() {
  return 'c-' + (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));
}

let flushing = false;

/** Sends the outbox (outbox.flush): each sent message is applied as a live one would be. */
export async function flushOutbox(applyEvent) {
  if (flushing || !outbox || !bus.connected) return;
  flushing = true;
  try {
    await flush(outbox, {
      send: (body) => req('chat.send', body),
      connected: () => bus.connected && !!outbox,
      onSent: (message) => applyEvent({ ...message, type: 'message' }),
      onChange: () => { outboxVersion.value++; },
      refresh: () => auth.refresh(),
      wait: (ms) => new Promise((r) => setTimeout(r, ms)),
      errorText,
    });
  } finally {
    flushing = false;
    outboxVersion.value++;
  }
}
