// The account dialog: display name and language, password change, two-factor sign-in (set up with a
// QR code and a confirming code, or turned off with a code), and the signed-in sessions.
import { Fragment, createRef } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, auth } from '../../core/api.js';
import { ignoreRequestFailure } from '../../core/failures.js';
import { html } from '../../core/html.js';
import { me, platform } from '../../core/session.js';
import { qrCanvas } from './qr.js';
import { inDialog, openDialog, setDialogError } from '../dialogs/dialog.js';
import { AvatarSettings } from '../avatars/Avatar.js';
import { NotificationSettings } from '../notifications/notifications.js';

/** A session's device in words, from its User-Agent: "Chrome on Linux"; the raw text when it is not a browser's. */
function deviceName(userAgent) {
  const ua = userAgent || '';
  const browser = [['Edg/', 'Edge'], ['Firefox/', 'Firefox'], ['Chrom', 'Chrome'], ['Safari/', 'Safari']].find(([mark]) => ua.includes(mark));
  const system = [['Android', 'Android'], ['iPhone', 'iOS'], ['iPad', 'iOS'], ['Windows', 'Windows'], ['Mac OS X', 'macOS'], ['Linux', 'Linux']]
    .find(([mark]) => ua.includes(mark));
  if (browser) return browser[1] + (system ? ' on ' + system[1] : '');
  return ua ? ua.slice(0, 40) : 'Unknown device';
}

function setMe(user) {
  me.value = user;
  auth.setUser(user);
}

function Sessions() {
  const [list, setList] = useState([]);
  const load = () => inDialog(async () => setList(await api('GET', '/auth/sessions')));
  useEffect(() => { load(); }, []);
  const end = (s) => inDialog(async () => {
    await api('DELETE', '/auth/sessions/' + encodeURIComponent(s.id));
    load();
  });
  return html`<ul class="results" role="list" aria-label="Signed-in sessions">
    ${list.map((s) => {
      const device = deviceName(s.userAgent);
      return html`<li key=${s.id} class="channel-row session-row">
        <span class="session-text">
          <span class="room-name" title=${s.userAgent || ''}>${device}</span>
          <span class="muted">${'last used ' + new Date(s.lastUsedAt).toLocaleString()}</span>
        </span>
        ${s.current
          ? html`<span class="this-one">(this one)</span>`
          : html`<button type="button" aria-label=${'Sign out the session on ' + device} onClick=${() => end(s)}>Sign out</button>`}
      </li>`;
    })}
  </ul>`;
}

/** A 6-digit code field; Enter runs onEnter. */
function CodeInput({ label, onEnter, inputRef }) {
  return html`<input ref=${inputRef} inputmode="numeric" maxlength="6" autocomplete="one-time-code" aria-label=${label} name="totp-code"
    onKeyDown=${(ev) => { if (ev.key === 'Enter') { ev.preventDefault(); onEnter(); } }} />`;
}

function QrCode({ uri }) {
  const box = useRef(null);
  useEffect(() => {
    const canvas = qrCanvas(uri);
    canvas.id = 'totp-qr';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'QR code for your authenticator app');
    canvas.className = 'qr';
    box.current.replaceChildren(canvas);
  }, [uri]);
  return html`<div ref=${box}></div>`;
}

function TwoFactor() {
  const [setup, setSetup] = useState(null);
  const code = useRef(null);
  useEffect(() => { if (setup) code.current?.focus(); }, [setup]);
  const turn = (on) => inDialog(async () => {
    await api('POST', on ? '/auth/totp/enable' : '/auth/totp/disable', { code: code.current.value.trim() });
    setMe({ ...me.value, totpEnabled: on });
    setDialogError('');
    setSetup(null);
  });
  const start = () => inDialog(async () => setSetup(await api('POST', '/auth/totp/setup')));
  // Keyed by state, so that no field (and no code typed in it) is carried from one state to the next.
  let content;
  if (me.value.totpEnabled) {
    content = html`<${Fragment} key="on">
      <p id="totp-state">On: signing in asks for a code from your authenticator app.</p>
      <label>Code from your app <${CodeInput} inputRef=${code} label="Code to turn two-factor sign-in off" onEnter=${() => turn(false)} /></label>
      <button type="button" id="totp-disable" onClick=${() => turn(false)}>Turn off</button>
    </${Fragment}>`;
  } else if (setup) {
    content = html`<${Fragment} key="setup">
      <p>Scan this with your authenticator app, or enter the key by hand, then type the code it shows.</p>
      <${QrCode} uri=${setup.otpauthUri} />
      <p class="secret">Key: <code id="totp-secret">${setup.secret}</code></p>
      <label>Code <${CodeInput} inputRef=${code} label="Code from your authenticator app" onEnter=${() => turn(true)} /></label>
      <button type="button" class="primary" id="totp-enable" onClick=${() => turn(true)}>Confirm and turn on</button>
    </${Fragment}>`;
  } else {
    content = html`<${Fragment} key="off">
      <p id="totp-state">Off.</p>
      <button type="button" id="totp-setup" onClick=${start}>Set up two-factor sign-in</button>
    </${Fragment}>`;
  }
  return html`<div class="stack" id="totp-section">${content}</div>`;
}

/** The language field: the languages translation offers now, as targets; else two letters. */
async function languageField(current) {
  if (platform.value.translation) {
    try {
      const pairs = await api('GET', '/translate/languages');
      const codes = [...new Set([current, ...pairs.map((p) => p.to)])].sort();
      const names = new Intl.DisplayNames([navigator.language || 'en'], { type: 'language' });
      return (ref) => html`<select ref=${ref} aria-label="Your language (messages are translated into it)">
        ${codes.map((c) => html`<option value=${c} selected=${c === current}>${(names.of(c) || c) + ' (' + c + ')'}</option>`)}
      </select>`;
    } catch (e) { ignoreRequestFailure(e); /* the text field will do */ }
  }
  return (ref) => html`<input ref=${ref} aria-label="Language (two letters)" maxlength="2" value=${current} pattern="[a-z]{2}" />`;
}

export async function openAccount() {
  const displayName = createRef();
  const language = createRef();
  const receipts = createRef();
  const oldPw = createRef();
  const newPw = createRef();
  const languageInput = await languageField(me.value.language || 'en');
  openDialog({
    title: 'Account',
    body: html`
      <label>Display name <input ref=${displayName} aria-label="Display name" maxlength="64" value=${me.value.displayName} /></label>
      <${AvatarSettings} onChange=${setMe} />
      <label>Language ${languageInput(language)}</label>
      <label class="check"><input ref=${receipts} type="checkbox" checked=${me.value.readReceipts !== false} />
        Read receipts (others see when you have read their messages, and you see when they have read yours)</label>
      <h3>Change password</h3>
      <label>Current password <input ref=${oldPw} type="password" aria-label="Current password" autocomplete="current-password" /></label>
      <label>New password <input ref=${newPw} type="password" aria-label="New password" autocomplete="new-password" /></label>
      <h3>Notifications</h3>
      <${NotificationSettings} />
      <h3>Two-factor sign-in</h3>
      <${TwoFactor} />
      <h3>Signed-in sessions</h3>
      <${Sessions} />`,
    ok: 'Save',
    async onOk() {
      setMe(await api('PATCH', '/me', { displayName: displayName.current.value.trim(), language: language.current.value.trim().toLowerCase(),
        readReceipts: receipts.current.checked }));
      if (newPw.current.value) {
        await api('POST', '/auth/password/change', { oldPassword: oldPw.current.value, password: newPw.current.value });
      }
    },
  });
}
