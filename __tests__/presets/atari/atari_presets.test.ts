/**
 * Every atari preset on Breakout (through the Python bridge): it builds on the Nature network,
 * trains inside act without leaking tensors, its test agents act, and it survives a save and a
 * loadPreset (the loaded test agent chooses the same actions). Sizes are cut so the first updates
 * come early and the suite stays fast: replay from 100 transitions, batches of 4, 11 atoms,
 * 2 environment copies, a dense layer of 16 units (the convolutions keep their Nature sizes).
 * The defaults (ALL's) are checked in the last block.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Agent, ParallelAgent } from '../../../lib/agents/agent';
import { DeepmindAtariBody } from '../../../lib/bodies';
import { ConfigError } from '../../../lib/core/errors';
import { FrameStackStore } from '../../../lib/memory/frame_stack_store';
import type { Environment } from '../../../environments';
import { makeEnvironment } from '../../../environments';
import { closeSharedBridges } from '../../../environments/bridge/bridge';
import { atari } from '../../../presets/atari';
import { loadPreset } from '../../../presets/registry';
import type { Preset } from '../../../presets/preset';
import { drive, driveParallel, expectFlatTensorCount, expectFlatTensorCountParallel } from '../../helpers/drive';

const QUICK: Record<string, Record<string, number>> = {
  dqn: { replayStartSize: 100, minibatchSize: 4 },
  ddqn: { replayStartSize: 100, minibatchSize: 4 },
  c51: { replayStartSize: 100, minibatchSize: 4, atoms: 11 },
  rainbow: { replayStartSize: 100, minibatchSize: 4, atoms: 11 },
  vqn: { nEnvs: 2 },
  vsarsa: { nEnvs: 2 },
  vac: { nEnvs: 2 },
  vpg: { minBatchSize: 100 },
  a2c: { nEnvs: 2 },
  ppo: { nEnvs: 2, nSteps: 16, minibatches: 2, epochs: 1 },
};
const SMALL = { hidden: 16 };

let env: Environment;
beforeAll(() => {
  env = makeEnvironment('Breakout');
});
afterAll(() => {
  env.close();
  closeSharedBridges();
});

function build(id: keyof typeof atari, seed: number): Preset {
  return atari[id].env(env).hyperparameters({ ...QUICK[id]!, ...SMALL }).seed(seed).build();
}

describe.each(Object.keys(atari) as (keyof typeof atari)[])('atari %s preset', (id) => {
  it('trains inside act without leaking tensors; its test agents act; save and load act the same', async () => {
    const preset = build(id, 3);
    expect(preset.env.observationSpace.shape).toEqual([84, 84, 1]);
    const agent = preset.agent();
    expect(agent).toBeInstanceOf(DeepmindAtariBody);
    if (preset.parallel) {
      expectFlatTensorCountParallel(agent as ParallelAgent, env, preset.nEnvs, 40, 40);
      const parallelTest = preset.parallelTestAgent();
      if (parallelTest !== undefined) expect(driveParallel(parallelTest as ParallelAgent, env, preset.nEnvs, 10).every((a) => a >= 0 && a < 4)).toBe(true);
    } else {
      expectFlatTensorCount(agent as Agent, env, 120, 60);
    }
    expectFlatTensorCount(preset.testAgent(), env, 0, 20, 2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `allts-atari-${id}-`));
    await preset.save(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'preset.json'), 'utf8'))).toMatchObject({ preset: id, family: 'atari', hyperparameters: SMALL });
    const a = drive(preset.testAgent(), env, 40, 9);
    const loaded = await loadPreset(dir);
    expect(loaded.family).toBe('atari');
    expect(drive(loaded.testAgent(), env, 40, 9)).toEqual(a);
    fs.rmSync(dir, { recursive: true, force: true });
    preset.dispose();
    loaded.dispose();
  }, 120_000);
});

describe('atari presets', () => {
  it("take ALL's Atari defaults and the Nature network", () => {
    expect(atari.dqn.currentHyperparameters).toMatchObject({
      discountFactor: 0.99, lr: 1e-4, eps: 1.5e-4, optimizer: 'adam', loss: 'huber', minibatchSize: 32, updateFrequency: 4,
      targetUpdateFrequency: 1000, replayStartSize: 80000, replayBufferSize: 1000000, initialExploration: 1, finalExploration: 0.01,
      finalExplorationStep: 250000, testExploration: 0.001, annealLr: true, model: 'nature_dqn', frames: 4, hidden: 512,
    });
    expect(atari.ddqn.currentHyperparameters).toMatchObject({ alpha: 0.5, beta: 0.5, model: 'nature_ddqn' });
    expect(atari.c51.currentHyperparameters).toMatchObject({ initialExploration: 0.02, finalExploration: 0, atoms: 51, vMin: -10, vMax: 10, eps: 1.5e-4, model: 'nature_c51' });
    expect(atari.rainbow.currentHyperparameters).toMatchObject({ nSteps: 3, sigma: 0.5, alpha: 0.5, beta: 0.5, atoms: 51, lr: 1e-4, minibatchSize: 32, model: 'nature_rainbow' });
    expect(atari.a2c.currentHyperparameters).toMatchObject({ lr: 7e-4, nEnvs: 16, nSteps: 5, featureModel: 'nature_features', valueModel: 'nature_value_head' });
    expect(atari.ppo.currentHyperparameters).toMatchObject({ lr: 2.5e-4, nEnvs: 8, nSteps: 128, epochs: 4, minibatches: 4, lam: 0.95 });
    expect(atari.vpg.currentHyperparameters).toMatchObject({ lrV: 5e-4, lrPi: 1e-4, minBatchSize: 1000 });
    expect(atari.vqn.currentHyperparameters).toMatchObject({ lr: 1e-3, nEnvs: 64, model: 'nature_ddqn' });
    expect('filters' in atari.vqn.currentHyperparameters).toBe(false);
    const preset = atari.dqn.env(env).seed(1).build();
    // 32*8*8*4+32, 64*4*4*32+64, 64*3*3*64+64, 3136*512+512, 512*4+4
    const q = (preset as unknown as { inner: { models: Record<string, { variables: { size: number }[] }> } }).inner.models.q!;
    expect(q.variables.reduce((n, v) => n + v.size, 0)).toBe(8224 + 32832 + 36928 + 1606144 + 2052);
    expect(drive(preset.testAgent(), env, 5).every((a) => a >= 0 && a < 4)).toBe(true);
    preset.dispose();
  }, 60_000);

  it('the replay keeps each stacked frame once', () => {
    const preset = build('dqn', 4);
    const agent = preset.agent() as DeepmindAtariBody;
    drive(agent, env, 300);
    let inner: unknown = agent;
    while (inner instanceof DeepmindAtariBody || (inner as { agent?: unknown }).agent !== undefined) inner = (inner as { agent: unknown }).agent;
    const replay = (inner as { replayBuffer: { length: number; ring: unknown } }).replayBuffer;
    expect(replay.length).toBeGreaterThan(250);
    // one new 84x84 frame per transition, plus the frames of the first stack: not 4 per stack
    expect(replay.ring).toBeInstanceOf(FrameStackStore);
    const store = replay.ring as FrameStackStore;
    expect(store.framesStored).toBeGreaterThanOrEqual(replay.length);
    expect(store.framesStored).toBeLessThanOrEqual(replay.length + 8);
    preset.dispose();
  }, 60_000);

  it('refuse flat observations with a clear error', () => {
    expect(() => atari.dqn.env(makeEnvironment('CartPole-v1')).seed(1).build()).toThrow(ConfigError);
    expect(() => atari.ppo.env(makeEnvironment('CartPole-v1')).seed(1).build()).toThrow(/atari family needs image observations/);
  });
});
