// A message's link previews: a small card per link under its body (site, title, description), the
// link opened in a new tab with rel="noopener noreferrer".
import { html } from '../../core/html.js';
import { cards } from './logic.js';

export function PreviewCards({ previews }) {
  const list = cards(previews);
  if (list.length === 0) return null;
  return html`<div class="previews">
    ${list.map((c) => html`<a key=${c.href} class="preview-card" href=${c.href} target="_blank" rel="noopener noreferrer">
      <span class="preview-site">${c.site}</span>
      ${c.title && html`<span class="preview-title">${c.title}</span>`}
      ${c.description && html`<span class="preview-description">${c.description}</span>`}
    </a>`)}
  </div>`;
}
