/**
 * Builds dist/ once before any test runs: the CLI and child-process tests run the compiled package
 * as users do, and must see the current sources. (`npm ci` builds it too, via `prepare`.)
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
  });
};
