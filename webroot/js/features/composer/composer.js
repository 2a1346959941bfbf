// The composer (index.html's form): Enter sends, Shift+Enter breaks the line; a typed message goes
// into the outbox and out from there, with the ids of the members it mentions (`@` autocompletes
// them); drafts are kept per room; typing is announced at most every 2 s.
import { effect } from '@preact/signals';
import { bus } from '../../core/connection.js';
import { ignoreRequestFailure } from '../../core/failures.js';
import { platform } from '../../core/session.js';
import { $ } from '../../core/ui.js';
import { attachAutocomplete } from '../../core/autocomplete.js';
import { emojiSuggestions } from '../emoji/Emoji.js';
import { mentionSuggestions, mentionsOf } from '../mentions/Mentions.js';
import { openRoomId } from '../rooms/store.js';
import { scrollIntent } from '../timeline/store.js';
import { drafts, newId, queue } from './store.js';

const TYPING_EVERY_MS = 2000;
let lastTypingSent = 0;

function autosize(input) {
  input.style.height = 'auto';
  input.style.height = Math.min(input.scrollHeight, 160) + 'px';
}

export function wireComposer(flushOutbox) {
  const input = $('message-input');
  attachAutocomplete(input, $('composer-mentions'), [mentionSuggestions, emojiSuggestions], () => openRoomId.value);
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      $('composer').requestSubmit();
    }
  });
  input.addEventListener('input', () => {
    const roomId = openRoomId.value;
    drafts.set(roomId, input.value);
    autosize(input);
    if (input.value && bus.connected && Date.now() - lastTypingSent > TYPING_EVERY_MS && roomId) {
      lastTypingSent = Date.now();
      bus.request('chat.typing', { room: roomId }).catch(ignoreRequestFailure); // a nicety: the next keystroke says it again
    }
  });
  $('composer').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    const roomId = openRoomId.value;
    if (!text || !roomId) return;
    queue({ room: roomId, text, clientMsgId: newId(), ts: Date.now(), ...mentionsOf(text, roomId) });
    input.value = '';
    drafts.delete(roomId);
    autosize(input);
    scrollIntent.stick = true;
    flushOutbox();
  });
  // Each room has its own draft.
  effect(() => {
    const roomId = openRoomId.value;
    if (roomId) input.value = drafts.get(roomId) || '';
  });
  effect(() => {
    const max = platform.value.limits.messageMaxLength;
    if (max) input.maxLength = max;
  });
}
