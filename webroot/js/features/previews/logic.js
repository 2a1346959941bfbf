// Link previews (contract v1.1: a message's `previews: [{url, title?, description?, siteName?}]`, set by
// the server's preview worker and delivered as an `update`): what a card may show. Only http/https links
// become cards; every field is text, drawn as text (never as HTML).

const MAX = 3;

/** The http(s) URL as the card links it, or null for any other scheme or a malformed one. */
export function safeUrl(url) {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const text = (value) => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** The cards of a message: at most 3, http(s) only, each with a site label (its siteName, else the link's host). */
export function cards(previews) {
  if (!Array.isArray(previews)) return [];
  return previews.flatMap((p) => {
    const href = safeUrl(p?.url);
    const title = text(p?.title);
    const description = text(p?.description);
    if (!href || (!title && !description)) return [];
    return [{ href, title, description, site: text(p.siteName) || new URL(href).host }];
  }).slice(0, MAX);
}
