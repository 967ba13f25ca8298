/**
 * The seam between Node-only code and the browser build (issue 20). Modules that touch the file
 * system, worker threads or child processes get Node's built-in modules through `nodeBuiltin`
 * instead of a static `import ... from 'node:fs'`, so a bundler for the browser (esbuild, vite,
 * webpack) has nothing Node-only to resolve and the module imports cleanly there.
 *
 * In Node, `nodeBuiltin('fs')` returns the real module (Node >= 20.16's `process.getBuiltinModule`,
 * else `require`): behaviour is exactly that of the static import. Where there is no Node (a
 * browser, a Web Worker), it returns a stand-in whose every member throws a ConfigError naming
 * the Node-only feature on use (a call, `new`, or reading a property of it), so only the Node-only
 * features fail, with a message that says so, and everything else keeps working.
 */
import type * as ChildProcess from 'node:child_process';
import type * as Fs from 'node:fs';
import type * as Os from 'node:os';
import type * as Path from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import { ConfigError } from './errors';

/** The built-in modules allts uses, by name. */
export interface NodeBuiltins {
  fs: typeof Fs;
  path: typeof Path;
  os: typeof Os;
  child_process: typeof ChildProcess;
  worker_threads: typeof WorkerThreads;
}

/** Whether this runtime is Node.js (has its built-in modules). */
export function hasNodeBuiltins(): boolean {
  return loadBuiltin('fs') !== undefined;
}

function loadBuiltin(name: string): unknown {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule === 'function') return proc.getBuiltinModule(`node:${name}`);
  try {
    // Node < 20.16 (CommonJS build): the module-scoped require; a bundler leaves a computed id alone
    return typeof require === 'function' ? require(`node:${name}`) : undefined;
  } catch {
    return undefined;
  }
}

function unavailable(name: string, member: string): never {
  throw new ConfigError(
    `${member} of node:${name} was used, but this runtime has no Node.js built-ins (a browser?). ` +
      'Saving and loading presets by path, loggers that write files, parallel matmuls in worker threads and the ' +
      'Python bridge are Node-only; in the browser load presets with loadPresetFiles / loadPresetFromUrl ' +
      "(allts/dist/browser) and save them with presetFiles (see the README, \"In the browser\").",
  );
}

/** A member of a missing built-in: a function-shaped object that throws on any use. */
function missingMember(name: string, member: string): unknown {
  const fail = (): never => unavailable(name, member);
  return new Proxy(function missing() {}, {
    apply: fail,
    construct: fail,
    // `class X extends Member` reads `prototype` at definition time: let that through
    get: (_target, prop) => (prop === 'prototype' ? {} : fail()),
  });
}

/**
 * Node's built-in module `name`, or (outside Node) a stand-in whose members throw a clear
 * ConfigError when used. Destructuring it (`const { join } = nodeBuiltin('path')`) is safe anywhere.
 * @param name the module's name without the `node:` prefix, e.g. `fs`
 */
export function nodeBuiltin<K extends keyof NodeBuiltins>(name: K): NodeBuiltins[K] {
  const real = loadBuiltin(name);
  if (real !== undefined) return real as NodeBuiltins[K];
  return new Proxy({} as NodeBuiltins[K], {
    get: (_target, prop) => (typeof prop === 'symbol' ? undefined : missingMember(name, String(prop))),
  });
}
