// The page's build: hashed names that change with the content (imports included), and an index.html
// that references only what the build made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, rewriteReferences } from '../build.mjs';

const WEBROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['index.html', 'favicon.svg', 'favicon.ico', 'js', 'css'];

/** A copy of the page's sources (sharing node_modules), so that a test can change one file. */
function copyOfThePage() {
  const root = mkdtempSync(join(tmpdir(), 'confab-page-'));
  for (const source of SOURCES) cpSync(join(WEBROOT, source), join(root, source), { recursive: true });
  symlinkSync(join(WEBROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

const buildOf = (root) => build({ root, outdir: join(root, 'out') });

test('every script, style and icon index.html references is served under assets/ with a content hash in its name', async () => {
  const root = copyOfThePage();
  const built = await buildOf(root);
  const html = readFileSync(join(root, 'out', 'index.html'), 'utf8');
  const references = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  assert.equal(references.length, 5);
  for (const reference of references) assert.match(reference, /^assets\/[\w.-]+-[A-Z0-9]{8}\.(js|css|svg)$/);
  assert.deepEqual(new Set(references), new Set(built.values()));
  const vendor = built.get('node_modules/sockjs-client/dist/sockjs.min.js');
  assert.deepEqual(readFileSync(join(root, 'out', vendor)),
    readFileSync(join(WEBROOT, 'node_modules/sockjs-client/dist/sockjs.min.js')), 'vendor scripts are copied unchanged');
});

test('a change in a module that app.js imports gives the page script a new name, and leaves the others alone', async () => {
  const root = copyOfThePage();
  const before = await buildOf(root);
  appendFileSync(join(root, 'js', 'core', 'ui.js'), '\nexport const changed = () => 1;\n');
  appendFileSync(join(root, 'js', 'app.js'), '\nimport { changed } from "./core/ui.js"; window.changed = changed;\n');
  const after = await buildOf(root);
  assert.notEqual(after.get('js/app.js'), before.get('js/app.js'));
  for (const unchanged of ['css/app.css', 'favicon.svg', 'node_modules/sockjs-client/dist/sockjs.min.js']) {
    assert.equal(after.get(unchanged), before.get(unchanged), unchanged);
  }
});

test('the bundled page script keeps the licence notices of the packages in it (markdown-it\'s among them)', async () => {
  const root = copyOfThePage();
  const built = await buildOf(root);
  const script = readFileSync(join(root, 'out', built.get('js/app.js')), 'utf8');
  assert.match(script, /markdown-it [\d.]+ https:\/\/github\.com\/markdown-it\/markdown-it @license MIT/);
});

test('a changed style sheet gets a new name', async () => {
  const root = copyOfThePage();
  const before = await buildOf(root);
  appendFileSync(join(root, 'css', 'app.css'), '\nbody { letter-spacing: 0.01em; }\n');
  const after = await buildOf(root);
  assert.notEqual(after.get('css/app.css'), before.get('css/app.css'));
  assert.equal(after.get('js/app.js'), before.get('js/app.js'));
});

test('the same sources build to the same names (a rebuild on another machine keeps browsers\' caches)', async () => {
  const root = copyOfThePage();
  assert.deepEqual(await buildOf(root), await buildOf(root));
});

test('a local reference the build did not make fails the build instead of being served unversioned', () => {
  const built = new Map([['js/app.js', 'assets/app-ABCDEFGH.js']]);
  assert.equal(rewriteReferences('<script src="js/app.js"></script><a href="https://example.org/">x</a>', built),
    '<script src="assets/app-ABCDEFGH.js"></script><a href="https://example.org/">x</a>');
  assert.throws(() => rewriteReferences('<link href="css/other.css">', built), /css\/other\.css/);
});
