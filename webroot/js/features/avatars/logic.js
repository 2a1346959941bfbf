// Faces without a browser: the initials and the colour shown for someone without an avatar, and an
// upload's refusals in words.

/** Up to two letters: the first of the first and last words ("Ada Lovelace" → "AL"), else the first two. */
export function initials(name) {
  const words = String(name || '').trim().split(/\s+/).filter(Boolean);
  if (!words.length) return '?';
  const first = [...words[0]];
  const letters = words.length > 1 ? [first[0], [...words[words.length - 1]][0]] : first.slice(0, 2);
  return letters.join('').toUpperCase();
}

/** A hue from the user id (FNV-1a), so a person keeps their colour on every page and device. */
export function hueOf(id) {
  let hash = 0x811c9dc5;
  for (const ch of String(id || '')) {
    hash ^= ch.codePointAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 360;
}

/** The background for someone's initials: dark enough for white letters in light and dark themes. */
export function colourOf(id) {
  return 'hsl(' + hueOf(id) + ' 55% 38%)';
}

/** The URL of the size to show: the small one (128 px) for anything up to 64 CSS px, else the large one. */
export function sizedUrl(avatarUrl, px) {
  if (!avatarUrl) return null;
  return px <= 64 ? avatarUrl + '?size=128' : avatarUrl;
}

/** An upload's refusal in words for the account dialog, by the answer's status; null: as the server says it. */
export function avatarRefusal(status) {
  if (status === 413) return 'That picture is too large: an avatar is at most 2 MB.';
  if (status === 415) return 'That is not a picture Confab can use: choose a PNG, JPEG, GIF or WebP image.';
  return null;
}
