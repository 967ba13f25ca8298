/**
 * Builds dist/ once before any test runs: the CLI and child-process tests run the compiled package
 * as users do, and must see the current sources. (`npm install` builds it too, via `prepare`, and fails
 * there on a type error; here a type error is printed but tsc still emits, so the tests can run.)
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '..', '..');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    process.stderr.write(`\nwarning: the TypeScript build reported errors (dist/ was still emitted):\n${r.stdout}${r.stderr}\n`);
  }
};
