import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
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

describe('a quiet import', () => {
  const registerTs = path.join(root, '__tests__', 'helpers', 'register_ts.js');
  /** Runs `script` in a fresh Node process; returns what it printed. */
  function node(args: string[]) {
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  const req = (file: string) => `require(${JSON.stringify(file)})`;

  it('importing the package (the TypeScript sources) prints nothing', () => {
    expect(node(['-e', `${req(registerTs)}; ${req(path.join(root, 'index.ts'))};`])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('importing the built package, with require and as an ES module, prints nothing', () => {
    const dist = path.join(root, 'dist', 'index.js');
    expect(node(['-e', req(dist)])).toEqual({ status: 0, stdout: '', stderr: '' });
    const esm = `import * as allts from ${JSON.stringify(pathToFileURL(dist).href)}; if (typeof allts.makeEnvironment !== 'function') process.exit(5);`;
    expect(node(['--input-type=module', '-e', esm])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('tensor work prints no "running TensorFlow.js in Node.js" banner, with or without initBackend', () => {
    const tfTs = path.join(root, 'lib', 'tf.ts');
    const work = 'tf.tidy(() => tf.square(tf.tensor([1, 2])).dataSync());';
    // no initBackend: tfjs picks its cpu backend itself, which is where the banner comes from
    const bare = `${req(registerTs)}; const { tf } = ${req(tfTs)}; ${work} console.log(tf.getBackend());`;
    expect(node(['-e', bare])).toEqual({ status: 0, stdout: 'cpu\n', stderr: '' });
    for (const backend of ['cpu', 'wasm']) {
      const init = `${req(registerTs)}; const { tf, initBackend } = ${req(tfTs)}; initBackend(${JSON.stringify(backend)}).then(() => { ${work} });`;
      expect(node(['-e', init])).toEqual({ status: 0, stdout: '', stderr: '' });
    }
  });

  it('still lets tfjs\'s real warnings through', () => {
    const script = `${req(registerTs)}; const { tf } = ${req(path.join(root, 'lib', 'tf.ts'))}; tf.registerBackend('cpu', () => null, 1);`;
    expect(node(['-e', script]).stderr).toContain('cpu backend was already registered');
  });
});
