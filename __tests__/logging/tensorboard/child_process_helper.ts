/**
 * Lets a test run the event writer in a separate `node` process (to kill it or let it exit):
 * transpiles lib/logging/tensorboard and lib/core/errors.ts to CommonJS in a temporary directory
 * with @swc/core (the same compiler jest uses), and runs scripts with NODE_PATH pointing at the
 * project's node_modules so `crc-32` resolves.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transformFileSync } from '@swc/core';

const ROOT = path.resolve(__dirname, '../../..');
const SOURCES = ['lib/core/errors.ts', ...fs.readdirSync(path.join(ROOT, 'lib/logging/tensorboard')).map((f) => `lib/logging/tensorboard/${f}`)];

/**
 * Transpiles the writer's sources into `outDir`.
 * @returns absolute path of the compiled lib/logging/tensorboard/index.js
 */
export function transpileWriter(outDir: string): string {
  for (const rel of SOURCES) {
    if (!rel.endsWith('.ts')) continue;
    const { code } = transformFileSync(path.join(ROOT, rel), {
      jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
      module: { type: 'commonjs' },
      sourceMaps: false,
      swcrc: false,
    });
    const out = path.join(outDir, rel.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
  }
  return path.join(outDir, 'lib/logging/tensorboard/index.js');
}

const childEnv = (): NodeJS.ProcessEnv => ({ ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') });

/** Runs `script` with `node -e` and waits for it (at most `timeoutMs`, after which it is killed). */
export function runNodeSync(script: string, timeoutMs = 20000): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['-e', script], { env: childEnv(), encoding: 'utf8', timeout: timeoutMs });
}

/** Starts `script` with `node -e` without waiting. */
export function startNode(script: string): ChildProcess {
  return spawn(process.execPath, ['-e', script], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
}
