// Message text as Markdown: what is drawn for each input, as a tree (never HTML), written out here as
// markup only to compare. Raw HTML stays text, only http(s) and mailto links, images never loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownTree } from '../js/features/timeline/markdown.js';
import { mentionPieces } from '../js/features/mentions/parse.js';

const LINK = 'target="_blank" rel="noopener noreferrer nofollow"';

/** The tree as markup, text escaped, to compare with the table. */
function written(nodes) {
  return nodes.map((n) => {
    if (typeof n === 'string') return n.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const attrs = Object.entries(n.attrs || {}).map(([k, v]) => ` ${k}="${v}"`).join('');
    return n.tag ? `<${n.tag}${attrs}>${written(n.children)}</${n.tag}>` : written(n.children);
  }).join('');
}

const cases = [
  ['strong', '**b**', '<p><strong>b</strong></p>'],
  ['emphasis', '_i_', '<p><em>i</em></p>'],
  ['inline code', '`c`', '<p><code>c</code></p>'],
  ['fenced code, its markup kept as text', '```\n<b>x</b>\n**y**\n```', '<pre><code>&lt;b&gt;x&lt;/b&gt;\n**y**</code></pre>'],
  ['a bullet list', '- one\n- two', '<ul><li>one</li><li>two</li></ul>'],
  ['a numbered list from 3', '3. three\n4. four', '<ol start="3"><li>three</li><li>four</li></ol>'],
  ['a quote', '> said', '<blockquote><p>said</p></blockquote>'],
  ['a link', '[docs](https://example.org/a)', `<p><a href="https://example.org/a" ${LINK}>docs</a></p>`],
  ['a mailto link', '[mail](mailto:ada@example.org)', `<p><a href="mailto:ada@example.org" ${LINK}>mail</a></p>`],
  ['an autolink', '<https://example.org>', `<p><a href="https://example.org" ${LINK}>https://example.org</a></p>`],
  ['a bare URL, its full stop left out', 'see https://example.org/x.', `<p>see <a href="https://example.org/x" ${LINK}>https://example.org/x</a>.</p>`],
  ['a line break is kept', 'a\nb', '<p>a<br></br>b</p>'],
  ['<script> is text', '<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
  ['<img onerror> is text', '<img src=x onerror="alert(1)">', '<p>&lt;img src=x onerror="alert(1)"&gt;</p>'],
  ['a javascript: link is no link', '[x](javascript:alert(1))', '<p>[x](javascript:alert(1))</p>'],
  ['a javascript: link in any case is no link', '[x](JaVaScRiPt:alert(1))', '<p>[x](JaVaScRiPt:alert(1))</p>'],
  ['a data: link is no link', '[x](data:text/html,hi)', '<p>[x](data:text/html,hi)</p>'],
  ['a javascript: autolink is no link', '<javascript:alert(1)>', '<p>&lt;javascript:alert(1)&gt;</p>'],
  ['a relative link is no link', '[x](/api/v1/me)', '<p>[x](/api/v1/me)</p>'],
  ['an image is a link to it, never loaded', '![cat](https://example.org/cat.png)', `<p><a href="https://example.org/cat.png" ${LINK}>cat</a></p>`],
  ['a data: image is not even a link', '![x](data:image/png;base64,AAAA)', '<p>![x](data:image/png;base64,AAAA)</p>'],
];

for (const [what, source, expected] of cases) {
  test(`markdown: ${what}`, () => assert.equal(written(markdownTree(source)), expected));
}

test('a tree holds only the elements of the table, whatever the input', () => {
  const allowed = new Set(['p', 'em', 'strong', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'br', 'hr',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
  const tags = (nodes) => nodes.flatMap((n) => (typeof n === 'string' ? [] : [n.tag, ...tags(n.children)]));
  const source = '# t\n\n| a |\n|---|\n| <iframe> |\n\n---\n~~s~~ <svg onload=x> <a href="javascript:x">y</a>';
  for (const tag of tags(markdownTree(source))) assert.ok(allowed.has(tag), tag);
});

test('mentions are marked in emphasis and in plain text, never in code', () => {
  const mention = (text) => mentionPieces(text, [{ id: 'u1', displayName: 'Ada' }])
    .map((p) => (p.mention ? { tag: 'span', attrs: { class: 'mention' }, children: [p.text] } : p.text));
  assert.equal(written(markdownTree('hi **@Ada** and `@Ada`, @Ada', mention)),
    '<p>hi <strong><span class="mention">@Ada</span></strong> and <code>@Ada</code>, <span class="mention">@Ada</span></p>');
  assert.equal(written(markdownTree('```\n@Ada\n```', mention)), '<pre><code>@Ada</code></pre>');
});
