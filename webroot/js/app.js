import { createBus } from './bus.js';
import { api, auth, ApiError } from './api.js';
import { $, h, linkified, show } from './dom.js';
import { Outbox } from './outbox.js';
import { qrCanvas } from './qr.js';

// ---------------------------------------------------------------------------------------------
// Connection

const STATE_LABEL = { connecting: 'connecting…', open: 'connected', closed: 'offline' };
let wasOpen = false;
const rejections = [];
let offlineTimer = null;

const bus = createBus({
  onState(s) {
    const status = $('connection');
    status.dataset.state = s;
    status.textContent = STATE_LABEL[s];
    if (s === 'open') {
      clearTimeout(offlineTimer);
      show($('offline-banner'), false);
      document.body.classList.remove('offline');
      if (auth.session) onConnected(wasOpen);
      wasOpen = true;
    } else if (s === 'closed') {
      // A brief blip does not need a banner; a lasting one does.
      clearTimeout(offlineTimer);
      offlineTimer = setTimeout(() => {
        if (bus.state !== 'open') {
          show($('offline-banner'), !!auth.session);
          document.body.classList.add('offline');
        }
      }, wasOpen ? 300 : 3000);
    }
  },
  onRejected(err) {
    rejections.push(err);
    console.warn('bridge refused', err);
    // A refused registration may mean the session was ended elsewhere: asking over HTTP finds out
    // (401, then the refresh answers invalid_token and the sign-in screen says so).
    if (auth.session) api('GET', '/me').catch(() => {});
  },
});

/** A bridge request; an expired access token is refreshed once and the request tried again. */
async function req(address, body) {
  try {
    return await bus.request(address, body);
  } catch (e) {
    if (e.failureCode !== 401 || !auth.session) throw e;
    await auth.refresh();
    return bus.request(address, body);
  }
}

// Test hooks (used by the browser tests; harmless for people).
window.confabTest = {
  disconnect: () => bus.disconnect(true),
  reconnect: () => bus.unblock(),
  get state() { return bus.state; },
  outbox: () => outbox?.items() ?? [],
  rejections: () => rejections.map((e) => JSON.stringify(e)),
};

// ---------------------------------------------------------------------------------------------
// Accounts

const forms = ['signin', 'signup', 'verify', 'forgot', 'reset'];
let pendingEmail = '';

function showForm(name) {
  for (const f of forms) show($(f + '-form'), f === name);
  setAuthError('');
  const first = $(name + '-form').querySelector('input:not([type=hidden])');
  first?.focus();
}

function setAuthError(text) {
  $('auth-error').textContent = text;
  show($('auth-error'), !!text);
}

function setAuthMessage(text) {
  $('auth-message').textContent = text || '';
  show($('auth-message'), !!text);
}

function showAuth(message) {
  show($('chat-view'), false);
  show($('me'), false);
  show($('back'), false);
  show($('offline-banner'), false);
  show($('auth-view'), true);
  document.body.classList.remove('in-room');
  setAuthMessage(message);
  showForm('signin');
}

for (const button of document.querySelectorAll('[data-go]')) {
  button.addEventListener('click', () => { setAuthMessage(''); showForm(button.dataset.go); });
}

function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

async function busy(form, fn) {
  const submit = form.querySelector('[type=submit]');
  submit.disabled = true;
  try {
    await fn();
  } catch (e) {
    setAuthError(e.message);
  } finally {
    submit.disabled = false;
  }
}

$('signin-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target;
  busy(form, async () => {
    const v = formValues(form);
    const body = { email: v.email.trim(), password: v.password };
    if (v.totp) body.totp = v.totp.trim();
    try {
      const answer = await api('POST', '/auth/login', body);
      form.reset();
      show($('totp-field'), false);
      auth.start(answer);
      enterChat();
    } catch (e) {
      if (e.error === 'totp_required') {
        show($('totp-field'), true);
        form.elements.totp.focus();
      }
      if (e.error === 'email_not_verified') {
        pendingEmail = body.email;
        $('verify-email').textContent = pendingEmail;
        await api('POST', '/auth/resend', { email: pendingEmail }).catch(() => {});
        showForm('verify');
        setAuthMessage('Verify your email address first: enter the code we sent you.');
        return;
      }
      throw e;
    }
  });
});

let signupPassword = '';
$('signup-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target;
  busy(form, async () => {
    const v = formValues(form);
    const language = (navigator.language || 'en').slice(0, 2).toLowerCase();
    const body = { email: v.email.trim(), password: v.password, displayName: v.displayName.trim() };
    if (/^[a-z]{2}$/.test(language)) body.language = language;
    await api('POST', '/auth/register', body);
    pendingEmail = body.email;
    signupPassword = v.password;
    $('verify-email').textContent = pendingEmail;
    form.reset();
    showForm('verify');
  });
});

$('verify-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target;
  busy(form, async () => {
    const v = formValues(form);
    await api('POST', '/auth/verify', { email: pendingEmail, code: v.code.trim() });
    form.reset();
    if (signupPassword) {
      // Straight in after signing up: the password was just typed.
      const answer = await api('POST', '/auth/login', { email: pendingEmail, password: signupPassword });
      signupPassword = '';
      auth.start(answer);
      enterChat();
      return;
    }
    showForm('signin');
    $('signin-form').elements.email.value = pendingEmail;
    setAuthMessage('Your email address is verified. Sign in.');
  });
});

$('resend').addEventListener('click', async () => {
  await api('POST', '/auth/resend', { email: pendingEmail }).catch(() => {});
  setAuthMessage('If the address has an account waiting, a new code is on its way (at most one a minute).');
});

$('forgot-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target;
  busy(form, async () => {
    pendingEmail = formValues(form).email.trim();
    await api('POST', '/auth/password/forgot', { email: pendingEmail });
    $('reset-email').textContent = pendingEmail;
    showForm('reset');
  });
});

$('reset-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target;
  busy(form, async () => {
    const v = formValues(form);
    await api('POST', '/auth/password/reset', { email: pendingEmail, code: v.code.trim(), password: v.password });
    form.reset();
    showForm('signin');
    $('signin-form').elements.email.value = pendingEmail;
    setAuthMessage('Your password is changed. Sign in with it.');
  });
});

$('signout').addEventListener('click', async () => {
  const refreshToken = auth.session?.refreshToken;
  await api('POST', '/auth/logout', { refreshToken }).catch(() => {});
  auth.end('You are signed out.');
});

auth.onChange((session, reason) => {
  bus.setToken(session?.accessToken || null);
  if (!session) {
    leaveChat();
    showAuth(reason || 'You are signed out.');
  }
});

// ---------------------------------------------------------------------------------------------
// Chat state

const KIND_TITLES = { channel: 'Channels', group: 'Groups', direct: 'Direct messages', self: 'Notes' };
const PAGE = 50;

let me = null;
let outbox = null;
const rooms = new Map(); // id -> room, with readSeq, unread, last
const timelines = new Map(); // id -> timeline state
const names = new Map(JSON.parse(localStorage.getItem('confab.names') || '[]'));
const presence = new Map();
const typing = new Map(); // roomId -> Map(userId -> until)
let openRoomId = null;
let openRoomStream = null;
let chatActive = false;
// What the platform offers (GET /api/v1/features): nothing optional until it has answered.
let features = { uploads: false, translation: false, languages: [], limits: {} };

function rememberName(id, displayName) {
  if (!id || !displayName || names.get(id) === displayName) return;
  names.set(id, displayName);
  localStorage.setItem('confab.names', JSON.stringify([...names].slice(-500)));
}

function nameOf(id) {
  if (me && id === me.id) return me.displayName;
  return names.get(id) || 'Someone';
}

function otherMember(room) {
  return room.members?.find((m) => m !== me.id);
}

function roomTitle(room) {
  if (room.kind === 'self') return 'Notes to self';
  if (room.kind === 'direct') {
    const other = otherMember(room);
    return names.get(other) || 'Direct message';
  }
  return room.name || 'Room';
}

function timeline(roomId) {
  let t = timelines.get(roomId);
  if (!t) {
    t = {
      roomId,
      bySeq: new Map(),
      minSeq: Infinity,
      maxSeq: 0,
      lastRev: 0,
      hasOlder: true,
      loaded: false,
      syncing: false,
      buffer: [],
      divider: null,
      loadingOlder: false,
    };
    timelines.set(roomId, t);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Entering and leaving

async function enterChat() {
  me = auth.user;
  chatActive = true;
  outbox = new Outbox(me.id);
  bus.setToken(auth.token);
  show($('auth-view'), false);
  show($('chat-view'), true);
  show($('me'), true);
  $('me-name').textContent = me.displayName;
  rememberName(me.id, me.displayName);
  bus.register('user.' + me.id, (ev) => onEvent(ev, 'user'));
  restoreRooms();
  const lastOpen = sessionStorage.getItem('confab.openRoom');
  if (lastOpen && rooms.has(lastOpen)) openRoom(lastOpen);
  try {
    const fresh = await api('GET', '/me');
    me = fresh;
    auth.setUser(fresh);
    $('me-name').textContent = me.displayName;
  } catch (e) { /* offline: the stored user will do */ }
  await loadRooms();
  if (bus.connected) onConnected(false);
  loadFeatures();
}

function leaveChat() {
  chatActive = false;
  bus.unregisterAll();
  rooms.clear();
  timelines.clear();
  typing.clear();
  openRoomId = null;
  openRoomStream = null;
  me = null;
  outbox = null;
  $('room-list').replaceChildren();
  $('timeline').replaceChildren();
  renderedKeys.clear();
  show($('room-view'), false);
  show($('empty-pane'), true);
}

async function loadFeatures() {
  try {
    features = await api('GET', '/features');
  } catch (e) { return; /* offline: the optional parts stay hidden */ }
  document.body.classList.toggle('has-translate', features.translation);
  document.body.classList.toggle('has-uploads', features.uploads);
  $('message-input').maxLength = features.limits.messageMaxLength;
}

function cacheRooms() {
  if (!me) return;
  const list = [...rooms.values()];
  try { localStorage.setItem('confab.rooms.' + me.id, JSON.stringify(list)); } catch (e) { /* full: no cache */ }
}

/** The rooms as last seen, so that a reload while offline still shows them (and their outbox). */
function restoreRooms() {
  try {
    for (const room of JSON.parse(localStorage.getItem('confab.rooms.' + me.id)) || []) rooms.set(room.id, room);
  } catch (e) { /* no cache */ }
  renderRooms();
}

async function loadRooms() {
  try {
    const list = await api('GET', '/rooms');
    for (const { lastMessage, ...r } of list) {
      const known = rooms.get(r.id);
      // The listed last message is as it is now (edited, deleted); a live one already newer stays.
      const last = lastMessage && (!known?.last || lastMessage.seq >= known.last.seq) ? lastMessage : known?.last;
      rooms.set(r.id, { ...known, ...r, last });
    }
    for (const id of [...rooms.keys()]) {
      if (!list.some((r) => r.id === id)) rooms.delete(id);
    }
  } catch (e) {
    if (e.status === 0) return;
    throw e;
  }
  renderRooms();
  cacheRooms();
  resolveNames();
  queryPresence();
}

const NAMES_PER_LOOKUP = 100;
const askingNames = new Set();

/**
 * Names of people by id, asked 100 at a time: by default the members of direct rooms and groups (a
 * channel's may be many: those are asked for when its members panel opens or one of them types).
 */
async function resolveNames(ids = [...rooms.values()].filter((room) => room.kind !== 'channel').flatMap((room) => room.members || [])) {
  const unknown = [...new Set(ids)].filter((id) => me && id !== me.id && !names.has(id) && !askingNames.has(id));
  for (let i = 0; i < unknown.length; i += NAMES_PER_LOOKUP) {
    const batch = unknown.slice(i, i + NAMES_PER_LOOKUP);
    batch.forEach((id) => askingNames.add(id));
    try {
      const users = await api('GET', '/users?ids=' + batch.map(encodeURIComponent).join(','));
      for (const u of users) rememberName(u.id, u.displayName);
    } catch (e) { /* offline: asked again on the next connection */ } finally {
      batch.forEach((id) => askingNames.delete(id));
    }
  }
  if (unknown.length && me) {
    renderRooms();
    if (openRoomId) renderRoomHead();
  }
}

async function queryPresence() {
  if (!bus.connected || !me) return;
  const users = new Set();
  for (const room of rooms.values()) {
    if (room.kind === 'direct' || room.kind === 'group') {
      for (const m of room.members || []) if (m !== me.id) users.add(m);
    }
  }
  if (!users.size) return;
  try {
    const answer = await req('presence.query', { users: [...users].slice(0, 200) });
    for (const [id, status] of Object.entries(answer)) presence.set(id, status);
    renderRooms();
    if (openRoomId) renderRoomHead();
  } catch (e) { /* later */ }
}

/** A (new) connection: catch up every open room with chat.sync before live events, then send the outbox. */
async function onConnected(isReconnect) {
  if (!chatActive || !me) return;
  bus.setToken(auth.token);
  const loaded = [...timelines.values()].filter((t) => t.loaded);
  for (const t of loaded) t.syncing = true;
  if (isReconnect) loadRooms().catch(() => {});
  await Promise.all(loaded.map((t) => catchUp(t)));
  // The open room could not load while offline (a reload without a network): load it now.
  const open = openRoomId && timelines.get(openRoomId);
  if (open && !open.loaded) {
    open.syncing = true;
    try {
      await loadNewest(open);
    } finally {
      open.syncing = false;
      const buffered = open.buffer;
      open.buffer = [];
      for (const ev of buffered) applyEvent(ev);
      stickToBottom = true;
      afterTimelineChange(open.roomId);
    }
  }
  queryPresence();
  resolveNames();
  flushOutbox();
}

async function catchUp(t) {
  try {
    let more = true;
    while (more) {
      const page = await req('chat.sync', { room: t.roomId, since: t.lastRev, limit: 200 });
      for (const m of page.messages) mergeMessage(t, m);
      t.lastRev = Math.max(t.lastRev, page.rev);
      more = page.hasMore && page.messages.length > 0;
    }
  } catch (e) {
    console.warn('sync failed', t.roomId, e);
  } finally {
    t.syncing = false;
    const buffered = t.buffer;
    t.buffer = [];
    for (const ev of buffered) applyEvent(ev);
    afterTimelineChange(t.roomId);
  }
}

// ---------------------------------------------------------------------------------------------
// Events

function onEvent(ev, source) {
  if (!ev || !chatActive) return;
  if (ev.type === 'room') {
    onRoomEvent(ev);
    return;
  }
  // The open room's events come on its own stream and as copies on the user stream: every event is
  // applied idempotently (seq/rev merges, read markers only forward), so the second copy changes nothing.
  const t = timelines.get(ev.room);
  if (t && t.syncing) {
    t.buffer.push(ev);
    return;
  }
  applyEvent(ev);
}

function onRoomEvent(ev) {
  const room = ev.room;
  if (!room) return;
  if (ev.event === 'member_removed' && !room.members.includes(me.id)) {
    rooms.delete(room.id);
    timelines.delete(room.id);
    if (openRoomId === room.id) closeRoom();
  } else {
    const known = rooms.get(room.id);
    rooms.set(room.id, { ...known, ...room, lastSeq: Math.max(known?.lastSeq || 0, room.lastSeq || 0) });
    if (!known) {
      rooms.get(room.id).readSeq = 0;
      rooms.get(room.id).unread = room.lastSeq || 0;
    }
  }
  renderRooms();
  resolveNames();
  queryPresence();
  if (openRoomId === room.id) renderRoomHead();
}

function applyEvent(ev) {
  if (!me || !chatActive) return; // signed out meanwhile
  const room = rooms.get(ev.room);
  const t = timelines.get(ev.room);
  switch (ev.type) {
    case 'message':
    case 'edit': {
      const m = ev;
      rememberName(m.sender?.id, m.sender?.displayName);
      if (t && t.loaded) {
        mergeMessage(t, m);
        t.lastRev = Math.max(t.lastRev, m.rev || 0);
      }
      if (room) {
        if (ev.type === 'message' && m.seq > (room.lastSeq || 0)) {
          room.lastSeq = m.seq;
          const mine = m.sender?.id === me.id;
          if (mine) room.readSeq = Math.max(room.readSeq || 0, m.seq);
          room.unread = Math.max(0, room.lastSeq - (room.readSeq || 0));
        }
        if (!room.last || m.seq >= room.last.seq) room.last = m;
      }
      clearTyping(ev.room, m.sender?.id);
      if (m.sender?.id === me.id && m.clientMsgId) outbox.confirm(m.clientMsgId);
      break;
    }
    case 'delete':
      if (t && t.loaded) {
        mergeDelete(t, ev);
        t.lastRev = Math.max(t.lastRev, ev.rev || 0);
      }
      if (room?.last && room.last.seq === ev.seq) room.last = { ...room.last, deleted: true, text: null };
      break;
    case 'read':
      if (room && ev.user === me.id && ev.seq > (room.readSeq || 0)) {
        room.readSeq = ev.seq;
        room.unread = Math.max(0, (room.lastSeq || 0) - room.readSeq);
      }
      break;
    case 'typing':
      if (ev.user !== me.id) {
        if (!typing.has(ev.room)) typing.set(ev.room, new Map());
        typing.get(ev.room).set(ev.user, Date.now() + 4000);
        if (!names.has(ev.user)) resolveNames([ev.user]).then(renderTyping);
        renderTyping();
        setTimeout(renderTyping, 4100);
      }
      return;
    case 'presence':
      presence.set(ev.user, ev.status);
      break;
    default:
      return;
  }
  renderRooms();
  if (ev.room === openRoomId) {
    afterTimelineChange(ev.room);
    renderRoomHead();
  }
}

function clearTyping(roomId, userId) {
  typing.get(roomId)?.delete(userId);
  if (roomId === openRoomId) renderTyping();
}

/** Merges by seq, keeping the latest rev: history, sync and live events never show a message twice. */
function mergeMessage(t, m) {
  if (t.hasOlder && m.seq < t.minSeq && t.bySeq.size > 0) return; // older than what is shown: history brings it
  const known = t.bySeq.get(m.seq);
  if (known && (known.rev || 0) > (m.rev || 0)) return;
  t.bySeq.set(m.seq, m);
  t.minSeq = Math.min(t.minSeq, m.seq);
  t.maxSeq = Math.max(t.maxSeq, m.seq);
  if (m.sender?.id === me?.id && m.clientMsgId) outbox?.confirm(m.clientMsgId);
}

function mergeDelete(t, ev) {
  const known = t.bySeq.get(ev.seq);
  if (known && (known.rev || 0) > (ev.rev || 0)) return;
  if (!known && t.hasOlder && ev.seq < t.minSeq) return;
  t.bySeq.set(ev.seq, { ...(known || { id: ev.id, seq: ev.seq, sender: null, ts: Date.now() }), deleted: true, text: null, rev: ev.rev });
  t.minSeq = Math.min(t.minSeq, ev.seq);
  t.maxSeq = Math.max(t.maxSeq, ev.seq);
}

// ---------------------------------------------------------------------------------------------
// Sidebar

function renderRooms() {
  if (!me) return;
  const list = $('room-list');
  const groups = { channel: [], group: [], direct: [], self: [] };
  for (const room of rooms.values()) (groups[room.kind] || groups.group).push(room);
  const sections = [];
  for (const kind of ['channel', 'group', 'direct', 'self']) {
    const items = groups[kind];
    if (!items.length) continue;
    items.sort((a, b) => (b.last?.ts || b.createdAt || 0) - (a.last?.ts || a.createdAt || 0));
    sections.push(h('h3', { class: 'side-title', text: KIND_TITLES[kind] }));
    sections.push(h('ul', { class: 'rooms', role: 'list' }, items.map(roomItem)));
  }
  if (!sections.length) sections.push(h('p', { class: 'muted', text: 'No rooms yet. Start a direct message or create a group.' }));
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset.room : null;
  list.replaceChildren(...sections);
  if (focused) list.querySelector('[data-room="' + CSS.escape(focused) + '"]')?.focus();
}

function roomItem(room) {
  const unread = room.id === openRoomId ? 0 : room.unread || 0;
  const title = roomTitle(room);
  let dot = null;
  if (room.kind === 'direct') {
    const status = presence.get(otherMember(room)) || 'offline';
    dot = h('span', { class: 'dot ' + status, 'aria-label': status, role: 'img' });
  }
  const preview = room.last
    ? (room.last.deleted ? 'Message deleted' : ((room.kind === 'group' || room.kind === 'channel') && room.last.sender ? nameOf(room.last.sender.id) + ': ' : '') + (room.last.text || ''))
    : '';
  const label = title + (unread ? ', ' + unread + ' unread' : '');
  return h('li', {},
    h('button', {
      type: 'button',
      class: 'room-item' + (room.id === openRoomId ? ' active' : '') + (unread ? ' has-unread' : ''),
      'aria-label': label,
      'aria-current': room.id === openRoomId ? 'true' : null,
      dataset: { room: room.id },
      onclick: () => openRoom(room.id),
    },
    dot,
    h('span', { class: 'room-text' },
      h('span', { class: 'room-name', text: title }),
      preview ? h('span', { class: 'room-preview', text: preview }) : null),
    unread ? h('span', { class: 'badge', text: unread > 99 ? '99+' : String(unread), 'aria-hidden': 'true' }) : null));
}

// ---------------------------------------------------------------------------------------------
// Timeline

async function openRoom(roomId) {
  const room = rooms.get(roomId);
  if (!room) return;
  if (openRoomStream) bus.unregister(openRoomStream);
  openRoomId = roomId;
  openRoomStream = 'room.' + roomId;
  sessionStorage.setItem('confab.openRoom', roomId);
  renderedKeys.clear();
  $('timeline').replaceChildren();
  show($('empty-pane'), false);
  show($('room-view'), true);
  document.body.classList.add('in-room');
  show($('back'), true);
  renderRoomHead();
  renderRooms();
  renderTyping();
  const t = timeline(roomId);
  t.divider = (room.unread || 0) > 0 ? room.readSeq || 0 : null;
  // Subscribe first, then fetch: events during the fetch are merged by seq/rev.
  bus.register(openRoomStream, (ev) => onEvent(ev, 'room'));
  if (!t.loaded) {
    t.syncing = true;
    try {
      await loadNewest(t);
    } finally {
      t.syncing = false;
      const buffered = t.buffer;
      t.buffer = [];
      for (const ev of buffered) applyEvent(ev);
    }
  }
  stickToBottom = true;
  afterTimelineChange(roomId);
  $('message-input').value = drafts.get(roomId) || '';
  if (window.matchMedia('(min-width: 700px)').matches) $('message-input').focus();
}

async function loadNewest(t) {
  try {
    const page = bus.connected
      ? await req('chat.history', { room: t.roomId, limit: PAGE })
      : await api('GET', '/rooms/' + encodeURIComponent(t.roomId) + '/messages?limit=' + PAGE);
    t.hasOlder = false; // let the whole page in, whatever its order
    for (const m of page.messages) {
      rememberName(m.sender?.id, m.sender?.displayName);
      mergeMessage(t, m);
      t.lastRev = Math.max(t.lastRev, m.rev || 0);
    }
    t.hasOlder = page.hasMore;
    t.loaded = true;
    const room = rooms.get(t.roomId);
    const newest = page.messages.reduce((a, m) => (m.seq > (a?.seq || 0) ? m : a), null);
    if (room && newest && (!room.last || newest.seq >= room.last.seq)) room.last = newest;
  } catch (e) {
    if (e.status !== 0 && e.failureCode !== 0) toast(errorText(e));
  }
}

async function loadOlder() {
  const t = timelines.get(openRoomId);
  if (!t || !t.loaded || !t.hasOlder || t.loadingOlder || !bus.connected || !isFinite(t.minSeq)) return;
  t.loadingOlder = true;
  const wrap = $('timeline-wrap');
  const fromBottom = wrap.scrollHeight - wrap.scrollTop;
  try {
    const page = await req('chat.history', { room: t.roomId, before: t.minSeq, limit: PAGE });
    const hadOlder = t.hasOlder;
    t.hasOlder = false; // let the older page in
    for (const m of page.messages) {
      rememberName(m.sender?.id, m.sender?.displayName);
      const known = t.bySeq.get(m.seq);
      if (!known || (known.rev || 0) <= (m.rev || 0)) t.bySeq.set(m.seq, m);
      t.minSeq = Math.min(t.minSeq, m.seq);
    }
    t.hasOlder = hadOlder && page.hasMore;
    renderTimeline();
    wrap.scrollTop = wrap.scrollHeight - fromBottom;
  } catch (e) {
    toast(errorText(e));
  } finally {
    t.loadingOlder = false;
  }
}

function closeRoom() {
  sessionStorage.removeItem('confab.openRoom');
  if (openRoomStream) bus.unregister(openRoomStream);
  openRoomStream = null;
  openRoomId = null;
  show($('room-view'), false);
  show($('empty-pane'), true);
  show($('back'), false);
  document.body.classList.remove('in-room');
  renderRooms();
}

$('back').addEventListener('click', closeRoom);

function renderRoomHead() {
  const room = rooms.get(openRoomId);
  if (!room) return;
  $('room-title').textContent = roomTitle(room);
  const dot = $('room-dot');
  if (room.kind === 'direct') {
    const status = presence.get(otherMember(room)) || 'offline';
    dot.className = 'dot ' + status;
    dot.setAttribute('aria-label', status);
    dot.setAttribute('role', 'img');
    show(dot, true);
    $('room-sub').textContent = status;
  } else {
    show(dot, false);
    const count = room.members?.length || 0;
    $('room-sub').textContent = room.kind === 'self' ? '' : count + (count === 1 ? ' member' : ' members');
  }
  show($('members'), room.kind === 'group' || room.kind === 'channel');
}

let stickToBottom = true;
const renderedKeys = new Map(); // key -> {sig, el}
let renderQueued = false;

function afterTimelineChange(roomId) {
  if (roomId !== openRoomId || renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    renderTimeline();
    markRead();
  });
}

function dayLabel(ts) {
  const d = new Date(ts);
  const today = new Date();
  const yesterday = new Date(Date.now() - 86400000);
  if (d.toDateString() === today.toDateString()) return 'Today';
  if (d.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return d.toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

function timeLabel(ts) {
  return new Date(ts).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

let editing = null; // {seq, draft}

function renderTimeline() {
  const t = timelines.get(openRoomId);
  if (!t) return;
  const wrap = $('timeline-wrap');
  const atBottom = wrap.scrollHeight - wrap.scrollTop - wrap.clientHeight < 40;
  const list = $('timeline');
  const items = [];
  if (t.loaded && !t.hasOlder) items.push({ key: 'start', sig: 'start', build: () => h('li', { class: 'start', text: 'This is the beginning of the conversation.' }) });
  const messages = [...t.bySeq.values()].sort((a, b) => a.seq - b.seq);
  let lastDay = null;
  let dividerShown = false;
  let prev = null;
  for (const m of messages) {
    const day = new Date(m.ts).toDateString();
    if (day !== lastDay) {
      lastDay = day;
      const label = dayLabel(m.ts);
      items.push({ key: 'day-' + day, sig: label, build: () => h('li', { class: 'day', role: 'separator', text: label }) });
      prev = null;
    }
    if (!dividerShown && t.divider !== null && m.seq > t.divider && m.sender?.id !== me.id) {
      dividerShown = true;
      items.push({ key: 'new', sig: 'new', build: () => h('li', { class: 'new-divider', role: 'separator', text: 'New messages' }) });
      prev = null;
    }
    const grouped = prev && prev.sender?.id === m.sender?.id && !prev.deleted && m.ts - prev.ts < 300000;
    const isEditing = editing && editing.seq === m.seq;
    const sig = [m.rev, m.deleted ? 1 : 0, m.text, grouped ? 1 : 0, isEditing ? 1 : 0, m.sender?.displayName].join('|');
    items.push({ key: 'm-' + m.seq, sig, build: () => messageItem(m, grouped, isEditing) });
    prev = m;
  }
  for (const p of outbox.items().filter((p) => p.room === openRoomId)) {
    const sig = p.status + '|' + (p.error || '');
    items.push({ key: 'p-' + p.clientMsgId, sig, build: () => pendingItem(p) });
  }
  // Keyed reconcile: unchanged items keep their element (and any focus inside it).
  const wanted = new Set(items.map((i) => i.key));
  for (const [key, entry] of renderedKeys) {
    if (!wanted.has(key)) {
      entry.el.remove();
      renderedKeys.delete(key);
    }
  }
  let cursor = list.firstChild;
  for (const item of items) {
    let entry = renderedKeys.get(item.key);
    if (!entry || entry.sig !== item.sig) {
      const el = item.build();
      if (entry) entry.el.replaceWith(el);
      entry = { sig: item.sig, el };
      renderedKeys.set(item.key, entry);
    }
    if (entry.el !== cursor) list.insertBefore(entry.el, cursor);
    else cursor = cursor.nextSibling;
    if (entry.el === cursor) cursor = cursor.nextSibling;
  }
  if (atBottom || stickToBottom) {
    wrap.scrollTop = wrap.scrollHeight;
    stickToBottom = false;
  }
  if (editing) {
    const box = list.querySelector('.edit-box');
    if (box && document.activeElement !== box) {
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    }
  }
}

function messageItem(m, grouped, isEditing) {
  const mine = m.sender?.id === me.id;
  const li = h('li', {
    class: 'msg' + (mine ? ' mine' : '') + (grouped ? ' grouped' : '') + (m.deleted ? ' deleted' : ''),
    tabindex: '-1',
    dataset: { seq: String(m.seq), id: m.id || '', clientMsgId: m.clientMsgId || '' },
  });
  if (!grouped) {
    li.append(h('div', { class: 'meta' },
      h('span', { class: 'sender', text: m.sender ? m.sender.displayName || nameOf(m.sender.id) : '' }),
      h('time', { datetime: new Date(m.ts).toISOString(), text: timeLabel(m.ts) })));
  }
  if (m.deleted) {
    li.append(h('p', { class: 'text deleted-text', text: 'This message was deleted.' }));
    return li;
  }
  if (isEditing) {
    const box = h('textarea', { class: 'edit-box', 'aria-label': 'Edit message', maxlength: features.limits.messageMaxLength, rows: '2' });
    box.value = editing.draft ?? m.text;
    box.addEventListener('input', () => { editing.draft = box.value; });
    box.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        saveEdit(m, box.value);
      } else if (ev.key === 'Escape') {
        ev.preventDefault();
        editing = null;
        renderTimeline();
        $('message-input').focus();
      }
    });
    li.append(box, h('div', { class: 'edit-actions' },
      h('button', { type: 'button', text: 'Cancel', onclick: () => { editing = null; renderTimeline(); } }),
      h('button', { type: 'button', class: 'primary', text: 'Save', onclick: () => saveEdit(m, box.value) })));
    return li;
  }
  const text = h('p', { class: 'text' });
  const captionIsName = m.attachments?.length === 1 && m.attachments[0].name === m.text && !m.editedAt;
  if (captionIsName) text.classList.add('file-caption');
  text.append(linkified(m.text || ''));
  if (m.editedAt) text.append(h('span', { class: 'edited', text: ' (edited)' }));
  li.append(text);
  if (m.attachments?.length) li.append(attachmentsView(m.attachments));
  const actions = h('div', { class: 'actions' });
  if (mine) {
    actions.append(
      h('button', { type: 'button', class: 'act', 'aria-label': 'Edit message', title: 'Edit', text: 'Edit', onclick: () => { editing = { seq: m.seq, draft: m.text }; renderTimeline(); } }),
      h('button', { type: 'button', class: 'act', 'aria-label': 'Delete message', title: 'Delete', text: 'Delete', onclick: () => deleteMessage(m) }));
  }
  if (features.translation && !mine) {
    actions.append(h('button', { type: 'button', class: 'act', 'aria-label': 'Translate message', text: 'Translate', onclick: () => translate(m, li) }));
  }
  if (actions.childElementCount) li.append(actions);
  return li;
}

function pendingItem(p) {
  const li = h('li', { class: 'msg mine pending' + (p.status === 'failed' ? ' failed' : ''), dataset: { clientMsgId: p.clientMsgId } });
  li.append(h('div', { class: 'meta' },
    h('span', { class: 'sender', text: me.displayName }),
    h('time', { datetime: new Date(p.ts).toISOString(), text: p.status === 'failed' ? 'not sent' : 'sending…' })));
  li.append(h('p', { class: 'text', text: p.text }));
  if (p.attachments?.length) li.append(h('p', { class: 'hint', text: 'with a file' }));
  if (p.status === 'failed') {
    li.append(h('p', { class: 'error', text: p.error || 'Not sent.' }),
      h('div', { class: 'actions shown' },
        h('button', { type: 'button', class: 'act', text: 'Retry', onclick: () => { outbox.retry(p.clientMsgId); renderTimeline(); flushOutbox(); } }),
        h('button', { type: 'button', class: 'act', text: 'Discard', onclick: () => { outbox.confirm(p.clientMsgId); renderTimeline(); } })));
  }
  return li;
}

async function saveEdit(m, text) {
  const trimmed = text.trim();
  editing = null;
  if (!trimmed || trimmed === m.text) {
    renderTimeline();
    return;
  }
  try {
    const updated = await req('chat.edit', { room: m.room || openRoomId, id: m.id, text: trimmed });
    const t = timelines.get(updated.room);
    if (t) mergeMessage(t, updated);
  } catch (e) {
    toast(errorText(e));
  }
  renderTimeline();
  $('message-input').focus();
}

async function deleteMessage(m) {
  if (!window.confirm('Delete this message?')) return;
  try {
    await req('chat.delete', { room: m.room || openRoomId, id: m.id });
  } catch (e) {
    toast(errorText(e));
  }
}

async function translate(m, li) {
  const lang = me.language || 'en';
  try {
    const answer = await api('POST', '/messages/' + encodeURIComponent(m.id) + '/translate', { lang });
    li.querySelector('.translation')?.remove();
    li.append(h('p', { class: 'translation', lang: answer.lang },
      h('span', { text: answer.text }),
      h('span', { class: 'engine', text: ' — translated by ' + answer.engine })));
  } catch (e) {
    toast(errorText(e));
  }
}

$('timeline-wrap').addEventListener('scroll', () => {
  const wrap = $('timeline-wrap');
  if (wrap.scrollTop < 120) loadOlder();
  markRead();
});

document.addEventListener('visibilitychange', () => {
  markRead();
  // Back to the page: a session ended elsewhere shows now (401, then the refresh says invalid_token).
  if (document.visibilityState === 'visible' && chatActive) api('GET', '/me').catch(() => {});
});
window.addEventListener('focus', () => {
  if (chatActive) api('GET', '/me').catch(() => {});
});

let readInFlight = false;
function markRead() {
  const room = rooms.get(openRoomId);
  const t = timelines.get(openRoomId);
  if (!room || !t || !t.loaded || document.visibilityState !== 'visible' || readInFlight) return;
  const wrap = $('timeline-wrap');
  if (wrap.scrollHeight - wrap.scrollTop - wrap.clientHeight > 60) return;
  const seq = Math.max(t.maxSeq, room.lastSeq || 0);
  if (seq <= (room.readSeq || 0) || !bus.connected) {
    if (room.unread) {
      room.unread = 0;
      renderRooms();
    }
    return;
  }
  room.readSeq = seq;
  room.unread = 0;
  renderRooms();
  readInFlight = true;
  req('chat.read', { room: room.id, seq }).catch(() => {}).finally(() => { readInFlight = false; });
}

// ---------------------------------------------------------------------------------------------
// Composer and outbox

const drafts = new Map();
let lastTypingSent = 0;

$('message-input').addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
    ev.preventDefault();
    $('composer').requestSubmit();
  }
});

$('message-input').addEventListener('input', () => {
  const input = $('message-input');
  drafts.set(openRoomId, input.value);
  autosize(input);
  if (input.value && bus.connected && Date.now() - lastTypingSent > 2000 && openRoomId) {
    lastTypingSent = Date.now();
    bus.request('chat.typing', { room: openRoomId }).catch(() => {});
  }
});

function autosize(input) {
  input.style.height = 'auto';
  input.style.height = Math.min(input.scrollHeight, 160) + 'px';
}

$('composer').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = $('message-input');
  const text = input.value.trim();
  if (!text || !openRoomId) return;
  outbox.add({ room: openRoomId, text, clientMsgId: newId(), ts: Date.now() });
  input.value = '';
  drafts.delete(openRoomId);
  autosize(input);
  stickToBottom = true;
  renderTimeline();
  flushOutbox();
});

function newId() {
  return 'c-' + (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));
}

let flushing = false;

/** Sends the outbox in order, one at a time; each item carries its clientMsgId, so a resend is never a second message. */
async function flushOutbox() {
  if (flushing || !outbox || !bus.connected) return;
  flushing = true;
  try {
    for (;;) {
      const next = outbox.items().find((p) => p.status === 'pending');
      if (!next || !bus.connected) break;
      try {
        const body = { room: next.room, text: next.text, clientMsgId: next.clientMsgId };
        if (next.attachments?.length) body.attachments = next.attachments;
        const message = await req('chat.send', body);
        outbox.confirm(next.clientMsgId);
        applyEvent({ ...message, type: 'message' });
      } catch (e) {
        const code = e.failureCode;
        if (code === 429) {
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        if (code === 0 || code === 504 || code === 503 || code === -1 || code === undefined) break; // retried on reconnect
        if (code === 401) {
          await auth.refresh().catch(() => {});
          break;
        }
        outbox.fail(next.clientMsgId, errorText(e));
      }
      if (next.room === openRoomId) renderTimeline();
    }
  } finally {
    flushing = false;
    if (openRoomId) renderTimeline();
  }
}

setInterval(() => {
  if (bus.connected && outbox?.items().some((p) => p.status === 'pending')) flushOutbox();
}, 5000);

// ---------------------------------------------------------------------------------------------
// Files: attach by button, paste or drop; upload with progress; images as thumbnails, others as links

const blobUrls = new Map();

function formatSize(bytes) {
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KB';
  return (bytes / 1024 / 1024).toFixed(1) + ' MB';
}

/** The bytes of a file, fetched with the bearer token, as a blob: URL (the page's CSP allows blob: images). */
async function fileUrl(path) {
  if (blobUrls.has(path)) return blobUrls.get(path);
  const res = await fetch(path, { headers: { Authorization: 'Bearer ' + auth.token } });
  if (!res.ok) throw new Error('The file could not be loaded (' + res.status + ').');
  const url = URL.createObjectURL(await res.blob());
  blobUrls.set(path, url);
  return url;
}

function attachmentsView(attachments) {
  const box = h('div', { class: 'attachments' });
  for (const a of attachments) {
    const name = a.name || 'file';
    if ((a.contentType || '').startsWith('image/')) {
      const img = h('img', { alt: name, loading: 'lazy' });
      fileUrl(a.thumbnailUrl || a.url).then((u) => { img.src = u; }).catch(() => { img.alt = name + ' (not available)'; });
      box.append(h('button', {
        type: 'button', class: 'thumb', 'aria-label': 'Open ' + name + ' full size',
        async onclick() {
          try {
            const full = h('img', { class: 'full-image', alt: name, src: await fileUrl(a.url) });
            openDialog({ title: name, body: [full] });
          } catch (e) { toast(e.message); }
        },
      }, img));
    } else {
      box.append(h('button', {
        type: 'button', class: 'link file-link', text: name + ' (' + formatSize(a.size || 0) + ')',
        async onclick() {
          try {
            const link = h('a', { href: await fileUrl(a.url), download: name });
            document.body.append(link);
            link.click();
            link.remove();
          } catch (e) { toast(e.message); }
        },
      }));
    }
  }
  return box;
}

const ACCEPTED_FILES = 'pictures (PNG, JPEG, GIF, WebP), PDF and plain-text files';

/** Why a file was refused, in words: the contract's codes for it, or the server's own message. */
function uploadRefusal(name, status, body) {
  if (status === 413 || body?.error === 'too_large') return name + ' is too large: files can be at most ' + features.limits.uploadMaxBytes / 1024 / 1024 + ' MB.';
  if (status === 415 || body?.error === 'unsupported_type') return name + ' cannot be sent: only ' + ACCEPTED_FILES + ' can.';
  if (status === 0) return name + ' was not sent: no connection to the server.';
  return name + ' was not sent: ' + (body?.message || 'the upload failed (' + status + ').');
}

/** An upload's row under the timeline: its progress, or why it failed (until dismissed). */
function uploadRow(name) {
  const bar = h('progress', { max: '100', value: '0', 'aria-label': 'Uploading ' + name });
  const row = h('div', { class: 'upload-row' }, h('span', { class: 'upload-name', text: name }), bar);
  $('uploads').append(row);
  return {
    progress(percent) { bar.value = percent; },
    done() { row.remove(); },
    failed(text) {
      row.classList.add('failed');
      row.replaceChildren(h('span', { class: 'error', role: 'alert', text }),
        h('button', { type: 'button', class: 'act', text: 'Dismiss', 'aria-label': 'Dismiss: ' + text, onclick: () => row.remove() }));
    },
  };
}

function upload(file, row = uploadRow(file.name), retried = false) {
  const roomId = openRoomId;
  if (!roomId) return;
  if (file.size > features.limits.uploadMaxBytes) {
    row.failed(uploadRefusal(file.name, 413, null));
    return;
  }
  const form = new FormData();
  form.append('file', file, file.name);
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/v1/uploads');
  xhr.setRequestHeader('Authorization', 'Bearer ' + auth.token);
  xhr.upload.onprogress = (ev) => { if (ev.lengthComputable) row.progress(Math.round((ev.loaded / ev.total) * 100)); };
  xhr.onerror = () => row.failed(uploadRefusal(file.name, 0, null));
  xhr.onload = () => {
    let body = null;
    try { body = JSON.parse(xhr.responseText); } catch (e) { /* no body */ }
    if (xhr.status === 401 && !retried) {
      auth.refresh().then(() => upload(file, row, true), () => row.done());
      return;
    }
    if (xhr.status !== 201 || !body) {
      row.failed(uploadRefusal(file.name, xhr.status, body));
      return;
    }
    row.done();
    const text = $('message-input').value.trim() || body.name || file.name;
    if (roomId === openRoomId) {
      $('message-input').value = '';
      drafts.delete(roomId);
    }
    outbox.add({ room: roomId, text, clientMsgId: newId(), ts: Date.now(), attachments: [{ fileId: body.fileId }] });
    stickToBottom = true;
    renderTimeline();
    flushOutbox();
  };
  xhr.send(form);
}

$('attach').addEventListener('click', () => $('file-input').click());
$('file-input').addEventListener('change', (ev) => {
  for (const file of ev.target.files) upload(file);
  ev.target.value = '';
});
$('message-input').addEventListener('paste', (ev) => {
  if (!features.uploads) return;
  const files = [...(ev.clipboardData?.files || [])];
  if (files.length) {
    ev.preventDefault();
    files.forEach((file) => upload(file));
  }
});
// A file dropped anywhere else must not make the browser leave the page to show it.
window.addEventListener('dragover', (ev) => ev.preventDefault());
window.addEventListener('drop', (ev) => ev.preventDefault());
const pane = $('room-pane');
pane.addEventListener('dragover', (ev) => {
  if (!features.uploads || !openRoomId) return;
  ev.preventDefault();
  pane.classList.add('dragging');
});
pane.addEventListener('dragleave', () => pane.classList.remove('dragging'));
pane.addEventListener('drop', (ev) => {
  pane.classList.remove('dragging');
  if (!features.uploads || !openRoomId) return;
  ev.preventDefault();
  [...(ev.dataTransfer?.files || [])].forEach((file) => upload(file));
});

// ---------------------------------------------------------------------------------------------
// Typing

function renderTyping() {
  const el = $('typing');
  const now = Date.now();
  const who = [];
  for (const [user, until] of typing.get(openRoomId) || []) if (until > now) who.push(nameOf(user));
  el.textContent = who.length === 0 ? '' : who.length === 1 ? who[0] + ' is typing…' : who.join(', ') + ' are typing…';
}

// ---------------------------------------------------------------------------------------------
// Dialogs: new group, direct message, browse channels, members, account

function openDialog({ title, body, ok = 'OK', onOk, cancel = 'Close' }) {
  const dialog = $('dialog');
  $('dialog-title').textContent = title;
  $('dialog-body').replaceChildren(...body);
  $('dialog-ok').textContent = ok;
  show($('dialog-ok'), !!onOk);
  $('dialog-cancel').textContent = cancel;
  setDialogError('');
  dialog.onsubmit = async (ev) => {
    ev.preventDefault();
    if (!onOk) return;
    $('dialog-ok').disabled = true;
    try {
      await onOk();
      dialog.close();
    } catch (e) {
      setDialogError(errorText(e));
    } finally {
      $('dialog-ok').disabled = false;
    }
  };
  dialog.showModal();
  dialog.querySelector('input, select, textarea, button')?.focus();
}

function setDialogError(text) {
  $('dialog-error').textContent = text;
  show($('dialog-error'), !!text);
}

$('dialog-cancel').addEventListener('click', () => $('dialog').close());

/** A user search box: calls pick(user) for a chosen person. */
function userSearch(pick, { exclude = [] } = {}) {
  const input = h('input', { type: 'search', 'aria-label': 'Search people by name', placeholder: 'Search people by name', autocomplete: 'off' });
  const results = h('ul', { class: 'results', role: 'list', 'aria-label': 'People found' });
  let seq = 0;
  input.addEventListener('input', async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) {
      results.replaceChildren();
      return;
    }
    try {
      const users = await api('GET', '/users?q=' + encodeURIComponent(q));
      if (mine !== seq) return;
      const shown = users.filter((u) => u.id !== me.id && !exclude.includes(u.id));
      for (const u of shown) rememberName(u.id, u.displayName);
      results.replaceChildren(...(shown.length
        ? shown.map((u) => h('li', {}, h('button', { type: 'button', class: 'result', dataset: { user: u.id }, text: u.displayName, onclick: () => pick(u) })))
        : [h('li', { class: 'muted', text: 'Nobody found.' })]));
    } catch (e) {
      setDialogError(errorText(e));
    }
  });
  return [input, results];
}

$('new-direct').addEventListener('click', () => {
  openDialog({
    title: 'Direct message',
    body: userSearch(async (u) => {
      try {
        const room = await api('POST', '/rooms', { kind: 'direct', members: [u.id] });
        $('dialog').close();
        addRoom(room);
        openRoom(room.id);
      } catch (e) {
        setDialogError(errorText(e));
      }
    }),
  });
});

$('new-group').addEventListener('click', () => {
  const picked = new Map();
  const name = h('input', { name: 'name', required: true, maxlength: '100', 'aria-label': 'Group name', placeholder: 'Group name' });
  const kind = h('select', { 'aria-label': 'Kind' },
    h('option', { value: 'group', text: 'Private group (invited people)' }),
    h('option', { value: 'channel', text: 'Public channel (anyone may join)' }));
  const chips = h('ul', { class: 'chips', role: 'list', 'aria-label': 'Members' });
  const renderChips = () => chips.replaceChildren(...[...picked.values()].map((u) => h('li', {},
    h('button', { type: 'button', class: 'chip', 'aria-label': 'Remove ' + u.displayName, text: u.displayName + ' ×', onclick: () => { picked.delete(u.id); renderChips(); } }))));
  const [search, results] = userSearch((u) => { picked.set(u.id, u); renderChips(); });
  openDialog({
    title: 'New group',
    body: [h('label', {}, 'Name ', name), h('label', {}, 'Kind ', kind), h('p', { class: 'hint', text: 'Add members:' }), search, results, chips],
    ok: 'Create',
    async onOk() {
      const room = await api('POST', '/rooms', { kind: kind.value, name: name.value.trim(), members: [...picked.keys()] });
      addRoom(room);
      openRoom(room.id);
    },
  });
});

$('notes').addEventListener('click', async () => {
  try {
    const room = await api('POST', '/rooms', { kind: 'self' });
    addRoom(room);
    openRoom(room.id);
  } catch (e) {
    toast(errorText(e));
  }
});

$('browse').addEventListener('click', async () => {
  const q = h('input', { type: 'search', 'aria-label': 'Search channels', placeholder: 'Channel name' });
  const list = h('ul', { class: 'results', role: 'list', 'aria-label': 'Channels' });
  const load = async () => {
    try {
      const query = q.value.trim();
      const channels = await api('GET', '/channels' + (query ? '?q=' + encodeURIComponent(query) : ''));
      list.replaceChildren(...(channels.length ? channels.map((c) => h('li', { class: 'channel-row' },
        h('span', { class: 'room-name', text: '# ' + c.name }),
        h('span', { class: 'muted', text: (c.members?.length || 0) + ((c.members?.length || 0) === 1 ? ' member' : ' members') }),
        h('button', {
          type: 'button',
          text: c.joined ? 'Open' : 'Join',
          'aria-label': (c.joined ? 'Open ' : 'Join ') + c.name,
          async onclick() {
            try {
              if (!c.joined) await api('POST', '/rooms/' + encodeURIComponent(c.id) + '/join');
              const room = await api('GET', '/rooms/' + encodeURIComponent(c.id));
              $('dialog').close();
              addRoom(room);
              openRoom(room.id);
            } catch (e) {
              setDialogError(errorText(e));
            }
          },
        }))) : [h('li', { class: 'muted', text: 'No channels found.' })]));
    } catch (e) {
      setDialogError(errorText(e));
    }
  };
  q.addEventListener('input', load);
  openDialog({ title: 'Browse channels', body: [q, list] });
  load();
});

function addRoom(room) {
  const known = rooms.get(room.id);
  rooms.set(room.id, { readSeq: 0, unread: 0, ...known, ...room });
  renderRooms();
  queryPresence();
}

$('members').addEventListener('click', () => {
  const room = rooms.get(openRoomId);
  if (!room) return;
  const isAdmin = room.admins?.includes(me.id);
  const list = h('ul', { class: 'results', role: 'list', 'aria-label': 'Members' });
  const render = () => list.replaceChildren(...room.members.map((id) => h('li', { class: 'channel-row' },
    h('span', { class: 'dot ' + (presence.get(id) || 'offline'), role: 'img', 'aria-label': presence.get(id) || 'offline' }),
    h('span', { class: 'room-name', text: nameOf(id) + (id === me.id ? ' (you)' : '') + (room.admins?.includes(id) ? ' · admin' : '') }),
    isAdmin && id !== me.id ? h('button', {
      type: 'button', text: 'Remove', 'aria-label': 'Remove ' + nameOf(id),
      async onclick() {
        try {
          await api('DELETE', '/rooms/' + encodeURIComponent(room.id) + '/members/' + encodeURIComponent(id));
          room.members = room.members.filter((m) => m !== id);
          render();
        } catch (e) { setDialogError(errorText(e)); }
      },
    }) : null)));
  render();
  resolveNames(room.members).then(render);
  const body = [list];
  if (isAdmin) {
    body.push(h('p', { class: 'hint', text: 'Add someone:' }), ...userSearch(async (u) => {
      try {
        await api('POST', '/rooms/' + encodeURIComponent(room.id) + '/members', { userId: u.id });
        if (!room.members.includes(u.id)) room.members.push(u.id);
        render();
      } catch (e) { setDialogError(errorText(e)); }
    }, { exclude: room.members }));
  }
  body.push(h('button', {
    type: 'button', class: 'danger', text: 'Leave this room',
    async onclick() {
      try {
        await api('DELETE', '/rooms/' + encodeURIComponent(room.id) + '/members/' + encodeURIComponent(me.id));
        $('dialog').close();
        rooms.delete(room.id);
        timelines.delete(room.id);
        closeRoom();
      } catch (e) { setDialogError(errorText(e)); }
    },
  }));
  openDialog({ title: 'Members of ' + roomTitle(room), body });
});

$('account').addEventListener('click', async () => {
  const sessions = h('ul', { class: 'results', role: 'list', 'aria-label': 'Signed-in sessions' });
  const loadSessions = async () => {
    try {
      const list = await api('GET', '/auth/sessions');
      sessions.replaceChildren(...list.map((s) => {
        const device = deviceName(s.userAgent);
        return h('li', { class: 'channel-row session-row' },
          h('span', { class: 'session-text' },
            h('span', { class: 'room-name', text: device, title: s.userAgent || '' }),
            h('span', { class: 'muted', text: 'last used ' + new Date(s.lastUsedAt).toLocaleString() })),
          s.current ? h('span', { class: 'this-one', text: '(this one)' }) : h('button', {
            type: 'button', text: 'Sign out', 'aria-label': 'Sign out the session on ' + device,
            async onclick() {
              try { await api('DELETE', '/auth/sessions/' + encodeURIComponent(s.id)); loadSessions(); } catch (e) { setDialogError(errorText(e)); }
            },
          }));
      }));
    } catch (e) { setDialogError(errorText(e)); }
  };
  const displayName = h('input', { 'aria-label': 'Display name', maxlength: '64', value: me.displayName });
  let language = h('input', { 'aria-label': 'Language (two letters)', maxlength: '2', value: me.language || 'en', pattern: '[a-z]{2}' });
  if (features.translation) {
    // The languages translation offers now, as targets.
    try {
      const pairs = await api('GET', '/translate/languages');
      const codes = [...new Set([me.language || 'en', ...pairs.map((p) => p.to)])].sort();
      const langNames = new Intl.DisplayNames([navigator.language || 'en'], { type: 'language' });
      language = h('select', { 'aria-label': 'Your language (messages are translated into it)' },
        codes.map((c) => h('option', { value: c, text: (langNames.of(c) || c) + ' (' + c + ')', selected: c === (me.language || 'en') })));
    } catch (e) { /* the text field will do */ }
  }
  const oldPw = h('input', { type: 'password', 'aria-label': 'Current password', autocomplete: 'current-password' });
  const newPw = h('input', { type: 'password', 'aria-label': 'New password', autocomplete: 'new-password' });
  openDialog({
    title: 'Account',
    body: [
      h('label', {}, 'Display name ', displayName),
      h('label', {}, 'Language ', language),
      h('h3', { text: 'Change password' }),
      h('label', {}, 'Current password ', oldPw),
      h('label', {}, 'New password ', newPw),
      h('h3', { text: 'Two-factor sign-in' }),
      twoFactorSection(),
      h('h3', { text: 'Signed-in sessions' }),
      sessions,
    ],
    ok: 'Save',
    async onOk() {
      const user = await api('PATCH', '/me', { displayName: displayName.value.trim(), language: language.value.trim().toLowerCase() });
      me = user;
      auth.setUser(user);
      $('me-name').textContent = me.displayName;
      if (newPw.value) {
        await api('POST', '/auth/password/change', { oldPassword: oldPw.value, password: newPw.value });
      }
    },
  });
  loadSessions();
});

/** A session's device in words, from its User-Agent: "Chrome on Linux"; the raw text when it is not a browser's. */
function deviceName(userAgent) {
  const ua = userAgent || '';
  const browser = [['Edg/', 'Edge'], ['Firefox/', 'Firefox'], ['Chrom', 'Chrome'], ['Safari/', 'Safari']].find(([mark]) => ua.includes(mark));
  const system = [['Android', 'Android'], ['iPhone', 'iOS'], ['iPad', 'iOS'], ['Windows', 'Windows'], ['Mac OS X', 'macOS'], ['Linux', 'Linux']]
    .find(([mark]) => ua.includes(mark));
  if (browser) return browser[1] + (system ? ' on ' + system[1] : '');
  return ua ? ua.slice(0, 40) : 'Unknown device';
}

/** 2FA: set up with a QR code of the otpauth:// URI and a confirming code, or turn off with a code. */
function twoFactorSection() {
  const box = h('div', { class: 'stack', id: 'totp-section' });
  const codeInput = (label) => {
    const input = h('input', { inputmode: 'numeric', maxlength: '6', autocomplete: 'one-time-code', 'aria-label': label, name: 'totp-code' });
    return input;
  };
  const onEnter = (input, fn) => input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { ev.preventDefault(); fn(); }
  });
  const render = () => {
    if (me.totpEnabled) {
      const code = codeInput('Code to turn two-factor sign-in off');
      const off = async () => {
        try {
          await api('POST', '/auth/totp/disable', { code: code.value.trim() });
          me = { ...me, totpEnabled: false };
          auth.setUser(me);
          setDialogError('');
          render();
        } catch (e) { setDialogError(errorText(e)); }
      };
      onEnter(code, off);
      box.replaceChildren(
        h('p', { id: 'totp-state', text: 'On: signing in asks for a code from your authenticator app.' }),
        h('label', {}, 'Code from your app ', code),
        h('button', { type: 'button', id: 'totp-disable', text: 'Turn off', onclick: off }));
    } else {
      box.replaceChildren(
        h('p', { id: 'totp-state', text: 'Off.' }),
        h('button', {
          type: 'button', id: 'totp-setup', text: 'Set up two-factor sign-in',
          async onclick() {
            try {
              const setup = await api('POST', '/auth/totp/setup');
              const canvas = qrCanvas(setup.otpauthUri);
              canvas.id = 'totp-qr';
              canvas.setAttribute('role', 'img');
              canvas.setAttribute('aria-label', 'QR code for your authenticator app');
              canvas.className = 'qr';
              const code = codeInput('Code from your authenticator app');
              const confirmCode = async () => {
                try {
                  await api('POST', '/auth/totp/enable', { code: code.value.trim() });
                  me = { ...me, totpEnabled: true };
                  auth.setUser(me);
                  setDialogError('');
                  render();
                } catch (e) { setDialogError(errorText(e)); }
              };
              onEnter(code, confirmCode);
              box.replaceChildren(
                h('p', { text: 'Scan this with your authenticator app, or enter the key by hand, then type the code it shows.' }),
                canvas,
                h('p', { class: 'secret' }, 'Key: ', h('code', { id: 'totp-secret', text: setup.secret })),
                h('label', {}, 'Code ', code),
                h('button', { type: 'button', class: 'primary', id: 'totp-enable', text: 'Confirm and turn on', onclick: confirmCode }));
              code.focus();
            } catch (e) { setDialogError(errorText(e)); }
          },
        }));
    }
  };
  render();
  return box;
}

// ---------------------------------------------------------------------------------------------
// Messages for people

function errorText(e) {
  if (!e) return 'Something went wrong.';
  if (e instanceof ApiError) return e.message;
  if (e.failureCode === 0) return 'You are offline.';
  const byCode = {
    not_member: 'You are not a member of this room.',
    forbidden: 'You are not allowed to do that.',
    not_found: 'That is gone.',
    too_many_requests: 'Too many requests: wait a moment and try again.',
    invalid_request: 'That cannot be sent (too long or malformed).',
    timeout: 'The server took too long to answer.',
    unavailable: 'The service is unavailable right now; try again shortly.',
    unauthorized: 'Your session has expired. Sign in again.',
  };
  return byCode[e.message] || e.message || 'Something went wrong.';
}

let toastTimer = null;
function toast(text) {
  let el = $('toast');
  if (!el) {
    el = h('div', { id: 'toast', class: 'toast', role: 'alert' });
    document.body.append(el);
  }
  el.textContent = text;
  show(el, true);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => show(el, false), 5000);
}

document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape' && document.body.classList.contains('in-room') && !$('dialog').open && !editing
      && window.matchMedia('(max-width: 699px)').matches) {
    closeRoom();
  }
});

// ---------------------------------------------------------------------------------------------
// Start

if (auth.resume()) {
  bus.setToken(auth.token);
  enterChat();
} else {
  showAuth();
}
