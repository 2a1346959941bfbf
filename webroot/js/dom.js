// Small DOM helpers. Text is always set with textContent: user content is never parsed as HTML.
export const $ = (id) => document.getElementById(id);

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

/** The text as text nodes, with http(s) links made clickable (href set as a property, never as markup). */
export function linkified(text) {
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let url = match[0].replace(/[.,;:!?)\]]+$/, '');
    if (match.index > last) frag.append(document.createTextNode(text.slice(last, match.index)));
    let safe = null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') safe = parsed.href;
    } catch (e) { /* not a URL after all */ }
    if (safe) {
      const a = document.createElement('a');
      a.href = safe;
      a.textContent = url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer nofollow';
      frag.append(a);
    } else {
      frag.append(document.createTextNode(url));
    }
    last = match.index + url.length;
  }
  if (last < text.length) frag.append(document.createTextNode(text.slice(last)));
  return frag;
}

export function show(el, visible) {
  el.hidden = !visible;
}
