/**
 * Builds the demo page into web/dist/: bundles web/src/main.ts (and through it the library's
 * browser entry, lib/browser) with esbuild for the browser, and copies the page, its style and
 * tfjs-backend-wasm's .wasm binaries (the wasm backend fetches them from the page's directory).
 * Prints the bundle's size. Run by `npm run web`; `node web/build.js` builds without serving.
 */
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const out = path.join(__dirname, 'dist');

/** Bundles the page; returns the bundle's size in bytes. */
async function build({ quiet = false } = {}) {
  fs.mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'src', 'main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: process.env.ALLTS_WEB_MINIFY !== "0",
    keepNames: true, // lib/core/snapshot.ts registers classes by name
    sourcemap: true,
    outfile: path.join(out, 'main.js'),
    logLevel: 'warning',
  });
  for (const f of ['index.html', 'style.css']) fs.copyFileSync(path.join(__dirname, f), path.join(out, f));
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json', { paths: [root] })), 'dist');
  for (const f of fs.readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) fs.copyFileSync(path.join(wasmDir, f), path.join(out, f));
  const size = fs.statSync(path.join(out, 'main.js')).size;
  if (!quiet) console.log(`web/dist/main.js: ${(size / 1e6).toFixed(2)} MB (minified, tfjs included)`);
  return size;
}

module.exports = { build, out };
if (require.main === module) {
  build().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
