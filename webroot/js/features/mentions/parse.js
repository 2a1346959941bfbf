// Mentions in composer text: `@name` and `@room` (everyone in the room). The contract has the client
// resolve names to user ids (`mentions`, at most 50) and flag `mentionsRoom`; display names may hold
// spaces, so a token takes the longest member name that follows its `@`. No DOM here.

const ROOM = 'room';
export const MAX_MENTIONS = 50;

// An `@` starts a token at the start or after anything but a letter, digit or `_` (so a@b.org is none).
const AT = /(?<![\p{L}\p{N}_])@([\p{L}\p{N}_.'-]+)/gu;
const NAME_CHAR = /[\p{L}\p{N}_]/u;

/** The `@` tokens of the text: [{start, end, name}] with the name as typed (the first word after the `@`). */
export function mentionTokens(text) {
  return [...(text || '').matchAll(AT)].map((m) => {
    const name = m[1].replace(/[.'-]+$/, ''); // "@ada." ends a sentence
    return { start: m.index, end: m.index + 1 + name.length, name };
  }).filter((t) => t.name);
}

/**
 * What the text mentions among the members ([{id, displayName}]): {mentions: [userId], mentionsRoom}.
 * `@room` mentions everyone; `@Ada Lovelace` the member of that name (case does not matter), the
 * longest name winning; a name that matches nobody is plain text. Each person once, at most 50.
 */
export function resolveMentions(text, members = []) {
  const found = new Set();
  let mentionsRoom = false;
  const byLength = [...members].filter((m) => m.displayName).sort((a, b) => b.displayName.length - a.displayName.length);
  for (const token of mentionTokens(text)) {
    const after = text.slice(token.start + 1);
    const member = byLength.find((m) => startsWithName(after, m.displayName));
    if (token.name.toLowerCase() === ROOM && !(member && member.displayName.length > ROOM.length)) mentionsRoom = true;
    else if (member && found.size < MAX_MENTIONS) found.add(member.id);
  }
  return { mentions: [...found], mentionsRoom };
}

function startsWithName(text, name) {
  if (text.slice(0, name.length).toLowerCase() !== name.toLowerCase()) return false;
  const next = text.charAt(name.length);
  return !next || !NAME_CHAR.test(next);
}

/**
 * The message's text split into [{text}] and [{text, mention}] pieces, `mention` being the user id or
 * 'room': the `@Name` tokens of the people the message mentions (their names given), and `@room` when
 * it mentions the room. Text that only looks like a mention stays plain.
 */
export function mentionPieces(text, mentioned = [], mentionsRoom = false) {
  const pieces = [];
  const byLength = mentioned.filter((m) => m.displayName).sort((a, b) => b.displayName.length - a.displayName.length);
  let last = 0;
  for (const token of mentionTokens(text)) {
    if (token.start < last) continue;
    const after = text.slice(token.start + 1);
    const member = byLength.find((m) => startsWithName(after, m.displayName));
    let found = null;
    if (member) found = { id: member.id, end: token.start + 1 + member.displayName.length };
    else if (mentionsRoom && token.name.toLowerCase() === ROOM) found = { id: ROOM, end: token.end };
    if (!found) continue;
    if (token.start > last) pieces.push({ text: text.slice(last, token.start) });
    pieces.push({ text: text.slice(token.start, found.end), mention: found.id });
    last = found.end;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/** Whether the message mentions the user (by id, or the whole room), not counting their own messages. */
export function mentionsUser(m, userId) {
  return !!m && !m.deleted && m.sender?.id !== userId && (!!m.mentionsRoom || !!m.mentions?.includes(userId));
}

/** What a send carries for the text's mentions: `mentions` and `mentionsRoom` when there are any. */
export function mentionFields(text, members) {
  const { mentions, mentionsRoom } = resolveMentions(text, members);
  return { ...(mentions.length ? { mentions } : {}), ...(mentionsRoom ? { mentionsRoom: true } : {}) };
}
