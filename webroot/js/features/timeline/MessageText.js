// A message's text as the page shows it, in the timeline, a thread and search results alike: its
// Markdown drawn as elements (never markup), mentions highlighted and a room's custom emoji drawn outside code. The one place a body is drawn.
import { h } from 'preact';
import { html } from '../../core/html.js';
import { emojiText } from '../emoji/Emoji.js';
import { MentionedText } from '../mentions/Mentions.js';
import { markdownTree } from './markdown.js';

/** A node of markdownTree as a vnode; a tag-less node keeps only its content. */
function vnode(node) {
  if (typeof node === 'string') return node;
  if (node.drawn) return node.drawn;
  const children = node.children.map(vnode);
  return node.tag ? h(node.tag, node.attrs || null, ...children) : children;
}

export function MessageText({ m }) {
  const plain = (text) => emojiText(text, m.room);
  const mentioned = (text) => [{ drawn: html`<${MentionedText} m=${{ ...m, text }} plainText=${plain} />` }];
  return markdownTree(m.text || '', mentioned).map(vnode);
}
