// Reactions under a message: a chip per emoji (count, one's own highlighted, who on hover), a click
// toggles one's own; and the quick picker, opened from the message's actions (or by keyboard: the
// button and each emoji are buttons, so Tab, Enter and Space work).
import { useState } from 'preact/hooks';
import { req } from '../../core/connection.js';
import { html } from '../../core/html.js';
import { nameOf, peopleVersion } from '../../core/people.js';
import { me } from '../../core/session.js';
import { openRoomId } from '../rooms/store.js';
import { errorText, toast } from '../../core/ui.js';
import { CustomEmoji, ReactionGlyph, roomEmoji } from '../emoji/Emoji.js';
import { chips, QUICK, toggleRequest } from './logic.js';

/** Adds or removes the caller's reaction; the `update` event that follows redraws the message. */
export async function toggle(m, emoji) {
  try {
    await req('chat.react', toggleRequest(m.room || openRoomId.value, m, emoji, me.value.id));
  } catch (e) {
    toast(errorText(e));
  }
}

export function ReactionChips({ m }) {
  peopleVersion.value; // who reacted, by name, as names come in
  const list = chips(m, me.value.id, nameOf);
  if (list.length === 0) return null;
  return html`<div class="reactions" role="group" aria-label="Reactions">
    ${list.map((c) => html`<button key=${c.emoji} type="button" class=${'reaction' + (c.mine ? ' mine' : '')}
        aria-pressed=${c.mine ? 'true' : 'false'} title=${c.who} aria-label=${c.who + ' (' + c.count + ')'}
        data-emoji=${c.emoji} onClick=${() => toggle(m, c.emoji)}>
      <span class="emoji"><${ReactionGlyph} emoji=${c.emoji} roomId=${m.room || openRoomId.value} /></span> <span class="count">${c.count}</span></button>`)}
  </div>`;
}

/** The "React" action and, when open, its row of quick emoji, then the room's custom emoji. */
export function QuickPicker({ m }) {
  const [open, setOpen] = useState(false);
  const pick = (emoji) => {
    setOpen(false);
    toggle(m, emoji);
  };
  return html`<button type="button" class="act" aria-label="Add reaction" aria-expanded=${open ? 'true' : 'false'} title="React"
      onClick=${() => setOpen(!open)}>React</button>
    ${open && html`<div class="quick-picker" role="group" aria-label="Pick a reaction"
        onKeyDown=${(ev) => { if (ev.key === 'Escape') setOpen(false); }}>
      ${QUICK.map((emoji) => html`<button key=${emoji} type="button" class="pick" data-emoji=${emoji} aria-label=${'React with ' + emoji}
          onClick=${() => pick(emoji)}>${emoji}</button>`)}
      ${roomEmoji(m.room || openRoomId.value).map((e) => html`<button key=${e.url} type="button" class="pick" data-emoji=${':' + e.name + ':'}
          aria-label=${'React with :' + e.name + ':'} onClick=${() => pick(':' + e.name + ':')}><${CustomEmoji} emoji=${e} /></button>`)}
    </div>`}`;
}
