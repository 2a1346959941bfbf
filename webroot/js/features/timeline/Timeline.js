// The open room's timeline: day separators, the "New messages" divider, messages (grouped by sender
// within five minutes) with their actions, then the outbox's messages still being sent. Keyed by seq
// (clientMsgId for unsent ones), so unchanged messages keep their elements and any focus inside them.
// Replies are not shown here: their root shows "N replies" (features/threads/), which opens them in the
// thread panel, which draws its messages with Message too. Reactions go under a message from
// features/reactions/.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { api } from '../../core/api.js';
import { req } from '../../core/connection.js';
import { html } from '../../core/html.js';
import { peopleVersion, senderName } from '../../core/people.js';
import { me, platform } from '../../core/session.js';
import { $, errorText, toast } from '../../core/ui.js';
import { discard, outboxItems, outboxVersion, retry } from '../composer/store.js';
import { Avatar } from '../avatars/Avatar.js';
import { Attachments } from '../files/files.js';
import { mentionsUser } from '../mentions/parse.js';
import { PinAction } from '../pins/Pins.js';
import { QuickPicker, ReactionChips } from '../reactions/Reactions.js';
import { PreviewCards } from '../previews/Previews.js';
import { checkReceipts, receiptOf, SeenBy } from '../receipts/Receipts.js';
import { openRoomId } from '../rooms/store.js';
import { topLevel } from '../threads/logic.js';
import { ReplyAction, ThreadSummary } from '../threads/Thread.js';
import { mergeMessage, messagesOf } from './merge.js';
import { MessageText } from './MessageText.js';
import { markRead } from './read.js';
import { editing, scrollIntent, showTranslation, timelineChanged, timelines, timelineVersion, translations } from './store.js';

const GROUP_MS = 300000;

function dayLabel(ts) {
  const d = new Date(ts);
  const yesterday = new Date(Date.now() - 86400000);
  if (d.toDateString() === new Date().toDateString()) return 'Today';
  if (d.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return d.toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

function timeLabel(ts) {
  return new Date(ts).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

async function saveEdit(m, text) {
  const trimmed = text.trim();
  editing.value = null;
  if (!trimmed || trimmed === m.text) return;
  try {
    const updated = await req('chat.edit', { room: m.room || openRoomId.value, id: m.id, text: trimmed });
    const t = timelines.get(updated.room);
    if (t) mergeMessage(t, updated);
  } catch (e) {
    toast(errorText(e));
  }
  timelineChanged();
  $('message-input').focus();
}

async function deleteMessage(m) {
  if (!window.confirm('Delete this message?')) return;
  try {
    await req('chat.delete', { room: m.room || openRoomId.value, id: m.id });
  } catch (e) {
    toast(errorText(e));
  }
}

async function translate(m) {
  try {
    showTranslation(m.id, await api('POST', '/messages/' + encodeURIComponent(m.id) + '/translate', { lang: me.value.language || 'en' }));
  } catch (e) {
    toast(errorText(e));
  }
}

function EditBox({ m }) {
  const box = useRef(null);
  useLayoutEffect(() => {
    box.current.focus();
    box.current.setSelectionRange(box.current.value.length, box.current.value.length);
  }, []);
  const onKeyDown = (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      saveEdit(m, box.current.value);
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      editing.value = null;
      $('message-input').focus();
    }
  };
  return html`
    <textarea ref=${box} class="edit-box" aria-label="Edit message" maxlength=${platform.value.limits.messageMaxLength} rows="2"
      value=${editing.value.draft ?? m.text} onInput=${(ev) => { editing.value.draft = ev.target.value; }} onKeyDown=${onKeyDown}></textarea>
    <div class="edit-actions">
      <button type="button" onClick=${() => { editing.value = null; }}>Cancel</button>
      <button type="button" class="primary" onClick=${() => saveEdit(m, box.current.value)}>Save</button>
    </div>`;
}

/** A message with its actions; in the thread panel (inThread) without the thread's own summary and action. */
export function Message({ m, grouped, receipt, inThread }) {
  peopleVersion.value; // drawn again when a name changes (its props stay the same objects)
  const mine = m.sender?.id === me.value.id;
  const isEditing = editing.value?.seq === m.seq;
  const translation = translations.value.get(m.id);
  const captionIsName = m.attachments?.length === 1 && m.attachments[0].name === m.text && !m.editedAt;
  const body = () => {
    // The thread's summary goes above the actions: on a touch screen a tap shows them in the flow, and
    // a summary below them would move away between the press and the release.
    const summary = !inThread && html`<${ThreadSummary} m=${m} />`;
    if (m.deleted) return html`<p class="text deleted-text">This message was deleted.</p>${summary}`;
    if (isEditing) return html`<${EditBox} m=${m} />`;
    const canTranslate = platform.value.translation && !mine;
    return html`
      <div class=${'text' + (captionIsName ? ' file-caption' : '')}><${MessageText} m=${m} />${m.editedAt && html`<span class="edited"> (edited)</span>`}</div>
      ${m.attachments?.length ? html`<${Attachments} attachments=${m.attachments} />` : null}
      <${PreviewCards} previews=${m.previews} />
      <${ReactionChips} m=${m} />
      ${summary}
      <div class="actions">
        <${QuickPicker} m=${m} />
        ${!inThread && m.id && html`<${ReplyAction} m=${m} />`}
        <${PinAction} roomId=${openRoomId.value} m=${m} />
        ${mine && html`
          <button type="button" class="act" aria-label="Edit message" title="Edit" onClick=${() => { editing.value = { seq: m.seq, draft: m.text }; }}>Edit</button>
          <button type="button" class="act" aria-label="Delete message" title="Delete" onClick=${() => deleteMessage(m)}>Delete</button>`}
        ${canTranslate && html`<button type="button" class="act" aria-label="Translate message" onClick=${() => translate(m)}>Translate</button>`}
      </div>
      ${translation && html`<p class="translation" lang=${translation.lang}><span>${translation.text}</span><span class="engine"> — translated by ${translation.engine}</span></p>`}
      ${receipt && html`<${SeenBy} m=${m} />`}`;
  };
  return html`<li class=${'msg' + (mine ? ' mine' : '') + (grouped ? ' grouped' : '') + (m.deleted ? ' deleted' : '')
      + (mentionsUser(m, me.value.id) ? ' mentions-me' : '')}
      tabindex="-1" data-seq=${String(m.seq)} data-id=${m.id || ''} data-client-msg-id=${m.clientMsgId || ''}>
    ${!grouped && html`<div class="meta">
      ${m.sender && html`<${Avatar} id=${m.sender.id} name=${senderName(m.sender)} px=${24} />`}
      <span class="sender">${senderName(m.sender)}</span>
      <time datetime=${new Date(m.ts).toISOString()}>${timeLabel(m.ts)}</time>
    </div>`}
    ${body()}
  </li>`;
}

export function PendingMessage({ p, onFlush }) {
  outboxVersion.value; // drawn again when the item fails or is retried (it changes in place)
  const failed = p.status === 'failed';
  return html`<li class=${'msg mine pending' + (failed ? ' failed' : '')} data-client-msg-id=${p.clientMsgId}>
    <div class="meta">
      <span class="sender">${me.value.displayName}</span>
      <time datetime=${new Date(p.ts).toISOString()}>${failed ? 'not sent' : 'sending…'}</time>
    </div>
    <p class="text">${p.text}</p>
    ${p.attachments?.length ? html`<p class="hint">with a file</p>` : null}
    ${failed && html`<p class="error">${p.error || 'Not sent.'}</p>
      <div class="actions shown">
        <button type="button" class="act" onClick=${() => { retry(p.clientMsgId); onFlush(); }}>Retry</button>
        <button type="button" class="act" onClick=${() => discard(p.clientMsgId)}>Discard</button>
      </div>`}
  </li>`;
}

/** The items of the timeline, in order, each with its key. */
function items(t) {
  const list = [];
  if (t.loaded && !t.hasOlder) list.push(html`<li key="start" class="start">This is the beginning of the conversation.</li>`);
  let lastDay = null;
  let dividerShown = false;
  let prev = null;
  const receipt = receiptOf(t);
  for (const m of topLevel(messagesOf(t))) {
    const day = new Date(m.ts).toDateString();
    if (day !== lastDay) {
      lastDay = day;
      list.push(html`<li key=${'day-' + day} class="day" role="separator">${dayLabel(m.ts)}</li>`);
      prev = null;
    }
    if (!dividerShown && t.divider !== null && m.seq > t.divider && m.sender?.id !== me.value.id) {
      dividerShown = true;
      list.push(html`<li key="new" class="new-divider" role="separator">New messages</li>`);
      prev = null;
    }
    const grouped = !!prev && prev.sender?.id === m.sender?.id && !prev.deleted && m.ts - prev.ts < GROUP_MS;
    list.push(html`<${Message} key=${'m-' + m.seq} m=${m} grouped=${grouped} receipt=${m === receipt} />`);
    prev = m;
  }
  return list;
}

/** Rendered into #timeline; keeps to the bottom when it was there (or when asked), and moves the read marker. */
export function Timeline({ onFlush }) {
  timelineVersion.value;
  outboxVersion.value;
  const t = timelines.get(openRoomId.value);
  const wrap = $('timeline-wrap');
  const atBottom = wrap.scrollHeight - wrap.scrollTop - wrap.clientHeight < 40;
  useLayoutEffect(() => {
    if (scrollIntent.fromBottom !== null) {
      wrap.scrollTop = wrap.scrollHeight - scrollIntent.fromBottom;
      scrollIntent.fromBottom = null;
    } else if (atBottom || scrollIntent.stick) {
      wrap.scrollTop = wrap.scrollHeight;
      scrollIntent.stick = false;
    }
    markRead();
    checkReceipts(t);
  });
  if (!t || !me.value) return null;
  const pending = outboxItems().filter((p) => p.room === t.roomId && !p.threadRoot)
    .map((p) => html`<${PendingMessage} key=${'p-' + p.clientMsgId} p=${p} onFlush=${onFlush} />`);
  return [...items(t), ...pending];
}
