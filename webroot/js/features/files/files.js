// Files: attach by button, paste or drop; upload with progress (a row under the timeline, or why it
// failed until dismissed); then the message goes through the outbox. Images show as thumbnails,
// other files as links; the bytes are fetched with the bearer token.
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { auth, fileUrl } from '../../core/api.js';
import { ignoreRequestFailure } from '../../core/failures.js';
import { html } from '../../core/html.js';
import { platform } from '../../core/session.js';
import { $, errorText, toast } from '../../core/ui.js';
import { drafts, newId, queue } from '../composer/store.js';
import { openDialog } from '../dialogs/dialog.js';
import { openRoomId } from '../rooms/store.js';
import { scrollIntent } from '../timeline/store.js';

const ACCEPTED_FILES = 'pictures (PNG, JPEG, GIF, WebP), PDF and plain-text files';
/** The uploads under way or failed: {id, name, percent, error}. */
const uploads = signal([]);
let lastUpload = 0;

function formatSize(bytes) {
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KB';
  return (bytes / 1024 / 1024).toFixed(1) + ' MB';
}

function Thumbnail({ a, name }) {
  const [src, setSrc] = useState(undefined);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    fileUrl(a.thumbnailUrl || a.url).then(setSrc, (e) => {
      ignoreRequestFailure(e);
      setMissing(true);
    });
  }, [a.thumbnailUrl, a.url]);
  const openFull = async () => {
    try {
      const full = await fileUrl(a.url);
      openDialog({ title: name, body: html`<img class="full-image" alt=${name} src=${full} />` });
    } catch (e) { toast(errorText(e)); }
  };
  return html`<button type="button" class="thumb" aria-label=${'Open ' + name + ' full size'} onClick=${openFull}>
    <img alt=${missing ? name + ' (not available)' : name} loading="lazy" src=${src} />
  </button>`;
}

async function download(a, name) {
  try {
    const link = document.createElement('a');
    link.href = await fileUrl(a.url);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
  } catch (e) { toast(errorText(e)); }
}

export function Attachments({ attachments }) {
  return html`<div class="attachments">
    ${attachments.map((a) => {
      const name = a.name || 'file';
      return (a.contentType || '').startsWith('image/')
        ? html`<${Thumbnail} a=${a} name=${name} />`
        : html`<button type="button" class="link file-link" onClick=${() => download(a, name)}>${name + ' (' + formatSize(a.size || 0) + ')'}</button>`;
    })}
  </div>`;
}

/** Why a file was refused, in words: the contract's codes for it, or the server's own message. */
function uploadRefusal(name, status, body) {
  if (status === 413 || body?.error === 'too_large') return name + ' is too large: files can be at most ' + platform.value.limits.uploadMaxBytes / 1024 / 1024 + ' MB.';
  if (status === 415 || body?.error === 'unsupported_type') return name + ' cannot be sent: only ' + ACCEPTED_FILES + ' can.';
  if (status === 0) return name + ' was not sent: no connection to the server.';
  return name + ' was not sent: ' + (body?.message || 'the upload failed (' + status + ').');
}

function changeUpload(id, change) {
  uploads.value = change ? uploads.value.map((u) => (u.id === id ? { ...u, ...change } : u)) : uploads.value.filter((u) => u.id !== id);
}

/** Uploads a file, then queues its message (the composer's text, or the file's name, as its caption). */
function upload(file, flushOutbox, id = ++lastUpload, retried = false) {
  const roomId = openRoomId.value;
  if (!roomId) return;
  if (!retried) uploads.value = [...uploads.value, { id, name: file.name, percent: 0, error: null }];
  if (file.size > platform.value.limits.uploadMaxBytes) {
    changeUpload(id, { error: uploadRefusal(file.name, 413, null) });
    return;
  }
  const form = new FormData();
  form.append('file', file, file.name);
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/v1/uploads');
  xhr.setRequestHeader('Authorization', 'Bearer ' + auth.token);
  xhr.upload.onprogress = (ev) => { if (ev.lengthComputable) changeUpload(id, { percent: Math.round((ev.loaded / ev.total) * 100) }); };
  xhr.onerror = () => changeUpload(id, { error: uploadRefusal(file.name, 0, null) });
  xhr.onload = () => {
    let body = null;
    try { body = JSON.parse(xhr.responseText); } catch (e) { /* no body */ }
    if (xhr.status === 401 && !retried) {
      auth.refresh().then(() => upload(file, flushOutbox, id, true), (e) => {
        changeUpload(id, null); // the session has ended (the sign-in screen says so), or is offline
        ignoreRequestFailure(e);
      });
      return;
    }
    if (xhr.status !== 201 || !body) {
      changeUpload(id, { error: uploadRefusal(file.name, xhr.status, body) });
      return;
    }
    changeUpload(id, null);
    const input = $('message-input');
    const text = input.value.trim() || body.name || file.name;
    if (roomId === openRoomId.value) {
      input.value = '';
      drafts.delete(roomId);
    }
    queue({ room: roomId, text, clientMsgId: newId(), ts: Date.now(), attachments: [{ fileId: body.fileId }] });
    scrollIntent.stick = true;
    flushOutbox();
  };
  xhr.send(form);
}

/** The rows under the timeline (#uploads). */
export function Uploads() {
  return uploads.value.map((u) => (u.error
    ? html`<div key=${u.id} class="upload-row failed">
        <span class="error" role="alert">${u.error}</span>
        <button type="button" class="act" aria-label=${'Dismiss: ' + u.error} onClick=${() => changeUpload(u.id, null)}>Dismiss</button>
      </div>`
    : html`<div key=${u.id} class="upload-row">
        <span class="upload-name">${u.name}</span>
        <progress max="100" value=${u.percent} aria-label=${'Uploading ' + u.name}></progress>
      </div>`));
}

/** The ways to attach: the button, pasting into the composer, dropping on the room. */
export function wireAttaching(flushOutbox) {
  const send = (file) => upload(file, flushOutbox);
  $('attach').addEventListener('click', () => $('file-input').click());
  $('file-input').addEventListener('change', (ev) => {
    for (const file of ev.target.files) send(file);
    ev.target.value = '';
  });
  $('message-input').addEventListener('paste', (ev) => {
    if (!platform.value.uploads) return;
    const files = [...(ev.clipboardData?.files || [])];
    if (files.length) {
      ev.preventDefault();
      files.forEach(send);
    }
  });
  // A file dropped anywhere else must not make the browser leave the page to show it.
  window.addEventListener('dragover', (ev) => ev.preventDefault());
  window.addEventListener('drop', (ev) => ev.preventDefault());
  const pane = $('room-pane');
  pane.addEventListener('dragover', (ev) => {
    if (!platform.value.uploads || !openRoomId.value) return;
    ev.preventDefault();
    pane.classList.add('dragging');
  });
  pane.addEventListener('dragleave', () => pane.classList.remove('dragging'));
  pane.addEventListener('drop', (ev) => {
    pane.classList.remove('dragging');
    if (!platform.value.uploads || !openRoomId.value) return;
    ev.preventDefault();
    [...(ev.dataTransfer?.files || [])].forEach(send);
  });
}
