/**
 * A tiny static server for the demo page (no dependencies): serves web/dist/ on
 * http://localhost:<port>/ (default 8080, or PORT / --port; 0 picks a free port). With
 * --presets <dir> it also serves <dir> under /presets/, so a page can fetch presets saved by
 * Node (`loadPresetFromUrl('/presets/<run>/preset')`). Prints "serving http://..." when ready.
 * `npm run web` builds, then runs this.
 */
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json', '.png': 'image/png' };

/** Resolves `urlPath` inside `dir`, or undefined when it would leave it. */
function inside(dir, urlPath) {
  const file = path.resolve(dir, '.' + decodeURIComponent(urlPath));
  return file === dir || file.startsWith(dir + path.sep) ? file : undefined;
}

/** Starts the server; resolves to it once listening. */
function serve({ port = 8080, root = path.join(__dirname, 'dist'), presets } = {}) {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    let urlPath = new URL(req.url, 'http://x').pathname;
    let file;
    if (presets !== undefined && urlPath.startsWith('/presets/')) file = inside(path.resolve(presets), urlPath.slice('/presets'.length));
    else file = inside(root, urlPath === '/' ? '/index.html' : urlPath);
    if (file === undefined || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`not found: ${urlPath}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

module.exports = { serve };
if (require.main === module) {
  const args = process.argv.slice(2);
  const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const port = Number(arg('--port') ?? process.env.PORT ?? 8080);
  serve({ port, presets: arg('--presets') }).then(
    (server) => console.log(`serving http://localhost:${server.address().port}/  (Ctrl-C to stop)`),
    (e) => {
      console.error(`Cannot serve on port ${port}: ${e.message}; choose another with --port or PORT`);
      process.exit(1);
    },
  );
}
