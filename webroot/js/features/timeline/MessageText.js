// A message's text as the page shows it, in the timeline, a thread and search results alike: its
// Markdown drawn as elements (never markup), mentions highlighted outside code. The one place a body is drawn.
import { h } from 'preact';
import { html } from '../../core/html.js';
import { MentionedText } from '../mentions/Mentions.js';
import { markdownTree } from './markdown.js';

const same = (s) => s;

/** A node of markdownTree as a vnode; a tag-less node keeps only its content. */
function vnode(node) {
  if (typeof node === 'string') return node;
  if (node.drawn) return node.drawn;
  const children = node.children.map(vnode);
  return node.tag ? h(node.tag, node.attrs || null, ...children) : children;
}

export function MessageText({ m }) {
  const mentioned = (text) => [{ drawn: html`<${MentionedText} m=${{ ...m, text }} plainText=${same} />` }];
  return markdownTree(m.text || '', mentioned).map(vnode);
}
