/**
 * The browser entry (browser.ts) and the Node seam (lib/core/node_builtins.ts): the entry bundles
 * for the browser platform with no Node built-in to resolve, runs where there is no Node (a bare
 * vm context: no process, require or Buffer), and Node-only features fail there with a clear
 * error. Runs in Node, without a browser.
 */
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import * as vm from 'node:vm';

const root = path.resolve(__dirname, '..', '..');

/** Bundles `contents` (TypeScript, resolved from the repository root) as a browser IIFE exposing `globalName`. */
async function bundle(contents: string, globalName: string): Promise<{ code: string; inputs: string[] }> {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName,
    write: false,
    metafile: true,
    logLevel: 'silent',
    keepNames: true,
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile!.inputs) };
}

/** Runs a bundle in a fresh context with browser-like globals and no Node ones. */
function runBare(code: string): Record<string, any> {
  const context: Record<string, unknown> = { console, TextEncoder, TextDecoder, performance, structuredClone, setTimeout, clearTimeout, URL };
  context.globalThis = context;
  context.self = context; // what a Web Worker has (tfjs looks for a global object)
  vm.createContext(context);
  vm.runInContext(code, context);
  return context;
}

test('browser.ts bundles for the browser with no Node built-in in its import graph', async () => {
  const { inputs } = await bundle("export * from './browser';", 'allts');
  expect(inputs.some((f) => f === 'browser.ts')).toBe(true);
  expect(inputs.some((f) => f.startsWith('presets/classic_control/'))).toBe(true);
  expect(inputs.filter((f) => f.startsWith('node:') || /^(fs|path|os|child_process|worker_threads)$/.test(f))).toEqual([]);
}, 60_000);

test('without Node, environments run and Node-only calls fail with a clear ConfigError', async () => {
  const { code } = await bundle(
    `import { nodeBuiltin, hasNodeBuiltins } from './lib/core/node_builtins';
     import { makeEnvironment } from './environments/registry';
     import { writeFileAtomic } from './lib/core/atomic_file';
     export { nodeBuiltin, hasNodeBuiltins, makeEnvironment, writeFileAtomic };`,
    'probe',
  );
  const ctx = runBare(code);
  expect(ctx.process).toBeUndefined();
  const probe = ctx.probe;
  expect(probe.hasNodeBuiltins()).toBe(false);
  const env = probe.makeEnvironment('CartPole-v1');
  let state = env.reset({ seed: 0 });
  let steps = 0;
  while (!state.done) {
    state = env.step(steps % 2);
    steps += 1;
  }
  expect(steps).toBeGreaterThan(5);
  const { join } = probe.nodeBuiltin('path'); // destructuring is safe; using is not
  expect(() => join('a', 'b')).toThrow(/join of node:path was used, but this runtime has no Node.js built-ins/);
  let error: any;
  try {
    probe.writeFileAtomic('x.json', '{}');
  } catch (e) {
    error = e;
  }
  expect(error?.name).toBe('ConfigError');
  expect(error.message).toContain('loadPresetFiles');
});

test('in Node, nodeBuiltin gives the real modules', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { nodeBuiltin, hasNodeBuiltins } = require('../../lib/core/node_builtins');
  expect(hasNodeBuiltins()).toBe(true);
  expect(nodeBuiltin('fs').readFileSync(path.join(root, 'package.json'), 'utf8')).toContain('"name": "allts"');
  expect(nodeBuiltin('path').join('a', 'b')).toBe(path.join('a', 'b'));
});

test('a missing Chromium fails the browser tests with the install command', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { requireChromium } = require('./browser');
  expect(() => requireChromium('/nonexistent/chromium')).toThrow(/Chromium not found at \/nonexistent\/chromium.*apt-get install -y chromium/);
  expect(() => requireChromium(process.execPath)).not.toThrow();
});
