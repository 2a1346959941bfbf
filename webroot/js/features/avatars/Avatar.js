// Faces: a person's avatar (fetched with the bearer token, as files are), or their initials on their
// colour; and the account dialog's part to upload or remove one's own.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, fileUrl } from '../../core/api.js';
import { ApiError, ignoreRequestFailure } from '../../core/failures.js';
import { html } from '../../core/html.js';
import { avatarOf, nameOf, peopleVersion, resolveNames } from '../../core/people.js';
import { me } from '../../core/session.js';
import { errorText } from '../../core/ui.js';
import { setDialogError } from '../dialogs/dialog.js';
import { avatarRefusal, colourOf, initials, sizedUrl } from './logic.js';

/** Someone's face, {@code px} CSS pixels square; decorative (the name is always said beside it). */
export function Avatar({ id, name, px = 32, url }) {
  peopleVersion.value;
  useEffect(() => { if (id) resolveNames([id]); }, [id]);
  const wanted = sizedUrl(url !== undefined ? url : avatarOf(id), px);
  const [src, setSrc] = useState(null);
  useEffect(() => {
    setSrc(null);
    if (wanted) fileUrl(wanted).then(setSrc, ignoreRequestFailure);
  }, [wanted]);
  // Set through the CSSOM (Preact's style object), which the page's CSP allows, unlike style attributes.
  const style = { width: px + 'px', height: px + 'px', fontSize: Math.round(px * 0.42) + 'px' };
  if (wanted && src) return html`<img class="avatar" alt="" aria-hidden="true" data-user=${id} src=${src} style=${style} />`;
  return html`<span class="avatar initials" aria-hidden="true" data-user=${id}
    style=${{ ...style, background: colourOf(id) }}>${initials(name || nameOf(id))}</span>`;
}

/** PUT (multipart, through api()) or DELETE /api/v1/me/avatar: the answer is the user object, with or without avatarUrl. */
async function changeAvatar(method, file) {
  let body;
  if (file) {
    body = new FormData();
    body.append('file', file);
  }
  try {
    return await api(method, '/me/avatar', body);
  } catch (e) {
    const refusal = avatarRefusal(e.status);
    throw refusal ? new ApiError(e.status, e.error, refusal) : e;
  }
}

/** The account dialog's avatar: the current face, a button to choose a new picture, one to remove it. */
export function AvatarSettings({ onChange }) {
  const picker = useRef(null);
  const [busy, setBusy] = useState(false);
  const run = async (method, file) => {
    setBusy(true);
    try {
      onChange(await changeAvatar(method, file));
      setDialogError('');
    } catch (e) {
      setDialogError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="avatar-settings" id="avatar-section">
    <${Avatar} id=${me.value.id} name=${me.value.displayName} url=${me.value.avatarUrl || null} px=${64} />
    <input ref=${picker} type="file" hidden accept="image/png,image/jpeg,image/gif,image/webp" aria-label="Choose a picture for your avatar"
      id="avatar-file" onChange=${(ev) => { if (ev.target.files[0]) run('PUT', ev.target.files[0]); ev.target.value = ''; }} />
    <button type="button" id="avatar-upload" disabled=${busy} onClick=${() => picker.current.click()}>
      ${me.value.avatarUrl ? 'Change picture' : 'Upload a picture'}</button>
    ${me.value.avatarUrl && html`<button type="button" id="avatar-remove" disabled=${busy} onClick=${() => run('DELETE')}>Remove</button>`}
  </div>`;
}
