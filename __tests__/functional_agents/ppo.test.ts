/**
 * The explicit-state PPO: pure update (its shuffling key is part of the optimizer state, so the
 * same records give the same update), pure predict, no leak, typed errors.
 */
import { ConfigError, ShapeError } from '../../lib/core/errors';
import type { RolloutBatch } from '../../lib/functional_agents/base_agent';
import { FunctionalPPO } from '../../lib/functional_agents/ppo';
import { makeKey } from '../../lib/functional_agents/key';
import { disposeRecord, snapshotRecord } from '../../lib/functional_agents/records';
import { expectNoTensorLeak } from '../helpers/leak_check';

const snap = (x: unknown) => JSON.stringify(snapshotRecord(x as never));

function rollout(T: number, n: number, seed = 0): RolloutBatch {
  return {
    length: T,
    numEnvs: n,
    obs: Float32Array.from({ length: (T + 1) * n * 4 }, (_, i) => Math.sin(i + seed)),
    actions: Int32Array.from({ length: T * n }, (_, i) => (i + seed) % 2),
    rewards: new Float32Array(T * n).fill(1),
    discounts: Float32Array.from({ length: T * n }, (_, i) => (i === 3 ? 0 : 0.99)),
    valid: Uint8Array.from({ length: T * n }, (_, i) => (i === 3 + n ? 0 : 1)),
  };
}

describe('FunctionalPPO', () => {
  const agent = new FunctionalPPO({ observationSize: 4, numActions: 2 });

  it('update does not mutate its inputs, and the same records give the same update', () => {
    const params = agent.initParams(makeKey(0));
    const optim = agent.initOptimizer(params, makeKey(1));
    const batch = rollout(8, 4);
    const before = [snap(params), snap(optim), snap(batch)];
    const a = agent.update(params, optim, batch);
    expect([snap(params), snap(optim), snap(batch)]).toEqual(before);
    const b = agent.update(params, optim, batch);
    expect(snap(b.params)).toBe(snap(a.params));
    expect(snap(b.optimState)).toBe(snap(a.optimState));
    // 4 epochs x 4 minibatches of Adam steps, a new shuffling key, new parameters
    expect(a.optimState.adam.count).toBe(16);
    expect(a.optimState.key).not.toEqual(optim.key);
    expect(snap(a.params)).not.toBe(snap(params));
    expect(a.output.clipFraction).toBeGreaterThanOrEqual(0);
    expect(a.output.clipFraction).toBeLessThanOrEqual(1);
    // a different shuffling key gives a different update
    const other = agent.initOptimizer(params, makeKey(2));
    const c = agent.update(params, other, batch);
    expect(snap(c.params)).not.toBe(snap(a.params));
    disposeRecord(params, optim, other, a.params, a.optimState, b.params, b.optimState, c.params, c.optimState);
  });

  it('predict does not mutate its inputs and repeats from the same key', () => {
    const params = agent.initParams(makeKey(3));
    const policy = agent.initPolicy(makeKey(3));
    const obs = rollout(1, 16).obs.slice(0, 64);
    const before = [snap(params), snap(policy), snap(obs)];
    const p = agent.predict(params, policy, obs, makeKey(4), false);
    const q = agent.predict(params, policy, obs, makeKey(4), false);
    expect([snap(params), snap(policy), snap(obs)]).toEqual(before);
    expect(Array.from(p.output.actions)).toEqual(Array.from(q.output.actions));
    expect(p.policyState.predictCount).toBe(1);
    disposeRecord(params);
  });

  it('rejects bad input with typed errors', () => {
    const params = agent.initParams(makeKey(0));
    const optim = agent.initOptimizer(params, makeKey(0));
    expect(() => agent.update(params, optim, { ...rollout(8, 4), rewards: new Float32Array(5) })).toThrow(ShapeError);
    expect(() => agent.update(params, { ...optim, key: [1, -1] as never }, rollout(8, 4))).toThrow(ConfigError);
    expect(() => new FunctionalPPO({ observationSize: 4, numActions: 2, clip: 1.5 })).toThrow(/clip must be a number in \[0, /);
    disposeRecord(params, optim);
  });

  it('leaks no tensor over 200 updates (3,200 Adam steps)', () => {
    let params = agent.initParams(makeKey(5));
    let optim = agent.initOptimizer(params, makeKey(5));
    const batch = rollout(8, 4);
    expectNoTensorLeak(() => {
      for (let i = 0; i < 200; i++) {
        const out = agent.update(params, optim, batch);
        disposeRecord(params, optim);
        params = out.params;
        optim = out.optimState;
      }
    });
    expect(optim.updateCount).toBe(200);
    disposeRecord(params, optim);
  }, 120_000);
});
