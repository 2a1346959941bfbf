// A message's text (CommonMark, contract v1.1) as a tree of plain nodes, built from markdown-it's token
// stream: never HTML. Raw HTML stays text, only http, https and mailto links are links, and an image is
// shown as a link to it, never loaded. No DOM here: MessageText turns the tree into Preact vnodes.
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt('default', { html: false, linkify: true, breaks: true });
md.validateLink = (url) => /^(?:https?|mailto):/i.test(url.trim());

/** Token tag -> element drawn; a tag not here (there is none today) keeps only its content. */
const TAGS = new Set(['p', 'em', 'strong', 's', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);

const link = (href, children) => ({ tag: 'a', attrs: { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, children });

/**
 * The text as nodes: a string, or {tag, attrs, children}. Plain text goes through text(string), which
 * answers the nodes to draw for it (mentions, say); code is never passed to it.
 */
export function markdownTree(source, text = (s) => [s]) {
  const root = { children: [] };
  build(md.parse(source, {}), root, text);
  return root.children;
}

function build(tokens, root, text) {
  const stack = [root];
  const top = () => stack[stack.length - 1];
  for (const t of tokens) {
    if (t.type === 'inline') {
      build(t.children, top(), text);
    } else if (t.hidden) {
      // The paragraphs of a tight list: their content goes straight into the item.
    } else if (t.type === 'text' || t.type === 'text_special') {
      top().children.push(...text(t.content));
    } else if (t.type === 'code_inline') {
      top().children.push({ tag: 'code', children: [t.content] });
    } else if (t.type === 'code_block' || t.type === 'fence') {
      top().children.push({ tag: 'pre', children: [{ tag: 'code', children: [t.content.replace(/\n$/, '')] }] });
    } else if (t.type === 'softbreak' || t.type === 'hardbreak') {
      top().children.push({ tag: 'br', children: [] });
    } else if (t.type === 'image') {
      // md.validateLink already refused any other scheme.
      top().children.push(link(t.attrGet('src'), [t.content || t.attrGet('src')]));
    } else if (t.type === 'link_open') {
      const node = link(t.attrGet('href'), []);
      top().children.push(node);
      stack.push(node);
    } else if (t.nesting === 1) {
      const node = { tag: TAGS.has(t.tag) ? t.tag : null, children: [] };
      const start = t.tag === 'ol' && t.attrGet('start');
      if (start) node.attrs = { start: Number(start) };
      top().children.push(node);
      stack.push(node);
    } else if (t.nesting === -1) {
      stack.pop();
    } else if (TAGS.has(t.tag)) {
      top().children.push({ tag: t.tag, children: [] });
    }
  }
}

/** Tokens whose content is what a reader sees (an image: its alt text). */
const SHOWN = new Set(['text', 'text_special', 'code_inline', 'code_block', 'fence', 'image']);

/**
 * The text as one line of plain text, as a reader sees it without the marks (a room's last-message
 * preview, a search hit): emphasis, links and quotes give their words, code its content, an image its
 * description; breaks and the ends of blocks become one space.
 */
export function plainText(source) {
  const out = [];
  const walk = (tokens) => {
    for (const t of tokens) {
      if (t.type === 'inline') walk(t.children);
      else if (SHOWN.has(t.type)) out.push(t.content || (t.type === 'image' ? t.attrGet('src') : ''));
      else if (t.type === 'softbreak' || t.type === 'hardbreak' || t.type === 'hr' || (t.block && t.nesting === -1)) out.push(' ');
    }
  };
  walk(md.parse(source || '', {}));
  return out.join('').replace(/\s+/g, ' ').trim();
}
