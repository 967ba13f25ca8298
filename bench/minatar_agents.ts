/**
 * Speed of the minatar presets. First the goal, timed as a user runs it (whole process,
 * start-up and 100 test episodes included):
 *   allts minatar MinAtar/Breakout-v0 dqn --frames 25000
 * against MinAtar's own PyTorch DQN example (one thread, same machine): about 40 s for the first
 * 25,000 frames (5,000 without updates, then one update per frame), 625 frames/s; goal twice that.
 * Then frames per second of every minatar preset on MinAtar/Breakout-v1 in this process (seed 0,
 * no test episodes, no loss logging).
 * Usage: npx tsc -p tsconfig.json && node dist/bench/minatar_agents.js [frames=25000] [agent ...]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FAMILIES } from '../presets/registry';
import { framesPerSecond } from './classic_agents';

/** MinAtar's PyTorch DQN example on this machine, frames per second over its first 25,000 frames. */
export const MINATAR_PYTORCH_DQN_FPS = 625;

/** Seconds the CLI takes for `allts minatar <env> dqn --frames <frames>` in a fresh process. */
export function cliSeconds(envId: string, agent: string, frames: number): number {
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-bench-cli-'));
  const cli = path.join(__dirname, '..', 'experiments', 'cli.js');
  const start = performance.now();
  execFileSync(process.execPath, [cli, 'minatar', envId, agent, '--frames', String(frames), '--seed', '0', '--logdir', logdir, '--quiet'], { stdio: 'ignore' });
  const seconds = (performance.now() - start) / 1000;
  fs.rmSync(logdir, { recursive: true, force: true });
  return seconds;
}

export async function main(frames = 25_000, agents: string[] = Object.keys(FAMILIES.minatar!)): Promise<void> {
  const seconds = cliSeconds('MinAtar/Breakout-v0', 'dqn', 25_000);
  const fps = 25_000 / seconds;
  console.log(
    `allts minatar MinAtar/Breakout-v0 dqn --frames 25000: ${seconds.toFixed(1)} s, ${Math.round(fps)} frames/s whole process ` +
      `(PyTorch example ${MINATAR_PYTORCH_DQN_FPS}, goal ${2 * MINATAR_PYTORCH_DQN_FPS}: ${(fps / MINATAR_PYTORCH_DQN_FPS).toFixed(2)}x)`,
  );
  await framesPerSecond('minatar', 'MinAtar/Breakout-v1', frames, agents);
}

if (require.main === module) {
  const [framesArg, ...agents] = process.argv.slice(2);
  void main(framesArg ? Number(framesArg) : undefined, agents.length > 0 ? agents : undefined);
}
