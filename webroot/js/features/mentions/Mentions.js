// Mentions on the page: the `@` autocomplete of a composer (the room's composer and the thread's), the
// mention fields of a send, and mentions highlighted in a message's text (the caller's own stronger).
import { html } from '../../core/html.js';
import { knownName, peopleVersion, resolveNames } from '../../core/people.js';
import { me } from '../../core/session.js';
import { Avatar } from '../avatars/Avatar.js';
import { rooms } from '../rooms/store.js';
import { activeQuery, pick, suggestions } from './autocomplete.js';
import { mentionFields, mentionPieces } from './parse.js';

/** The room's members with the names the page knows: [{id, displayName}]. */
function membersOf(roomId) {
  const room = rooms.get(roomId);
  return (room?.members || []).map((id) => ({ id, displayName: id === me.value?.id ? me.value.displayName : knownName(id) }));
}

/** The fields a message sent to the room carries for the mentions in its text. */
export function mentionsOf(text, roomId) {
  return mentionFields(text, membersOf(roomId).filter((m) => m.id !== me.value?.id));
}

/** The `@` source of a composer's autocomplete (core/autocomplete.js): the room's members and `@room`. */
export const mentionSuggestions = {
  label: 'People to mention',
  query: activeQuery,
  items(query, roomId) {
    const members = membersOf(roomId);
    resolveNames(members.filter((m) => !m.displayName).map((m) => m.id)); // a channel's names, asked as needed
    return suggestions(query.query, members, me.value?.id);
  },
  key: (m) => m.id,
  attrs: (m) => ({ 'data-user': m.id }),
  view: (m) => html`${!m.room && html`<${Avatar} id=${m.id} name=${m.displayName} px=${20} />`}
    <span class="mention-name">@${m.displayName}</span>${m.room ? html` <span class="muted">everyone in this room</span>` : null}`,
  pick,
  changes: peopleVersion,
};

/** A message's text piece by piece: mentions marked (the caller's own, and @room, as "own"); the rest to plainText. */
export function MentionedText({ m, plainText }) {
  peopleVersion.value;
  const mentioned = (m.mentions || []).map((id) => ({ id, displayName: id === me.value?.id ? me.value.displayName : knownName(id) }));
  return mentionPieces(m.text || '', mentioned, !!m.mentionsRoom).map((p) => (p.mention
    ? html`<span class=${'mention' + (p.mention === me.value?.id || p.mention === 'room' ? ' own' : '')} data-mention=${p.mention}>${p.text}</span>`
    : plainText(p.text)));
}
