import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { BackendError } from '../lib/core/errors';
import { currentBackend, initBackend, tf } from '../lib/tf';

const root = path.resolve(__dirname, '..');

/** Runs backend selection in a fresh process (the choice is made once per process). */
function select(env: Record<string, string>, requested?: string) {
  const script =
    `const { initBackend } = require(${JSON.stringify(path.join(root, 'dist', 'lib', 'tf.js'))});` +
    `initBackend(${requested === undefined ? '' : JSON.stringify(requested)}).then(` +
    `(b) => { console.log('backend=' + b); }, (e) => { console.log(e.name + ': ' + e.message); process.exitCode = 3; });`;
  return spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('tensor backend selection', () => {
  it('picks the first backend that loads (wasm here, where the native packages are not installed)', async () => {
    expect(await initBackend()).toBe('wasm');
    expect(currentBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('refuses a different backend once one is active', async () => {
    await expect(initBackend('cpu')).rejects.toThrow(/already active.*"cpu" was requested too late/);
  });

  it('honours ALLTS_BACKEND and --backend, and explains a missing native package', () => {
    const dist = path.join(root, 'dist', 'lib', 'tf.js');
    const fs = require('node:fs') as typeof import('node:fs');
    if (!fs.existsSync(dist)) throw new Error('dist/ is missing: run `npm install` or `npm run build` first');
    expect(select({ ALLTS_BACKEND: 'cpu' }).stdout).toContain('backend=cpu');
    expect(select({}, 'wasm').stdout).toContain('backend=wasm');
    const missing = select({ ALLTS_BACKEND: 'node' });
    expect(missing.stdout).toContain('BackendError: Backend "node" was requested but could not be loaded');
    expect(missing.stdout).toContain('npm install @tensorflow/tfjs-node');
    expect(select({}, 'tpu').stdout).toMatch(/Unknown backend "tpu"; valid backends: node-gpu, node, wasm, cpu/);
  });

  it('throws BackendError for an unknown name', async () => {
    await expect(initBackend('tpu')).rejects.toBeInstanceOf(BackendError);
  });
});
