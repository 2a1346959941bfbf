// People by id: their names (remembered across reloads), avatars (asked once per page load, so a new
// face shows on the next load) and presence, asked for as they are needed.
import { signal } from '@preact/signals';
import { api } from './api.js';
import { bus, req } from './connection.js';
import { me } from './session.js';

const NAMES_PER_LOOKUP = 100;
const names = new Map(JSON.parse(localStorage.getItem('confab.names') || '[]'));
const presence = new Map();
const avatars = new Map();
const asking = new Set();
/** Changes whenever a name or a presence does: components that show them read it. */
export const peopleVersion = signal(0);

export function rememberName(id, displayName) {
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

/** Names and avatars of people by id, asked 100 at a time. */
export async function resolveNames(ids) {
  const unknown = [...new Set(ids)].filter((id) => me.value && id !== me.value.id && !avatars.has(id) && !asking.has(id));
  for (let i = 0; i < unknown.length; i += NAMES_PER_LOOKUP) {
    const batch = unknown.slice(i, i + NAMES_PER_LOOKUP);
    batch.forEach((id) => asking.add(id));
    try {
      const users = await api('GET', '/users?ids=' + batch.map(encodeURIComponent).join(','));
      batch.forEach((id) => avatars.set(id, null));
      for (const u of users) {
        avatars.set(u.id, u.avatarUrl || null);
        rememberName(u.id, u.displayName);
      }
      peopleVersion.value++;
    } catch (e) { /* offline: asked again on the next connection */ } finally {
      batch.forEach((id) => asking.delete(id));
    }
  }
}

/** The presence of these people, asked over the bridge (at most 200). */
export async function queryPresence(users) {
  if (!bus.connected || !me.value || !users.length) return;
  try {
    const answer = await req('presence.query', { users: users.slice(0, 200) });
    for (const [id, status] of Object.entries(answer)) presence.set(id, status);
    peopleVersion.value++;
  } catch (e) { /* later */ }
}

