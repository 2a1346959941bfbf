// People by id: their names (remembered across reloads), avatars and presence, asked for as they are
// needed; a `profile` event brings a changed name or face at once, and a reconnection asks again.
import { batch, signal } from '@preact/signals';
import { api } from './api.js';
import { bus, req } from './connection.js';
import { ignoreRequestFailure } from './failures.js';
import { profileClock } from './profiles.js';
import { me } from './session.js';

const NAMES_PER_LOOKUP = 100;
const names = new Map(JSON.parse(localStorage.getItem('confab.names') || '[]'));
const presence = new Map();
const avatars = new Map();
const asking = new Set();
const profiles = profileClock();
/** Whose name came from the directory or a profile event on this page: a message's older copy never replaces it. */
const current = new Set();
/** Changes whenever a name or a presence does: components that show them read it. */
export const peopleVersion = signal(0);

/** A name as a message or search hit carries it (as it was when sent): kept unless a current one is known. */
export function rememberName(id, displayName) {
  if (current.has(id)) return;
  keepName(id, displayName);
}

function keepName(id, displayName) {
  if (!id || !displayName || names.get(id) === displayName) return;
  names.set(id, displayName);
  localStorage.setItem('confab.names', JSON.stringify([...names].slice(-500)));
  peopleVersion.value++;
}

export function knownName(id) {
  return names.get(id);
}

export function nameOf(id) {
  if (me.value && id === me.value.id) return me.value.displayName;
  return names.get(id) || 'Someone';
}

/** A message's sender as named now: their current name when known, else the one the message carries. */
export function senderName(sender) {
  if (!sender) return '';
  return (me.value && sender.id === me.value.id) || names.has(sender.id) ? nameOf(sender.id) : sender.displayName || 'Someone';
}

/** What the directory or a profile event says of someone ({id, displayName, avatarUrl?}): it is current. */
export function learnProfile(user) {
  if (!user?.id || !me.value) return;
  if (user.id === me.value.id) { // one's own change, made in another tab
    me.value = { ...me.value, displayName: user.displayName, avatarUrl: user.avatarUrl };
    return;
  }
  profiles.learnt(user.id);
  current.add(user.id);
  avatars.set(user.id, user.avatarUrl || null);
  keepName(user.id, user.displayName);
  peopleVersion.value++;
}

/** Someone's avatarUrl (the contract's user object), or undefined: none, or not asked yet. */
export function avatarOf(id) {
  if (me.value && id === me.value.id) return me.value.avatarUrl;
  return avatars.get(id) || undefined;
}

export function presenceOf(id) {
  return presence.get(id) || 'offline';
}

export function setPresence(id, status) {
  presence.set(id, status);
  peopleVersion.value++;
}

/** Names and avatars of people by id, asked 100 at a time; again: even those asked before. */
export async function resolveNames(ids, again = false) {
  const unknown = [...new Set(ids)].filter((id) => me.value && id !== me.value.id && (again || !avatars.has(id)) && !asking.has(id));
  for (let i = 0; i < unknown.length; i += NAMES_PER_LOOKUP) {
    const asked = unknown.slice(i, i + NAMES_PER_LOOKUP);
    asked.forEach((id) => asking.add(id));
    const askedAt = profiles.asking();
    try {
      const users = await api('GET', '/users?ids=' + asked.map(encodeURIComponent).join(','));
      asked.forEach((id) => { if (!avatars.has(id)) avatars.set(id, null); });
      batch(() => {
        // A profile event that came while this was out is newer than the answer: it stays.
        users.filter((user) => profiles.current(user?.id, askedAt)).forEach(learnProfile);
        peopleVersion.value++;
      });
    } catch (e) {
      ignoreRequestFailure(e); // offline: asked again on the next connection
    } finally {
      asked.forEach((id) => asking.delete(id));
    }
  }
}

/** After a reconnection: everyone asked of before, again, for the profile events missed while offline. */
export function refreshPeople() {
  return resolveNames([...avatars.keys()], true);
}

/** The presence of these people, asked over the bridge (at most 200). */
export async function queryPresence(users) {
  if (!bus.connected || !me.value || !users.length) return;
  try {
    const answer = await req('presence.query', { users: users.slice(0, 200) });
    for (const [id, status] of Object.entries(answer)) presence.set(id, status);
    peopleVersion.value++;
  } catch (e) {
    ignoreRequestFailure(e); // asked again on the next connection
  }
}

