/**
 * C51 (lib/agents/c51.ts) and its classic-control preset: the greedy choice against QDist, one training update against lib/functional's
 * categoricalDoubleQLearning computed by hand, exploration, and the preset smoke test (build, act,
 * leak check, test agent, save and reload).
 */
import { C51, greedyAction } from '../../lib/agents/c51';
import { QDist } from '../../lib/approximation/q_dist';
import { Random } from '../../lib/core/random';
import { State } from '../../lib/core/state';
import { ShapeError } from '../../lib/core/errors';
import { categoricalCrossEntropy, categoricalDoubleQLearning, weightedMean } from '../../lib/functional';
import type { ReplayBatch, ReplayBuffer } from '../../lib/memory/types';
import { Linear, Sequential } from '../../lib/nn/module';
import { tf } from '../../lib/tf';
import { makeEnvironment } from '../../environments/registry';
import { c51 } from '../../presets/classic_control/c51';
import { expectPresetAgentsDoNotLeak, expectSaveAndReload } from './replay_preset_helpers';

/** A replay buffer that always returns the same batch and records the priorities it is given. */
class FixedBatchBuffer implements ReplayBuffer {
  length = 0;
  priorities: number[][] = [];
  constructor(readonly batch: ReplayBatch) {}
  store(): void {
    this.length += 1;
  }
  sample(): ReplayBatch {
    return this.batch;
  }
  updatePriorities(_indices: ArrayLike<number>, priorities: ArrayLike<number>): void {
    this.priorities.push(Array.from(priorities));
  }
}

function randomArray(rng: Random, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}

describe('categoricalCrossEntropy (the fast form C51 relies on)', () => {
  it('has the values and gradients (logits and labels) of -sum labels * logSoftmax(logits)', () => {
    const rng = new Random(2);
    const logits = tf.tensor2d(randomArray(rng, 4 * 7, 3), [4, 7]);
    const labels = tf.tidy(() => tf.concat([tf.softmax(tf.tensor2d(randomArray(rng, 3 * 7), [3, 7])), tf.zeros([1, 7])]));
    const reference = (l: tf.Tensor, x: tf.Tensor) => tf.neg(tf.sum(tf.mul(l, tf.logSoftmax(x)), 1));
    const weights = tf.tensor1d([1, -2, 0.5, 3]);
    const grads = (f: (l: tf.Tensor, x: tf.Tensor) => tf.Tensor) =>
      tf.tidy(() => tf.grads((l: tf.Tensor, x: tf.Tensor) => tf.sum(tf.mul(f(l, x), weights)))([labels, logits]).map((g) => Array.from(g.dataSync())));
    const got = tf.tidy(() => Array.from(categoricalCrossEntropy(labels, logits).dataSync()));
    const want = tf.tidy(() => Array.from(reference(labels, logits).dataSync()));
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    expect(got[3]).toBe(0); // a zero label row costs nothing
    const [gl, gx] = grads((l, x) => categoricalCrossEntropy(l, x));
    const [rl, rx] = grads(reference);
    gl!.forEach((v, i) => expect(v).toBeCloseTo(rl![i]!, 4));
    gx!.forEach((v, i) => expect(v).toBeCloseTo(rx![i]!, 5));
    expect(gx!.slice(21).every((v) => v === 0)).toBe(true); // and has no gradient
    // with constant labels: bitwise the same values and logits gradient (C51's loss uses this form)
    const constant = tf.tidy(() => Array.from(categoricalCrossEntropy(labels, logits, { constantLabels: true }).dataSync()));
    expect(constant).toEqual(got);
    const cx = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(categoricalCrossEntropy(labels, x, { constantLabels: true }), weights)))(logits).dataSync()));
    expect(cx).toEqual(gx);
    tf.dispose([logits, labels, weights]);
  });
});

/** A QDist over a single linear layer obs -> actions * atoms with seeded weights. */
function linearQDist(obs: number, actions: number, support: { atoms: number; vMin: number; vMax: number }, seed: number, lr = 0.1): QDist {
  const rng = new Random(seed);
  const model = new Sequential([new Linear(obs, actions * support.atoms, rng)]);
  return new QDist(model, { actions, ...support, lr, optimizer: 'sgd' });
}

describe('C51 agent', () => {
  const support = { atoms: 5, vMin: -2, vMax: 2 };
  const obs = 3;

  it('greedyAction equals QDist.greedyActions (argmax of expected values) in both modes', () => {
    const q = linearQDist(obs, 3, support, 8);
    const rng = new Random(1);
    const states = Array.from({ length: 40 }, () => new State({ observation: randomArray(rng, obs, 2) }));
    const reference = q.greedyActions(Float32Array.from(states.flatMap((s) => Array.from(s.observation))), [40, obs]);
    const mine = states.map((s) => greedyAction(q, s, false));
    expect(mine).toEqual(Array.from(reference));
    expect(new Set(mine).size).toBeGreaterThan(1); // the check discriminates between actions
    expect(states.map((s) => greedyAction(q, s, true))).toEqual(mine); // no noise here: eval = forward
    q.dispose();
  });

  it('one update equals SGD on the weighted categorical double-Q cross entropy of lib/functional; priorities are the KL', () => {
    // batch of 3 transitions: steps 1, 3, 2; the third ends in a true terminal (mask 0)
    const gamma = 0.9;
    const rng = new Random(11);
    const batch: ReplayBatch = {
      size: 3,
      stateShape: [obs],
      states: randomArray(rng, 3 * obs),
      actions: Int32Array.of(1, 0, 1),
      rewards: Float32Array.of(0.5, -1, 1.25),
      nextStates: randomArray(rng, 3 * obs),
      nextMasks: Float32Array.of(1, 1, 0),
      steps: Int32Array.of(1, 3, 2),
      weights: Float32Array.of(1, 0.5, 0.25),
      indices: Int32Array.of(7, 2, 9),
    };
    const agentQ = linearQDist(obs, 2, support, 5);
    const handQ = linearQDist(obs, 2, support, 5);
    const buffer = new FixedBatchBuffer(batch);
    const agent = new C51(agentQ, buffer, new Random(0), { discountFactor: gamma, minibatchSize: 3, replayStartSize: 0, updateFrequency: 1 });
    agent.act(new State({ observation: batch.states.slice(0, obs) })); // first act: trains once on the fixed batch

    // By hand: discounts gamma^steps * mask = [0.9, 0.729, 0]; loss = mean(w * CE(target, taken logits))
    let handCe: number[] = [];
    tf.tidy(() => {
      const atoms = handQ.supportTensor();
      const next = tf.tensor2d(batch.nextStates, [3, obs]);
      const targetLogits = handQ.logits(next, 'target');
      const selector = handQ.qValues(next, 'forward');
      const states = tf.tensor2d(batch.states, [3, obs]);
      const actions = tf.tensor1d(batch.actions as Int32Array, 'int32');
      const rewards = tf.tensor1d(batch.rewards);
      const discounts = tf.tensor1d([0.9, 0.729, 0]);
      handQ.reinforce(() => {
        const ce = categoricalDoubleQLearning(atoms, handQ.logits(states), actions, rewards, discounts, atoms, targetLogits, selector);
        handCe = Array.from(ce.dataSync());
        return weightedMean(ce, tf.tensor1d(batch.weights));
      });
    });
    const a = agentQ.model.variables.map((v) => Array.from(v.dataSync()));
    const b = handQ.model.variables.map((v) => Array.from(v.dataSync()));
    a.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(b[i]![j]!, 5)));
    // the update moved the weights (the comparison is not vacuous)
    const start = linearQDist(obs, 2, support, 5);
    expect(start.model.variables[0]!.dataSync()[0]).not.toBeCloseTo(a[0]![0]!, 4);
    start.dispose();

    // priorities: KL = CE - entropy(target); for the terminal row target [0, 0, 0, 0.75, 0.25]
    expect(buffer.priorities).toHaveLength(1);
    const kl = buffer.priorities[0]!;
    const entropyTerminal = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    expect(kl[2]).toBeCloseTo(handCe[2]! - entropyTerminal, 4);
    kl.forEach((v) => expect(v).toBeGreaterThanOrEqual(-1e-5));
    expect(kl[0]).toBeLessThan(handCe[0]!); // entropy of a non-degenerate target is removed

    // a buffer that ignores priorities (uniform replay) is not given any; the update still happens
    const uniform = Object.assign(new FixedBatchBuffer(batch), { usesPriorities: false });
    const before = Array.from(agentQ.model.variables[0]!.dataSync());
    new C51(agentQ, uniform, new Random(0), { discountFactor: gamma, minibatchSize: 3, replayStartSize: 0, updateFrequency: 1 }).act(
      new State({ observation: batch.states.slice(0, obs) }),
    );
    expect(uniform.priorities).toHaveLength(0);
    expect(Array.from(agentQ.model.variables[0]!.dataSync())).not.toEqual(before);
    agentQ.dispose();
    handQ.dispose();
  });

  it('acts at random until the buffer holds replayStartSize transitions, then epsilon-greedily by the schedule', () => {
    const q = linearQDist(obs, 2, support, 3);
    const buffer = new FixedBatchBuffer({} as ReplayBatch);
    // epsilon = 1 - decisions / 10 after replay start (a pure schedule of decisions)
    const agent = new C51(q, buffer, new Random(0), {
      discountFactor: 0.9,
      minibatchSize: 1,
      replayStartSize: 1e9, // never trains (the stub has no batch)
      updateFrequency: 1,
      exploration: (step) => Math.max(0, 1 - step / 10),
    });
    const state = new State({ observation: Float32Array.of(1, 2, 3) });
    const greedy = greedyAction(q, state, false);
    const early: number[] = [];
    for (let i = 0; i < 200; i++) early.push(agent.act(state));
    expect(new Set(early).size).toBe(2); // random before replay start, though greedy is fixed
    expect(agent.currentEpsilon).toBe(1); // the schedule has not moved yet
    q.dispose();

    const q2 = linearQDist(obs, 2, support, 3);
    const agent2 = new C51(q2, new FixedBatchBuffer({} as ReplayBatch), new Random(0), {
      discountFactor: 0.9,
      minibatchSize: 1,
      replayStartSize: 0,
      updateFrequency: 1e9,
      exploration: (step) => Math.max(0, 1 - step / 10),
    });
    for (let i = 0; i < 10; i++) agent2.act(state);
    expect(agent2.currentEpsilon).toBe(0);
    const late: number[] = [];
    for (let i = 0; i < 50; i++) late.push(agent2.act(state));
    expect(late.every((x) => x === greedy)).toBe(true);
    q2.dispose();
  });

  it('rejects bad options with a ConfigError', () => {
    const q = linearQDist(obs, 2, support, 3);
    const buffer = new FixedBatchBuffer({} as ReplayBatch);
    expect(() => new C51(q, buffer, new Random(0), { discountFactor: 0.9, minibatchSize: 0, replayStartSize: 0, updateFrequency: 1 })).toThrow(
      /minibatchSize must be a positive integer; received 0/,
    );
    expect(() => new C51(q, buffer, new Random(0), { discountFactor: 1.5, minibatchSize: 2, replayStartSize: 0, updateFrequency: 1 })).toThrow(
      /discountFactor must be in \[0, 1\]/,
    );
    q.dispose();
  });
});

describe('c51 preset', () => {
  it("has ALL's classic-control defaults and decays epsilon from 1 to 0.02 over 9,000 decisions after replay start", () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = c51.env(env).seed(0).build();
    expect(preset.hyperparameters).toMatchObject({
      discountFactor: 0.99, lr: 1e-4, minibatchSize: 128, updateFrequency: 1, targetUpdateFrequency: 100,
      replayStartSize: 1000, replayBufferSize: 20000, initialExploration: 1, finalExploration: 0.02,
      finalExplorationStep: 10000, testExploration: 0.001, atoms: 101, vMin: -100, vMax: 100, hidden: 64,
    });
    expect(preset.id).toBe('c51');
    expect(preset.family).toBe('classic');
    const agent = preset.agent() as C51;
    expect(agent.currentEpsilon).toBe(1);
    expect(agent.options.exploration).toBeInstanceOf(Function);
    const schedule = agent.options.exploration as (s: number) => number;
    expect(schedule(4500)).toBeCloseTo(0.51, 10); // halfway: (1 + 0.02) / 2
    expect(schedule(9000)).toBeCloseTo(0.02, 10);
    preset.dispose();
  });

  it('builds, trains inside act and leaks no tensors over 5,000 steps', () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = c51.env(env).hyperparameters({ replayStartSize: 100, hidden: 16, atoms: 11, minibatchSize: 16, updateFrequency: 4 }).seed(3).build();
    expectPresetAgentsDoNotLeak(preset, env, 300);
    preset.dispose();
  });

  it('saves and reloads: a fresh build with the saved weights chooses the same test actions', async () => {
    const env = makeEnvironment('CartPole-v0');
    const build = (seed: number) => c51.env(env).hyperparameters({ replayStartSize: 50, hidden: 16, atoms: 11, minibatchSize: 16, testExploration: 0 }).seed(seed).build();
    await expectSaveAndReload(build, env, { preset: 'c51', family: 'classic', hyperparameters: { hidden: 16, atoms: 11 }, models: ['q_dist'] });
  });
});
