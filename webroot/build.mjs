// Builds the page for serving: every script, style and icon that index.html references gets its content
// hash in its name (under assets/), so it can be cached for good, and index.html (revalidated on every
// load) is written with those names. The page's modules are bundled into one script, so a change in any
// module it imports changes the script's name too; the vendor scripts are copied byte for byte.
//
//   node build.mjs [outdir]     (default: dist; the Maven build passes the jar's confab-page/)
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ASSETS = 'assets';
/** Served at a fixed name (browsers ask for it unbidden), so not hashed. */
const FIXED = ['favicon.ico'];
/** What index.html may reference without its being built: nothing outside the page itself. */
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;

/**
 * index.html with each local src/href replaced by its built name; a reference the build did not make
 * fails, so that nothing is ever served under a name that outlives a change.
 */
export function rewriteReferences(html, built) {
  return html.replace(/\b(src|href)="([^"]*)"/g, (whole, attribute, reference) => {
    if (EXTERNAL.test(reference)) return whole;
    const name = built.get(reference);
    if (!name) throw new Error(`index.html references ${reference}, which the build does not make`);
    return `${attribute}="${name}"`;
  });
}

/** Builds the page of {@code root} into {@code outdir} (emptied first); answers source path -> served path. */
export async function build({ root = HERE, outdir = join(HERE, 'dist') } = {}) {
  const source = readFileSync(join(root, 'index.html'), 'utf8');
  const references = [...source.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]).filter((r) => !EXTERNAL.test(r));
  // The page's own scripts (ES modules) and styles are bundled; the rest (vendor scripts, icons) copied.
  const bundled = references.filter((r) => !r.startsWith('node_modules/') && /\.(?:js|css)$/.test(r));
  const copied = references.filter((r) => !bundled.includes(r));

  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  // preserveSymlinks: entry points keep the names index.html gives them, whatever node_modules links to.
  const common = { absWorkingDir: root, outdir, preserveSymlinks: true, entryNames: `${ASSETS}/[name]-[hash]`, metafile: true, logLevel: 'warning' };
  const results = await Promise.all([
    esbuild.build({ ...common, entryPoints: bundled, bundle: true, minify: true, format: 'esm', target: 'es2020', sourcemap: 'linked' }),
    esbuild.build({ ...common, entryPoints: copied, loader: { '.js': 'copy', '.svg': 'copy', '.png': 'copy' } }),
  ]);

  const built = new Map();
  for (const { metafile } of results) {
    for (const [output, { entryPoint }] of Object.entries(metafile.outputs)) {
      if (entryPoint) built.set(entryPoint, relative(outdir, resolve(root, output)).split('\\').join('/'));
    }
  }
  writeFileSync(join(outdir, 'index.html'), rewriteReferences(source, built));
  for (const name of FIXED) copyFileSync(join(root, name), join(outdir, name));
  return built;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outdir = resolve(process.argv[2] || join(HERE, 'dist'));
  const built = await build({ outdir });
  console.log(`page built into ${outdir}: ${[...built.values()].join(', ')}`);
}
