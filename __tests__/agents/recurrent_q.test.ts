import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../../environments';
import { QNetwork } from '../../lib/approximation/q_network';
import { FixedTarget } from '../../lib/approximation/target';
import { Random } from '../../lib/core/random';
import { RecurrentQ, apexEpsilons } from '../../lib/agents/recurrent_q';
import { recurrentQLoss } from '../../lib/agents/recurrent_q_loss';
import { SequenceReplayBuffer } from '../../lib/memory/sequence_replay';
import type { SequenceBatch } from '../../lib/memory/types';
import { recurrentQModel } from '../../lib/nn/recurrent_q_model';
import { tf, type Tensor } from '../../lib/tf';
import { classicControl } from '../../presets/classic_control';
import { loadPreset } from '../../presets/registry';
import { drive, driveParallel, expectFlatTensorCount, expectFlatTensorCountParallel } from '../helpers/drive';
import { expectClose } from '../nn/fixed_linear';

const SMALL = { hidden: 8, lstm: 8, head: 8, sequenceLength: 5, overlap: 2, minibatchSize: 4, replayStartSize: 60, replayBufferSize: 50 };

function setup(seed: number, options: { burnIn?: number; lr?: number } = {}) {
  const rng = new Random(seed);
  const { model, lstmKey, lstmSize } = recurrentQModel(2, 2, rng, { hidden: [6], lstm: 5, head: [7] });
  // a non-zero output layer, so Q values (and TD errors) depend on the LSTM
  const last = model.layers[model.layers.length - 1] as unknown as { weight: tf.Variable };
  last.weight.assign(tf.randomNormal(last.weight.shape, 0, 0.5, 'float32', seed));
  const q = new QNetwork(model, { lr: options.lr ?? 0, target: new FixedTarget(1000) });
  const replay = new SequenceReplayBuffer(100, { length: 6, overlap: 2, burnIn: options.burnIn ?? 0, rng: rng.spawn() });
  const agent = new RecurrentQ(
    { q, replay, lstmKey, stateSizes: [lstmSize, lstmSize], rng: rng.spawn() },
    { discount: 0.9, lambda: 0.8, valueRescaling: false, minibatchSize: 4, replayStartSize: 1e9, updateFrequency: 1, epsilon: () => 0.5, actions: 2 },
  );
  return { model, lstmKey, q, replay, agent };
}

describe('RecurrentQ', () => {
  it('stores at each sequence start the carried state of the acting network (R2D2 stored state)', () => {
    const { model, lstmKey, q, replay, agent } = setup(1);
    const env = makeEnvironment('CartPole-v1', { observe: 'positions', maxEpisodeSteps: 9 });
    // record the stream the agent sees
    const observations: Float32Array[] = [];
    const starts: number[] = [];
    let state = env.reset({ seed: 2 });
    let prevDone = true;
    for (let i = 0; i < 40; i++) {
      observations.push(Float32Array.from(state.observation));
      starts.push(prevDone ? 1 : 0);
      prevDone = state.done;
      const a = agent.act(state);
      state = state.done ? env.reset() : env.step(a);
    }
    // recompute the state before each step with one sequence pass from zeros
    const recomputed = tf.tidy(() => {
      const states: number[][] = [];
      let h: Tensor = tf.zeros([1, 5]);
      let c: Tensor = tf.zeros([1, 5]);
      for (let t = 0; t < observations.length; t++) {
        if (starts[t]) {
          h = tf.zeros([1, 5]);
          c = tf.zeros([1, 5]);
        }
        states.push([...h.dataSync(), ...c.dataSync()]);
        const next: Record<string, readonly Tensor[]> = {};
        model.apply(tf.tensor2d(observations[t]!, [1, 2]), { training: false, state: { [lstmKey]: [h, c] }, nextState: next });
        h = next[lstmKey]![0]!;
        c = next[lstmKey]![1]!;
      }
      return states;
    });
    // sequences start every 4 steps (6 - 2); stored after their 7th observation
    expect(replay.sequences).toBe(9);
    const batch = replay.gather(Int32Array.from({ length: 9 }, (_, i) => i), new Float32Array(9).fill(1));
    for (let k = 0; k < 9; k++) {
      const h = batch.initialState[lstmKey]![0]!.values.slice(k * 5, k * 5 + 5);
      const c = batch.initialState[lstmKey]![1]!.values.slice(k * 5, k * 5 + 5);
      expectClose([...h, ...c], recomputed[4 * k]!, 1e-6);
      expect(batch.resets[0 * 9 + k]).toBe(starts[4 * k]);
      expect(batch.observations[(0 * 9 + k) * 2]).toBe(observations[4 * k]![0]);
    }
    // some stored states are non-zero (sequences starting inside an episode)
    expect(recomputed.some((s, t) => t % 4 === 0 && s.some((v) => v !== 0))).toBe(true);
    agent.dispose();
    q.dispose();
  });

  it('burn-in unrolls without loss: TD errors equal those of the shortened batch started from the burned-in state', () => {
    const run = (burnIn: number) => {
      const { model, lstmKey, q, replay, agent } = setup(4, { burnIn });
      drive(agent, makeEnvironment('CartPole-v1', { observe: 'positions', maxEpisodeSteps: 12 }), 60, 3);
      return { model, lstmKey, q, replay, agent };
    };
    const withBurnIn = run(2);
    const batch = withBurnIn.replay.gather(Int32Array.of(0, 1, 2, 3, 4), new Float32Array(5).fill(1));
    const got = recurrentQLoss(withBurnIn.q, batch, { discount: 0.9, lambda: 0.8, valueRescaling: true });
    expect(got.tdErrors.length).toBe(4 * 5);
    // the same sequences without their first 2 steps, from the state the network reaches after them
    const B = 5;
    const O = 2;
    const cut = (a: ArrayLike<number>, rows: number, width = 1) => Array.from(a).slice(2 * B * width, (2 + rows) * B * width);
    const burned = tf.tidy(() => {
      const next: Record<string, readonly Tensor[]> = {};
      const init = Object.fromEntries(Object.entries(batch.initialState).map(([k, parts]) => [k, parts.map((p) => tf.tensor(p.values, [...p.shape]))]));
      withBurnIn.model.apply(tf.tensor(batch.observations.slice(0, 2 * B * O), [2, B, O]), { state: init, nextState: next, resets: tf.tensor2d(Float32Array.from(batch.resets.slice(0, 2 * B)), [2, B]) });
      return next[withBurnIn.lstmKey]!.map((t) => ({ values: t.dataSync() as Float32Array, shape: t.shape }));
    });
    const short: SequenceBatch = {
      ...batch,
      length: 4,
      burnIn: 0,
      observations: Float32Array.from(cut(batch.observations, 5, O)),
      actions: Int32Array.from(cut(batch.actions, 4)),
      rewards: Float32Array.from(cut(batch.rewards, 4)),
      masks: Float32Array.from(cut(batch.masks, 4)),
      valid: Float32Array.from(cut(batch.valid, 4)),
      resets: Uint8Array.from(cut(batch.resets, 5)),
      initialState: { [withBurnIn.lstmKey]: burned },
    };
    const want = recurrentQLoss(withBurnIn.q, short, { discount: 0.9, lambda: 0.8, valueRescaling: true });
    expectClose(got.tdErrors, want.tdErrors, 1e-5);
    expect(got.tdErrors.some((x) => Math.abs(x) > 1e-3)).toBe(true);
    // R2D2 priorities from these TD errors
    expect(got.priorities.length).toBe(5);
    withBurnIn.agent.dispose();
    withBurnIn.q.dispose();
  });

  it('Ape-X epsilons: base^(1 + alpha i / (n - 1))', () => {
    expectClose(apexEpsilons(3), [0.4, 0.4 ** 4.5, 0.4 ** 8], 1e-7);
    expectClose(apexEpsilons(1), [0.4], 1e-7);
  });
});

describe('recurrent_q presets', () => {
  it('train inside act without leaking tensors, single and parallel', () => {
    const env = makeEnvironment('CartPole-v1', { observe: 'positions' });
    const preset = classicControl.recurrent_q.env(env).hyperparameters(SMALL).seed(3).build();
    expectFlatTensorCount(preset.agent() as RecurrentQ, env, 120, 150);
    const parallel = classicControl.parallel_recurrent_q.env(env).hyperparameters({ ...SMALL, nEnvs: 3 }).seed(3).build();
    expectFlatTensorCountParallel(parallel.agent(), env, 3, 40, 50);
    expect(driveParallel(parallel.parallelTestAgent()!, env, 3, 20)).toHaveLength(60);
    preset.dispose();
    parallel.dispose();
  });

  it('saves and loads: the loaded test agent chooses the same actions', async () => {
    const env = makeEnvironment('MemoryLength-bsuite', { memoryLength: 4 });
    const preset = classicControl.recurrent_q.env(env).hyperparameters(SMALL).seed(5).build();
    drive(preset.agent() as RecurrentQ, env, 300);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-recurrent-q-'));
    await preset.save(dir);
    const loaded = await loadPreset(dir);
    const a = drive(preset.testAgent(), makeEnvironment('MemoryLength-bsuite', { memoryLength: 4 }), 200, 9);
    const b = drive(loaded.testAgent(), makeEnvironment('MemoryLength-bsuite', { memoryLength: 4 }), 200, 9);
    expect(b).toEqual(a);
    preset.dispose();
    loaded.dispose();
  });
});
