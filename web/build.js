/**
 * Builds the demo page into web/dist/: bundles the page (web/src/main.ts, which imports no
 * TensorFlow.js) and its module Web Worker (web/src/worker.ts, the engine with the library's
 * browser entry, browser.ts) with esbuild as ES modules with code splitting, so the library is one
 * shared chunk that the worker loads, and the page too only if it must train without a worker.
 * Copies the page, its style and tfjs-backend-wasm's .wasm binaries (the wasm backend fetches them
 * from the page's directory). Prints each file's size, minified and gzipped. Run by `npm run web`;
 * `node web/build.js` builds without serving.
 */
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.join(__dirname, '..');
const out = path.join(__dirname, 'dist');

/** Writes `contents` to `file` through a temporary file and a rename, unless it already holds them. */
function writeIfChanged(file, contents) {
  if (fs.existsSync(file) && Buffer.compare(fs.readFileSync(file), Buffer.from(contents)) === 0) return;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

/**
 * Bundles the page; returns the JavaScript files written, with their sizes in bytes (minified,
 * and gzipped at level 9).
 */
async function build({ quiet = false } = {}) {
  fs.mkdirSync(out, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { main: path.join(__dirname, 'src', 'main.ts'), worker: path.join(__dirname, 'src', 'worker.ts') },
    bundle: true,
    splitting: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: process.env.ALLTS_WEB_MINIFY !== '0',
    keepNames: true, // lib/core/snapshot.ts registers classes by name
    sourcemap: true,
    outdir: out,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  // Write only what changed, each file by an atomic rename: test files build in parallel while
  // pages load from web/dist, and must never read a half-written chunk. Then drop stale chunks.
  const written = new Set();
  for (const f of result.outputFiles) {
    written.add(path.basename(f.path));
    writeIfChanged(f.path, f.contents);
  }
  for (const f of fs.readdirSync(out)) if (/^chunk-.*\.js(\.map)?$/.test(f) && !written.has(f)) fs.rmSync(path.join(out, f), { force: true });
  for (const f of ['index.html', 'style.css']) writeIfChanged(path.join(out, f), fs.readFileSync(path.join(__dirname, f)));
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json', { paths: [root] })), 'dist');
  for (const f of fs.readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) writeIfChanged(path.join(out, f), fs.readFileSync(path.join(wasmDir, f)));
  const files = Object.keys(result.metafile.outputs)
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const bytes = fs.readFileSync(path.resolve(root, f));
      return { file: path.basename(f), bytes: bytes.length, gzipped: zlib.gzipSync(bytes, { level: 9 }).length };
    });
  if (!quiet) {
    const mb = (n) => (n >= 1e5 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} kB`);
    for (const f of files) console.log(`web/dist/${f.file}: ${mb(f.bytes)} minified, ${mb(f.gzipped)} gzipped`);
    const total = files.reduce((a, f) => ({ bytes: a.bytes + f.bytes, gzipped: a.gzipped + f.gzipped }), { bytes: 0, gzipped: 0 });
    console.log(`all JavaScript: ${mb(total.bytes)} minified, ${mb(total.gzipped)} gzipped (tfjs included)`);
  }
  return files;
}

module.exports = { build, out };
if (require.main === module) {
  build().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
