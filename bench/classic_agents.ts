/**
 * Frames per second of classic-control presets on CartPole-v0, training as `allts classic
 * CartPole-v0 <agent>` does (no test episodes, no TensorBoard loss logging).
 * Usage: node dist/bench/classic_agents.js [frames=50000] [agent ...]
 * Reference (Python ALL on this 2-core machine): dqn 1,200 frames/s, ddqn 390; our goal is twice that.
 * Measured (quiet machine, session 2, frames/s, Python ALL in brackets): dqn 4,537 (1,200), ddqn
 * 1,384 (390), c51 821-843 (420), rainbow 542 (230), vqn 21,713 (7,700), vsarsa 25,643 (7,700),
 * vac 42,785 (10,500), vpg 64,977 (2,700), a2c 113,116 (10,000), ppo 17,253 (2,700). C51 is bound
 * by XNNPACK's GEMM and its repacking of weights that change every update (about half a frame).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../environments';
import { runExperiment } from '../experiments/run_experiment';
import { FAMILIES } from '../presets/registry';
import { currentBackend } from '../lib/tf';

/** Python ALL's frames per second on this machine, for comparison. */
export const PYTHON_FPS: Record<string, number> = {
  a2c: 10000, vac: 10500, vqn: 7700, vsarsa: 7700, ppo: 2700, vpg: 2700, dqn: 1200, c51: 420, ddqn: 390, rainbow: 230,
};

/**
 * Trains each of `agents` of `family` on `envId` for `frames` frames (seed 0, no test episodes,
 * no loss logging) and prints and returns its frames per second; `reference` gives another
 * implementation's figure to print beside it, with the goal of twice that.
 */
export async function framesPerSecond(
  family: string, envId: string, frames: number, agents: readonly string[], reference: Record<string, number> = {},
): Promise<Record<string, number>> {
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-bench-'));
  const figures: Record<string, number> = {};
  for (const id of agents) {
    const builder = FAMILIES[family]![id]!;
    const start = performance.now();
    const [result] = await runExperiment([builder], [makeEnvironment(envId)], frames, {
      logdir, seed: 0, quiet: true, verbose: false, testEpisodes: 0,
    });
    const seconds = (performance.now() - start) / 1000;
    figures[id] = frames / seconds;
    const last = result!.trainingReturns.slice(-100);
    const mean = last.reduce((a, b) => a + b, 0) / Math.max(1, last.length);
    const ref = reference[id];
    console.log(
      `${family} ${envId} ${id.padEnd(8)} ${Math.round(figures[id]!).toString().padStart(6)} frames/s ` +
        `(${seconds.toFixed(1)} s for ${frames} frames, backend ${currentBackend()})` +
        (ref ? `  reference ${ref}, goal ${2 * ref}` : '') +
        `  returns100 ${mean.toFixed(1)}`,
    );
  }
  fs.rmSync(logdir, { recursive: true, force: true });
  return figures;
}

export async function main(frames = 50_000, agents: string[] = Object.keys(FAMILIES.classic!)): Promise<Record<string, number>> {
  return framesPerSecond('classic', 'CartPole-v0', frames, agents, PYTHON_FPS);
}

if (require.main === module) {
  const [framesArg, ...agents] = process.argv.slice(2);
  void main(framesArg ? Number(framesArg) : undefined, agents.length > 0 ? agents : undefined);
}
