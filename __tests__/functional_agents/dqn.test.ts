/**
 * The explicit-state DQN: pure predict and update (inputs unchanged, outputs independent), one key
 * per environment, the target copied from post-update parameters, baselax's defaults, typed errors,
 * and no tensor leak over 5,000 updates.
 */
import { ConfigError, ShapeError } from '../../lib/core/errors';
import { tf } from '../../lib/tf';
import type { TransitionBatch } from '../../lib/functional_agents/base_agent';
import { FunctionalDQN, FUNCTIONAL_DQN_DEFAULTS } from '../../lib/functional_agents/dqn';
import { makeKey, splitKey } from '../../lib/functional_agents/key';
import { disposeRecord, snapshotRecord } from '../../lib/functional_agents/records';
import { expectNoTensorLeak } from '../helpers/leak_check';

const D = 4;
const A = 2;

function batchOf(seed: number, n = 32): TransitionBatch {
  let x = seed + 1;
  const r = () => {
    x = (x * 16807) % 2147483647;
    return x / 2147483647 - 0.5;
  };
  return {
    obsTm1: Float32Array.from({ length: n * D }, r),
    aTm1: Int32Array.from({ length: n }, (_, i) => (i * 7 + seed) % A),
    rT: Float32Array.from({ length: n }, () => 1),
    discountT: Float32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : 0.99)),
    obsT: Float32Array.from({ length: n * D }, r),
  };
}

const snap = (x: unknown) => JSON.stringify(snapshotRecord(x as never));

describe('FunctionalDQN', () => {
  const agent = new FunctionalDQN({ observationSize: D, numActions: A });

  it("has baselax's defaults", () => {
    expect(FUNCTIONAL_DQN_DEFAULTS).toMatchObject({ discount: 0.99, epsilonInitial: 0.9, epsilonFinal: 0.05, epsilonSteps: 50_000, targetPeriod: 50 });
    expect(agent.epsilon(0)).toBeCloseTo(0.9, 12);
    expect(agent.epsilon(25_000)).toBeCloseTo(0.475, 12);
    expect(agent.epsilon(50_000)).toBeCloseTo(0.05, 12);
  });

  it('update does not mutate its inputs, and its outputs are independent of them', () => {
    const [k1, k2] = splitKey(makeKey(0), 2);
    const params = agent.initParams(k1!);
    const optim = agent.initOptimizer(params, k2!);
    const batch = batchOf(1);
    const before = { params: snap(params), optim: snap(optim), batch: snap(batch) };
    const out = agent.update(params, optim, batch);
    expect(snap(params)).toBe(before.params);
    expect(snap(optim)).toBe(before.optim);
    expect(snap(batch)).toBe(before.batch);
    // it did learn something: new parameters and moments differ from the inputs
    expect(snap(out.params.online)).not.toBe(snap(params.online));
    expect(out.optimState.adam.count).toBe(1);
    // outputs own their tensors: releasing the inputs leaves them valid, and vice versa
    disposeRecord(params, optim);
    expect(() => snap(out.params)).not.toThrow();
    disposeRecord(out.params, out.optimState);
  });

  it('predict does not mutate its inputs; evaluation leaves the schedule where it is', () => {
    const params = agent.initParams(makeKey(1));
    const policy = agent.initPolicy(makeKey(2));
    const obs = batchOf(2, 8).obsTm1;
    const before = { params: snap(params), policy: snap(policy), obs: snap(obs) };
    const train = agent.predict(params, policy, obs, makeKey(3), false);
    const evalOut = agent.predict(params, policy, obs, makeKey(3), true);
    expect(snap(params)).toBe(before.params);
    expect(snap(policy)).toBe(before.policy);
    expect(snap(obs)).toBe(before.obs);
    expect(train.policyState.predictCount).toBe(1);
    expect(evalOut.policyState.predictCount).toBe(0);
    expect(train.output.actions).toHaveLength(8);
    // evaluation is greedy
    const q = evalOut.output.qValues;
    for (let i = 0; i < 8; i++) expect(evalOut.output.actions[i]).toBe(q[i * A + 1]! > q[i * A]! ? 1 : 0);
    disposeRecord(params);
  });

  it('gives the same actions from the same key, and each environment its own draw', () => {
    const explorer = new FunctionalDQN({ observationSize: D, numActions: A, epsilonInitial: 1, epsilonFinal: 1 });
    const params = explorer.initParams(makeKey(4));
    const policy = explorer.initPolicy(makeKey(4));
    const obs = new Float32Array(64 * D).fill(0.1); // 64 identical observations
    const a = explorer.predict(params, policy, obs, makeKey(5), false).output.actions;
    const b = explorer.predict(params, policy, obs, makeKey(5), false).output.actions;
    const c = explorer.predict(params, policy, obs, makeKey(6), false).output.actions;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    // one shared draw (baselax's slip) would give 64 equal actions; per-environment keys give both
    const ones = a.reduce((s, x) => s + x, 0);
    expect(ones).toBeGreaterThan(16);
    expect(ones).toBeLessThan(48);
    disposeRecord(params);
  });

  it('copies the target from the parameters after the update that completes a period', () => {
    const small = new FunctionalDQN({ observationSize: D, numActions: A, targetPeriod: 3 });
    let params = small.initParams(makeKey(7));
    let optim = small.initOptimizer(params, makeKey(7));
    const initialTarget = snap(params.target);
    const synced: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const targetBefore = snap(params.target);
      const out = small.update(params, optim, batchOf(10 + i));
      disposeRecord(params, optim);
      params = out.params;
      optim = out.optimState;
      synced.push(out.output.targetSynced);
      if (i < 2) {
        expect(snap(params.target)).toBe(targetBefore);
        expect(snap(params.target)).toBe(initialTarget);
      }
    }
    expect(synced).toEqual([false, false, true]);
    // post-update: the target equals the online parameters returned by the third update
    expect(snap(params.target)).toBe(snap(params.online));
    expect(snap(params.target)).not.toBe(initialTarget);
    disposeRecord(params, optim);
  });

  it('rejects bad input with typed errors that say what was expected', () => {
    const params = agent.initParams(makeKey(8));
    const policy = agent.initPolicy(makeKey(8));
    const optim = agent.initOptimizer(params, makeKey(8));
    expect(() => agent.predict(params, policy, new Float32Array(7), makeKey(0), false)).toThrow(ShapeError);
    expect(() => agent.predict(params, policy, [1, 2, 3, 4] as never, makeKey(0), false)).toThrow(/Float32Array/);
    expect(() => agent.predict(params, policy, new Float32Array(4), 3 as never, false)).toThrow(ConfigError);
    const bad = { ...batchOf(0, 4), aTm1: new Int32Array([0, 1, 2, 0]) };
    expect(() => agent.update(params, optim, bad)).toThrow(/aTm1\[2\] = 2/);
    expect(() => agent.update(params, optim, { ...batchOf(0, 4), rT: new Float32Array(3) })).toThrow(ShapeError);
    expect(() => new FunctionalDQN({ observationSize: 4, numActions: 2, lrr: 1 } as never)).toThrow(/unknown option "lrr"/);
    expect(() => new FunctionalDQN({ observationSize: 4, numActions: 0 })).toThrow(ConfigError);
    disposeRecord(params, policy, optim);
  });

  it('leaks no tensor over 5,000 updates and predicts', () => {
    const small = new FunctionalDQN({ observationSize: D, numActions: A });
    let params = small.initParams(makeKey(9));
    let optim = small.initOptimizer(params, makeKey(9));
    let policy = small.initPolicy(makeKey(9));
    const batch = batchOf(3, 16);
    const counts: number[] = [];
    expectNoTensorLeak(() => {
      let key = makeKey(10);
      for (let i = 0; i < 5000; i++) {
        const [next, k] = splitKey(key, 2);
        key = next!;
        const p = small.predict(params, policy, batch.obsT, k!, false);
        policy = p.policyState;
        const out = small.update(params, optim, batch);
        disposeRecord(params, optim);
        params = out.params;
        optim = out.optimState;
        if (i % 1000 === 0) counts.push(tf.memory().numTensors);
      }
    });
    expect(new Set(counts).size).toBe(1);
    expect(optim.updateCount).toBe(5000);
    expect(policy.predictCount).toBe(5000);
    disposeRecord(params, optim);
  }, 120_000);
});
