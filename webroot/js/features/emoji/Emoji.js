// A room's custom emoji on the page: its list (asked once per room, then kept by `emoji` events), the
// pictures (fetched with the bearer token, as avatars are), `:name:` drawn in a message's plain text,
// the composers' `:` autocomplete, and the part of the members dialog where admins upload and remove them.
import { signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, fileUrl } from '../../core/api.js';
import { ApiError, ignoreRequestFailure } from '../../core/failures.js';
import { html } from '../../core/html.js';
import { me, platform } from '../../core/session.js';
import { inDialog, setDialogError } from '../dialogs/dialog.js';
import { rooms } from '../rooms/store.js';
import { activeQuery, applyEmojiAnswer, applyEmojiEvent, askEmoji, byName, emojiPieces, NAME, pick, reactionEmoji, suggestions } from './logic.js';

/** Bumped when a room's list arrives or changes: what draws emoji reads it, and redraws. */
export const emojiVersion = signal(0);
const lists = new Map(); // roomId -> [{name, url, createdBy, createdAt}]
const asked = new Set();
const asks = new Map(); // roomId -> its ask still out

/**
 * The room's emoji, asked of the server the first time (only for a room one is in). A failed ask (no
 * files role on this node, offline) is not repeated on every draw: the next connection asks again.
 */
export function roomEmoji(roomId) {
  emojiVersion.value;
  if (roomId && !asked.has(roomId) && rooms.has(roomId)) {
    asked.add(roomId);
    const ask = askEmoji(asks, roomId);
    api('GET', '/rooms/' + encodeURIComponent(roomId) + '/emoji').then((list) => {
      if (applyEmojiAnswer(lists, asks, roomId, ask, list)) emojiVersion.value++;
    }, () => {});
  }
  return lists.get(roomId) || [];
}

/** An `emoji` event: the room's whole list, as it is now. */
export function onEmojiEvent(ev) {
  if (applyEmojiEvent(lists, asks, ev)) {
    asked.add(ev.room);
    emojiVersion.value++;
  }
}

/** Signed out, or back after a break (events may have been missed): lists are asked again when drawn. */
export function forgetEmoji() {
  lists.clear();
  asked.clear();
  asks.clear();
  emojiVersion.value++;
}

/** One emoji's picture, {@code px} CSS pixels high; its `:name:` as text until the picture is in. */
export function CustomEmoji({ emoji, px = 20 }) {
  const [src, setSrc] = useState(null);
  useEffect(() => {
    setSrc(null);
    fileUrl(emoji.url).then(setSrc, ignoreRequestFailure);
  }, [emoji.url]);
  const label = ':' + emoji.name + ':';
  if (!src) return html`<span class="custom-emoji pending" data-emoji-name=${emoji.name}>${label}</span>`;
  // Set through the CSSOM (Preact's style object), which the page's CSP allows, unlike style attributes.
  return html`<img class="custom-emoji" src=${src} alt=${label} title=${label} data-emoji-name=${emoji.name}
    style=${{ width: px + 'px', height: px + 'px' }} />`;
}

/** Plain text of a message in the room: each `:name:` the room has as its picture, the rest as text. */
export function emojiText(text, roomId) {
  return emojiPieces(text, byName(roomEmoji(roomId))).map((p) => (typeof p === 'string' ? p
    : html`<${CustomEmoji} key=${p.emoji.url} emoji=${p.emoji} />`));
}

/** A reaction as its chip shows it: the room's picture for a `:name:` it has, else the text. */
export function ReactionGlyph({ emoji, roomId }) {
  const custom = reactionEmoji(emoji, byName(roomEmoji(roomId)));
  return custom ? html`<${CustomEmoji} emoji=${custom} px=${16} />` : emoji;
}

/** The `:` source of a composer's autocomplete (core/autocomplete.js): the room's emoji by name. */
export const emojiSuggestions = {
  label: 'Custom emoji',
  query: activeQuery,
  items: (query, roomId) => suggestions(query.query, roomEmoji(roomId)),
  key: (e) => e.name,
  attrs: (e) => ({ 'data-emoji-name': e.name }),
  view: (e) => html`<${CustomEmoji} emoji=${e} /> <span class="mention-name">:${e.name}:</span>`,
  pick,
  changes: emojiVersion,
};

/** Refusals of an upload in words for this dialog; the others as the server says them. */
const REFUSED = {
  too_large: 'That picture is too large: a custom emoji is at most 256 KB.',
  unsupported_type: 'That is not a picture Confab can use: choose a PNG, JPEG, GIF or WebP image.',
  conflict: 'This room already has an emoji of that name: remove it first, or choose another name.',
};

/** PUT .../emoji/{name} with the picture, as multipart (the route checks it and answers the emoji). */
async function upload(roomId, name, file) {
  const form = new FormData();
  form.append('file', file);
  try {
    return await api('PUT', '/rooms/' + encodeURIComponent(roomId) + '/emoji/' + encodeURIComponent(name), form);
  } catch (e) {
    throw REFUSED[e.error] ? new ApiError(e.status, e.error, REFUSED[e.error]) : e;
  }
}

/**
 * The members dialog's part: the room's emoji; an admin also adds one (a name and a picture) and
 * removes any. The list redraws from the `emoji` event each change sends.
 */
export function EmojiSettings({ room }) {
  const list = roomEmoji(room.id);
  const isAdmin = room.admins?.includes(me.value.id);
  const picker = useRef(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const run = (fn) => inDialog(async () => {
    setBusy(true);
    try {
      await fn();
      setDialogError('');
    } finally {
      setBusy(false);
    }
  });
  const add = (file) => run(async () => {
    await upload(room.id, name, file);
    setName('');
  });
  const remove = (e) => run(() => api('DELETE', '/rooms/' + encodeURIComponent(room.id) + '/emoji/' + encodeURIComponent(e.name)));
  const valid = NAME.test(name);
  if (!platform.value.uploads) return null; // custom emoji are the files role's, as uploads are
  return html`<section class="emoji-settings" aria-label="Custom emoji">
    <h3>Custom emoji</h3>
    ${list.length === 0 ? html`<p class="hint">${isAdmin ? 'None yet: add one below.' : 'None yet.'}</p>`
      : html`<ul class="emoji-list" role="list">${list.map((e) => html`<li key=${e.name} class="emoji-row">
        <${CustomEmoji} emoji=${e} px=${24} /> <span class="emoji-name">:${e.name}:</span>
        ${isAdmin && html`<button type="button" disabled=${busy} aria-label=${'Remove :' + e.name + ':'} onClick=${() => remove(e)}>Remove</button>`}
      </li>`)}</ul>`}
    ${isAdmin && html`<div class="emoji-add">
      <label>Name <input id="emoji-name" value=${name} maxlength="32" pattern="[A-Za-z0-9_-]+" placeholder="party_parrot"
        onInput=${(ev) => setName(ev.target.value.replace(/^:|:$/g, ''))} /></label>
      <input ref=${picker} id="emoji-file" type="file" hidden accept="image/png,image/jpeg,image/gif,image/webp" aria-label="Choose the emoji's picture"
        onChange=${(ev) => { const file = ev.target.files[0]; ev.target.value = ''; if (file) add(file); }} />
      <button type="button" id="emoji-upload" disabled=${busy || !valid} onClick=${() => picker.current.click()}>Upload a picture</button>
      <p class="hint">Letters, digits, _ or -; a PNG, JPEG, GIF or WebP picture of at most 256 KB, shown square.</p>
    </div>`}
  </section>`;
}
