// A message's text as the page shows it, in the timeline and in a thread alike: mentions highlighted,
// http(s) links as links (text and an href property, never markup). The one place a body is drawn.
import { html } from '../../core/html.js';
import { MentionedText } from '../mentions/Mentions.js';
import { linkPieces } from './linkify.js';

function Linkified({ text }) {
  return linkPieces(text).map((p) => (p.href
    ? html`<a href=${p.href} target="_blank" rel="noopener noreferrer nofollow">${p.text}</a>`
    : p.text));
}

const plainText = (text) => html`<${Linkified} text=${text} />`;

export function MessageText({ m }) {
  return html`<${MentionedText} m=${m} plainText=${plainText} />`;
}
