/**
 * Every minatar preset on MinAtar/Breakout-v1: it builds on the conv network, trains inside act
 * without leaking tensors over 5,000 frames, its test agents act, and it survives a save and a
 * loadPreset (the loaded test agent chooses the same actions). Sizes are cut where the defaults
 * would take long before the first update (replay start, rollout length, copies), replay batches
 * hold 8 transitions, distributions 11 atoms, and the networks
 * are narrowed (4 filters, 16 units: the same layers, a tenth of the arithmetic), so the suite
 * stays inside CI's time budget; the defaults are built and act in the last block.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Agent, ParallelAgent } from '../../lib/agents/agent';
import { ConfigError } from '../../lib/core/errors';
import { makeEnvironment } from '../../environments';
import { minatar } from '../../presets/minatar';
import { loadPreset } from '../../presets/registry';
import type { Preset } from '../../presets/preset';
import { drive, driveParallel, expectFlatTensorCount, expectFlatTensorCountParallel } from '../helpers/drive';

const ENV = 'MinAtar/Breakout-v1';

/** Overrides that make the first updates come early. */
const QUICK: Record<string, Record<string, number>> = {
  dqn: { replayStartSize: 200, minibatchSize: 8 },
  ddqn: { replayStartSize: 200, minibatchSize: 8 },
  c51: { replayStartSize: 200, minibatchSize: 8, atoms: 11 },
  rainbow: { replayStartSize: 200, minibatchSize: 8, atoms: 11 },
  vqn: { nEnvs: 4 },
  vsarsa: { nEnvs: 4 },
  vac: { nEnvs: 4 },
  vpg: { minBatchSize: 200 },
  a2c: { nEnvs: 4 },
  ppo: { nEnvs: 4, nSteps: 16 },
  recurrent_q: { replayStartSize: 200, minibatchSize: 4, sequenceLength: 8, overlap: 4, updateFrequency: 50 },
};

/** The narrowed network of these tests (the recurrent preset has no conv layer: its own widths, issue 14). */
const SMALL_CONV = { filters: 4, hidden: 16 };
const SMALL_OF: Record<string, Record<string, number>> = { recurrent_q: { hidden: 16, lstm: 8, head: 16 } };
const smallOf = (id: string): Record<string, number> => SMALL_OF[id] ?? SMALL_CONV;

function build(id: keyof typeof minatar, seed: number): Preset {
  return minatar[id].env(makeEnvironment(ENV)).hyperparameters({ ...QUICK[id]!, ...smallOf(id) }).seed(seed).build();
}

/** Trains `preset` for `frames` frames (parallel presets over their copies). */
function train(preset: Preset, frames: number): void {
  if (preset.parallel) driveParallel(preset.agent() as ParallelAgent, makeEnvironment(ENV), preset.nEnvs, Math.ceil(frames / preset.nEnvs));
  else drive(preset.agent() as Agent, makeEnvironment(ENV), frames);
}

describe.each(Object.keys(minatar) as (keyof typeof minatar)[])('minatar %s preset', (id) => {
  it('trains inside act without leaking tensors over 5,000 frames; its test agents act', () => {
    const preset = build(id, 3);
    const env = makeEnvironment(ENV);
    expect(preset.env.observationSpace.shape).toEqual([10, 10, 4]);
    if (preset.parallel) {
      const n = preset.nEnvs;
      expectFlatTensorCountParallel(preset.agent() as ParallelAgent, env, n, Math.ceil(400 / n), Math.ceil(5000 / n));
      const parallelTest = preset.parallelTestAgent();
      if (parallelTest !== undefined) expect(driveParallel(parallelTest as ParallelAgent, env, n, 50).every((a) => a >= 0 && a < 3)).toBe(true);
    } else {
      expectFlatTensorCount(preset.agent() as Agent, env, 400, 5000);
    }
    expectFlatTensorCount(preset.testAgent(), env, 0, 500, 2);
    preset.dispose();
  });

  it('saves and loads: the loaded test agent chooses the same actions', async () => {
    const preset = build(id, 5);
    train(preset, 600);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `allts-minatar-${id}-`));
    await preset.save(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'preset.json'), 'utf8'))).toMatchObject({ preset: id, family: 'minatar', hyperparameters: smallOf(id) });
    const a = drive(preset.testAgent(), makeEnvironment(ENV), 400, 9);
    const loaded = await loadPreset(dir);
    expect(loaded.family).toBe('minatar');
    expect(drive(loaded.testAgent(), makeEnvironment(ENV), 400, 9)).toEqual(a);
    fs.rmSync(dir, { recursive: true, force: true });
    preset.dispose();
    loaded.dispose();
  });
});

describe('minatar presets', () => {
  it('build for every game (4 to 10 channels, 3 to 6 actions)', () => {
    for (const game of ['Asterix', 'Breakout', 'Freeway', 'Seaquest', 'SpaceInvaders']) {
      for (const version of ['v0', 'v1']) {
        const env = makeEnvironment(`MinAtar/${game}-${version}`);
        const preset = minatar.dqn.env(env).seed(1).build();
        const actions = drive(preset.testAgent(), env, 20);
        const n = env.actionSpace.kind === 'discrete' ? env.actionSpace.n : 0;
        expect(actions.every((a) => a >= 0 && a < n)).toBe(true);
        preset.dispose();
      }
    }
  });

  it('refuse flat observations with a clear error', () => {
    expect(() => minatar.dqn.env(makeEnvironment('CartPole-v0')).seed(1).build()).toThrow(ConfigError);
    expect(() => minatar.ppo.env(makeEnvironment('CartPole-v0')).seed(1).build()).toThrow(/needs image observations \[height, width, channels\].*use the classic family/);
  });

  it("dqn's defaults are the MinAtar paper's", () => {
    const h = minatar.dqn.currentHyperparameters;
    expect(h).toMatchObject({
      minibatchSize: 32, replayBufferSize: 100000, replayStartSize: 5000, updateFrequency: 1, targetUpdateFrequency: 1000,
      initialExploration: 1, finalExploration: 0.1, finalExplorationStep: 105000, lr: 2.5e-4, optimizer: 'rmsprop',
      rmspropDecay: 0.95, eps: 0.01, rmspropCentered: true, loss: 'huber', discountFactor: 0.99, filters: 16, hidden: 128,
    });
  });

  it("ddqn keeps dqn's replay and loss but steps with Adam, whose lr / eps is 27x the paper's RMSprop's (presets/minatar/dqn.ts)", () => {
    const h = minatar.ddqn.currentHyperparameters;
    expect(h).toMatchObject({
      minibatchSize: 32, replayBufferSize: 100000, replayStartSize: 5000, targetUpdateFrequency: 1000, loss: 'huber',
      optimizer: 'adam', lr: 1e-4, eps: 1.5e-4, alpha: 0.5, beta: 0.5, model: 'minatar_dueling_conv_q',
    });
  });
});
