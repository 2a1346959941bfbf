// The page's entry: mounts each feature's views on index.html's shell, wires its fixed controls, and
// runs the session: entering the chat (cached rooms first, then the server's), catching up on each
// new connection, leaving on sign-out. Each feature lives in features/<name>/ with its own store;
// core/ holds what they share (the connection, the signed-in person, people's names, the shell).
import { render } from 'preact';
import { effect } from '@preact/signals';
import { api, auth } from './core/api.js';
import { bus, onOpen, rejections } from './core/connection.js';
import { ignoreRequestFailure } from './core/failures.js';
import { html } from './core/html.js';
import { refreshPeople } from './core/people.js';
import { me, chat, platform } from './core/session.js';
import { $, show } from './core/ui.js';
import { applyEvent, onEvent } from './events.js';
import { openAccount } from './features/accounts/account.js';
import { showAuth, wireAccountForms } from './features/accounts/forms.js';
import { closeOutbox, flushOutbox as sendOutbox, openOutbox, outboxItems } from './features/composer/store.js';
import { wireComposer } from './features/composer/composer.js';
import { openMembers } from './features/dialogs/members.js';
import { forgetEmoji } from './features/emoji/Emoji.js';
import { browseChannels, newDirect, newGroup, notesToSelf } from './features/dialogs/rooms.js';
import { Uploads, wireAttaching } from './features/files/files.js';
import { wireKeyboard } from './features/keyboard/keyboard.js';
import { closeRoom, forgetOpenRoom, openRoom } from './features/rooms/open.js';
import { RoomHead } from './features/rooms/RoomHead.js';
import { wireSearch } from './features/search/Search.js';
import { RoomList } from './features/rooms/RoomList.js';
import { askAboutPeople, loadRooms, openRoomId, rooms, roomsVersion, restoreRooms } from './features/rooms/store.js';
import { markRead } from './features/timeline/read.js';
import { catchUp, editing, forgetTimelines, loadNewest, loadOlder, scrollIntent, timelines } from './features/timeline/store.js';
import { Timeline } from './features/timeline/Timeline.js';
import { closeThread, forgetThreads, loadFollowed, thread } from './features/threads/store.js';
import { ThreadPanel } from './features/threads/ThreadPanel.js';
import { openThreads, ThreadsButtonLabel } from './features/threads/Threads.js';
import { forgetTyping, Typing } from './features/typing/typing.js';

const OUTBOX_RETRY_MS = 5000;
/** Sends what the outbox holds; each message sent is applied as its live event would be. */
const flushOutbox = () => sendOutbox(applyEvent);

// Test hooks (used by the browser tests; harmless for people).
window.confabTest = {
  disconnect: () => bus.disconnect(true),
  reconnect: () => bus.unblock(),
  get state() { return bus.state; },
  outbox: () => outboxItems(),
  rejections: () => rejections.map((e) => JSON.stringify(e)),
};

render(html`<${RoomList} onOpen=${openRoom} />`, $('room-list'));
render(html`<${RoomHead} onMembers=${openMembers} />`, $('room-head'));
render(html`<${Timeline} onFlush=${flushOutbox} />`, $('timeline'));
render(html`<${Typing} />`, $('typing'));
render(html`<${ThreadPanel} onFlush=${flushOutbox} />`, $('thread-pane'));
render(html`<${ThreadsButtonLabel} />`, $('threads'));
render(html`<${Uploads} />`, $('uploads'));

// The header's name follows the account (a change in the account dialog included).
effect(() => { $('me-name').textContent = me.value?.displayName || ''; });

wireAccountForms(enterChat);
wireComposer(flushOutbox);
wireKeyboard();
wireAttaching(flushOutbox);
wireSearch();
$('back').addEventListener('click', closeRoom);
$('new-direct').addEventListener('click', newDirect);
$('new-group').addEventListener('click', newGroup);
$('notes').addEventListener('click', notesToSelf);
$('browse').addEventListener('click', browseChannels);
$('threads').addEventListener('click', openThreads);
$('account').addEventListener('click', openAccount);

async function enterChat() {
  chat.active = true;
  me.value = auth.user;
  openOutbox(me.value.id);
  bus.setToken(auth.token);
  show($('auth-view'), false);
  show($('chat-view'), true);
  show($('me'), true);
  bus.register('user.' + me.value.id, onEvent);
  restoreRooms();
  const lastOpen = sessionStorage.getItem('confab.openRoom');
  if (lastOpen && rooms.has(lastOpen)) openRoom(lastOpen);
  try {
    const fresh = await api('GET', '/me');
    auth.setUser(fresh);
    me.value = fresh;
  } catch (e) { ignoreRequestFailure(e); /* offline: the stored user will do */ }
  try {
    await loadRooms();
  } catch (e) { ignoreRequestFailure(e); /* the stored rooms stay; a session ended meanwhile shows the sign-in */ }
  if (bus.connected) onConnected(false);
  loadFeatures();
}

function leaveChat() {
  chat.active = false;
  bus.unregisterAll();
  rooms.clear();
  forgetTimelines();
  forgetTyping();
  forgetThreads();
  forgetEmoji();
  forgetOpenRoom();
  closeOutbox();
  me.value = null;
  roomsVersion.value++;
}

async function loadFeatures() {
  try {
    platform.value = await api('GET', '/features');
  } catch (e) {
    ignoreRequestFailure(e);
    return; // offline: the optional parts stay hidden
  }
  document.body.classList.toggle('has-translate', platform.value.translation);
  document.body.classList.toggle('has-uploads', platform.value.uploads);
  document.body.classList.toggle('has-search', platform.value.search);
}

/** A (new) connection: catch up every loaded room with chat.sync before live events, then send the outbox. */
async function onConnected(isReconnect) {
  if (!chat.active || !me.value) return;
  bus.setToken(auth.token);
  const loaded = [...timelines.values()].filter((t) => t.loaded);
  for (const t of loaded) t.syncing = true;
  if (isReconnect) {
    loadRooms().catch(ignoreRequestFailure); // best effort: the next connection lists them again
    refreshPeople(); // names and faces changed while the profile events could not reach this page
    forgetEmoji(); // changes made meanwhile came as events this page missed
  }
  await Promise.all(loaded.map((t) => catchUp(t, applyEvent)));
  // The open room could not load while offline (a reload without a network): load it now.
  const open = timelines.get(openRoomId.value);
  if (open && !open.loaded) {
    scrollIntent.stick = true;
    await loadNewest(open, applyEvent);
  }
  askAboutPeople();
  flushOutbox();
  loadFollowed().catch(ignoreRequestFailure); // the Threads button's total, with what came meanwhile
}

onOpen(onConnected);

auth.onChange((session, reason) => {
  bus.setToken(session?.accessToken || null);
  if (!session) {
    leaveChat();
    showAuth(reason || 'You are signed out.');
  }
});

setInterval(() => {
  if (bus.connected && outboxItems().some((p) => p.status === 'pending')) flushOutbox();
}, OUTBOX_RETRY_MS);

$('timeline-wrap').addEventListener('scroll', () => {
  const wrap = $('timeline-wrap');
  if (wrap.scrollTop < 120) loadOlder(timelines.get(openRoomId.value));
  markRead();
});

document.addEventListener('visibilitychange', () => {
  markRead();
  // Back to the page: a session ended elsewhere shows now (401, then the refresh says invalid_token).
  if (document.visibilityState === 'visible' && chat.active) api('GET', '/me').catch(ignoreRequestFailure);
});
window.addEventListener('focus', () => {
  if (chat.active) api('GET', '/me').catch(ignoreRequestFailure);
});

document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape' && document.body.classList.contains('in-room') && !$('dialog').open && !editing.value
      && window.matchMedia('(max-width: 699px)').matches) {
    if (thread.value) closeThread(); // on a phone the thread is over the room: back to the room first
    else closeRoom();
  }
});

if (auth.resume()) {
  bus.setToken(auth.token);
  enterChat();
} else {
  showAuth();
}
