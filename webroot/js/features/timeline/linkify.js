// A message's text as pieces: plain text, and http(s) links (rendered as text and an href property,
// never as markup). No DOM here.
const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

/** [{text}] and [{text, href}] pieces that together are the text. */
export function linkPieces(text) {
  const pieces = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, '');
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    let href = null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') href = parsed.href;
    } catch (e) { /* not a URL after all */ }
    pieces.push(href ? { text: url, href } : { text: url });
    last = match.index + url.length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}
