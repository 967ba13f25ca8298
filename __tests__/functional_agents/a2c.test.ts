/** The explicit-state A2C: pure update and predict, rollout checks, no leak. */
import { ShapeError } from '../../lib/core/errors';
import type { RolloutBatch } from '../../lib/functional_agents/base_agent';
import { FunctionalA2C } from '../../lib/functional_agents/a2c';
import { makeKey } from '../../lib/functional_agents/key';
import { disposeRecord, snapshotRecord } from '../../lib/functional_agents/records';
import { expectNoTensorLeak } from '../helpers/leak_check';

const snap = (x: unknown) => JSON.stringify(snapshotRecord(x as never));

function rollout(T: number, n: number): RolloutBatch {
  return {
    length: T,
    numEnvs: n,
    obs: Float32Array.from({ length: (T + 1) * n * 4 }, (_, i) => Math.sin(i)),
    actions: Int32Array.from({ length: T * n }, (_, i) => i % 2),
    rewards: new Float32Array(T * n).fill(1),
    discounts: Float32Array.from({ length: T * n }, (_, i) => (i === 3 ? 0 : 0.99)),
    valid: Uint8Array.from({ length: T * n }, (_, i) => (i === 3 + n ? 0 : 1)),
  };
}

describe('FunctionalA2C', () => {
  const agent = new FunctionalA2C({ observationSize: 4, numActions: 2 });

  it('update and predict do not mutate their inputs', () => {
    const params = agent.initParams(makeKey(0));
    const optim = agent.initOptimizer(params, makeKey(0));
    const policy = agent.initPolicy(makeKey(0));
    const batch = rollout(8, 4);
    const before = [snap(params), snap(optim), snap(batch), snap(policy)];
    const out = agent.update(params, optim, batch);
    const p = agent.predict(params, policy, batch.obs.slice(0, 16), makeKey(1), false);
    expect([snap(params), snap(optim), snap(batch), snap(policy)]).toEqual(before);
    expect(snap(out.params)).not.toBe(snap(params));
    expect(Number.isFinite(out.output.loss)).toBe(true);
    expect(p.output.actions).toHaveLength(4);
    const again = agent.predict(params, policy, batch.obs.slice(0, 16), makeKey(1), false);
    expect(Array.from(again.output.actions)).toEqual(Array.from(p.output.actions));
    disposeRecord(params, optim, out.params, out.optimState);
  });

  it('rejects a rollout of the wrong size with a ShapeError', () => {
    const params = agent.initParams(makeKey(0));
    const optim = agent.initOptimizer(params, makeKey(0));
    expect(() => agent.update(params, optim, { ...rollout(8, 4), obs: new Float32Array(10) })).toThrow(ShapeError);
    expect(() => agent.update(params, optim, { ...rollout(8, 4), valid: new Float32Array(32) as never })).toThrow(/Uint8Array/);
    disposeRecord(params, optim);
  });

  it('leaks no tensor over 500 updates', () => {
    let params = agent.initParams(makeKey(2));
    let optim = agent.initOptimizer(params, makeKey(2));
    const batch = rollout(8, 4);
    expectNoTensorLeak(() => {
      for (let i = 0; i < 500; i++) {
        const out = agent.update(params, optim, batch);
        disposeRecord(params, optim);
        params = out.params;
        optim = out.optimState;
      }
    });
    disposeRecord(params, optim);
  }, 60_000);
});
