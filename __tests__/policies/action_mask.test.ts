/**
 * Action masks in every discrete policy: illegal actions are never chosen (greedy, epsilon-greedy,
 * softmax sampled and greedy, categorical greedy), a mask without a legal action is a StateError,
 * a mask of the wrong length a ShapeError, and no call leaks a tensor. Masked Q-learning targets
 * take their max over legal next actions only (hand-computed).
 */
import { Approximation } from '../../lib/approximation/approximation';
import { QDist } from '../../lib/approximation/q_dist';
import { ShapeError, StateError } from '../../lib/core/errors';
import { MultiagentState } from '../../lib/core/multiagent_state';
import { Random } from '../../lib/core/random';
import { State } from '../../lib/core/state';
import { doubleQLearningTarget, qLearningTarget } from '../../lib/functional/value_learning';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import { NStepReplayBuffer } from '../../lib/memory/n_step_replay';
import { Sequential } from '../../lib/nn/module';
import { actionMaskOf, maskProbabilities, randomLegalAction } from '../../lib/policies/action_mask';
import { greedyAction } from '../../lib/policies/categorical_greedy';
import { GreedyPolicy, ParallelGreedyPolicy } from '../../lib/policies/greedy';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose, fixedLinear, take } from '../nn/fixed_linear';

/** Q(x) = x * [1, 5, 3, 4]: action 1 is best, then 3. */
const q4 = (): Approximation => new Approximation(new Sequential([fixedLinear([[1, 5, 3, 4]], [0, 0, 0, 0])]));

describe('masked greedy policies', () => {
  it('greedy picks the best legal action and leaks nothing', () => {
    const p = new GreedyPolicy(q4(), 4, new Random(0));
    expect(p.act(Float32Array.of(1), [1])).toBe(1);
    expect(p.act(Float32Array.of(1), [1], Uint8Array.of(1, 0, 1, 1))).toBe(3);
    expect(p.act(Float32Array.of(1), [1], Uint8Array.of(1, 0, 1, 0))).toBe(2);
    expectNoTensorLeak(() => p.act(Float32Array.of(1), [1], Uint8Array.of(1, 0, 1, 0)));
  });

  it('epsilon-greedy at epsilon 1 draws only legal actions, each about equally often', () => {
    const p = new GreedyPolicy(q4(), 4, new Random(1), { epsilon: 1 });
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[p.act(Float32Array.of(1), [1], Uint8Array.of(1, 0, 1, 0))]!++;
    expect(counts[1]).toBe(0);
    expect(counts[3]).toBe(0);
    expect(Math.abs(counts[0]! / 3000 - 0.5)).toBeLessThan(0.05);
  });

  it('the parallel policy masks each row by its own mask', () => {
    const p = new ParallelGreedyPolicy(q4(), 4, new Random(0));
    const masks = Uint8Array.of(0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1);
    expect([...p.act(Float32Array.of(1, 1, 1), [3, 1], masks)]).toEqual([2, 1, 3]);
  });

  it('a mask without a legal action, or of the wrong length, is a clear error', () => {
    const p = new GreedyPolicy(q4(), 4, new Random(0));
    expect(() => p.act(Float32Array.of(1), [1], Uint8Array.of(0, 0, 0, 0))).toThrow(StateError);
    expect(() => p.act(Float32Array.of(1), [1], Uint8Array.of(1, 1))).toThrow(ShapeError);
  });

  it('without a mask the choice is unchanged, draw for draw', () => {
    const a = new GreedyPolicy(q4(), 4, new Random(5), { epsilon: 0.5 });
    const b = new GreedyPolicy(q4(), 4, new Random(5), { epsilon: 0.5 });
    const all = Uint8Array.of(1, 1, 1, 1);
    // an all-legal mask draws the same random actions as no mask (one draw among 4 either way)
    for (let i = 0; i < 50; i++) expect(a.act(Float32Array.of(1), [1])).toBe(b.act(Float32Array.of(1), [1], all));
  });
});

describe('masked softmax policy', () => {
  it('never samples an illegal action and renormalizes the rest', () => {
    // logits = ln [0.2, 0.5, 0.3]; mask out action 1 -> [0.4, 0, 0.6]
    const policy = new SoftmaxPolicy(fixedLinear([[Math.log(0.2), Math.log(0.5), Math.log(0.3)]], [0, 0, 0]), new Random(2));
    const n = 4000;
    const mask = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) mask.set([1, 0, 1], i * 3);
    const x = tf.tensor2d(new Float32Array(n).fill(1), [n, 1]);
    let actions: Int32Array = new Int32Array(0);
    expectNoTensorLeak(() => {
      actions = policy.sampleFrom(x, { mask });
    });
    const counts = [0, 0, 0];
    for (const a of actions) counts[a]!++;
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[0]! / n - 0.4)).toBeLessThan(0.03);
    expect([...policy.sampleFrom(tf.tensor2d([[1]]), { greedy: true, mask: Uint8Array.of(1, 0, 1) })]).toEqual([2]);
    x.dispose();
    policy.dispose();
  });

  it('maskProbabilities zeroes illegal entries and falls back to uniform legal when all legal underflow', () => {
    expectClose(maskProbabilities(Float32Array.of(0.2, 0.5, 0.3), Uint8Array.of(1, 0, 1), 3), [0.4, 0, 0.6], 1e-6);
    expectClose(maskProbabilities(Float32Array.of(0, 1, 0), Uint8Array.of(1, 0, 1), 3), [0.5, 0, 0.5], 1e-6);
  });
});

describe('masked categorical greedy', () => {
  it('picks the legal action of highest expectation', () => {
    const l3 = Math.log(3);
    // a0: Q = 2/7, a1: Q = -1/4 (see q_dist.test.ts); masking a0 forces a1
    const q = new QDist(fixedLinear([[0, l3, l3, Math.log(2), 0, 0]], [0, 0, 0, 0, 0, 0]), { actions: 2, atoms: 3, vMin: -1, vMax: 1 });
    const free = new State({ observation: [1] });
    const masked = new State({ observation: [1], actionMask: [0, 1] });
    expect(greedyAction(q, free, true)).toBe(0);
    expect(greedyAction(q, masked, true)).toBe(1);
    expect(() => greedyAction(q, new State({ observation: [1], actionMask: [0, 0] }), true)).toThrow(StateError);
    q.dispose();
  });
});

describe('masks and states', () => {
  it('a done state needs no action, so its mask does not apply', () => {
    const s = new MultiagentState({ agent: 'player_1', observation: [0], actionMask: [0, 0], terminated: true });
    expect(actionMaskOf(s)).toBeUndefined();
    expect(actionMaskOf(new MultiagentState({ agent: 'player_1', observation: [0], actionMask: [0, 1] }))).toEqual(Uint8Array.of(0, 1));
    expect(() => new MultiagentState({ agent: '', observation: [0], actionMask: [1] })).toThrow(/agent's id/);
  });

  it('randomLegalAction draws among legal actions only', () => {
    const rng = new Random(9);
    for (let i = 0; i < 100; i++) expect([2, 4]).toContain(randomLegalAction(Uint8Array.of(0, 0, 1, 0, 1), 0, 5, rng));
  });
});

describe('masked Q-learning targets', () => {
  it('max over legal next actions; a row without legal actions bootstraps 0', () => {
    const r = tf.tensor1d([1, 0, 2]);
    const d = tf.tensor1d([0.5, 0.5, 0.5]);
    const qT = tf.tensor2d([[1, 10, 3], [4, 2, 8], [5, 6, 7]]);
    const legal = tf.tensor2d([[1, 0, 1], [1, 1, 0], [0, 0, 0]]);
    // row 0: 1 + 0.5 * max(1, 3) = 2.5; row 1: 0 + 0.5 * max(4, 2) = 2; row 2: 2 + 0.5 * 0 = 2
    expectClose(take(qLearningTarget(r, d, qT, legal)), [2.5, 2, 2]);
    expectClose(take(qLearningTarget(r, d, qT)), [6, 4, 5.5]);
    // double Q: the selector [[9, 0, 1], [0, 5, 9], ...] picks a0 (legal of {0, 2}) and a1 (legal of {0, 1})
    const sel = tf.tensor2d([[9, 0, 1], [0, 5, 9], [1, 1, 1]]);
    expectClose(take(doubleQLearningTarget(r, d, qT, sel, legal)), [1.5, 1, 2]);
    tf.dispose([r, d, qT, legal, sel]);
  });

  it('the replay buffer returns the next states\' masks with the batch', () => {
    const buffer = new ExperienceReplayBuffer(10, { rng: new Random(0) });
    const s = (o: number, mask: number[]) => new State({ observation: [o], actionMask: mask });
    buffer.store(s(0, [1, 1]), 1, s(1, [0, 1]));
    buffer.store(s(1, [0, 1]), 1, s(2, [1, 0]));
    const batch = buffer.sample(6);
    for (let i = 0; i < 6; i++) {
      const next = batch.nextStates[i]!;
      expect([...batch.nextActionMasks!.subarray(i * 2, i * 2 + 2)]).toEqual(next === 1 ? [0, 1] : [1, 0]);
    }
    expect(() => buffer.store(s(2, [1, 0]), 0, new State({ observation: [3] }))).toThrow(ShapeError);
    // an n-step buffer passes the mask of the state its transition ends in
    const nStep = new NStepReplayBuffer(2, 0.5, new ExperienceReplayBuffer(10, { rng: new Random(1) }));
    nStep.store(s(0, [1, 1]), 0, s(1, [0, 1]));
    nStep.store(s(1, [0, 1]), 1, s(2, [1, 0]));
    const nBatch = nStep.sample(1);
    expect([nBatch.states[0], nBatch.nextStates[0], nBatch.steps[0]]).toEqual([0, 2, 2]);
    expect([...nBatch.nextActionMasks!]).toEqual([1, 0]);
    const plain = new ExperienceReplayBuffer(10, { rng: new Random(0) });
    plain.store(new State({ observation: [0] }), 0, new State({ observation: [1] }));
    expect(plain.sample(1).nextActionMasks).toBeUndefined();
  });
});
