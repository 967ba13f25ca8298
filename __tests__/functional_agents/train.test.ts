/**
 * The training machinery: rollouts gathered by the learner mark resets as no transition and put
 * gamma times continuation in `discounts`; trainFunctional counts frames and episodes as the
 * vector environment runs them, and checks the agent fits the environment.
 */
import { ConfigError } from '../../lib/core/errors';
import { makeEnvironment } from '../../environments';
import type { BaseAgent, RolloutBatch } from '../../lib/functional_agents/base_agent';
import { makeKey } from '../../lib/functional_agents/key';
import { FunctionalLearner } from '../../lib/functional_agents/learner';
import { FunctionalDQN } from '../../lib/functional_agents/dqn';
import { trainFunctional } from '../../lib/functional_agents/train';
import { TransitionReplay } from '../../lib/functional_agents/transition_replay';
import { disposeRecord, snapshotRecord } from '../../lib/functional_agents/records';

/** An agent that always picks action 1 and records the rollouts it is given. */
function spyAgent(length: number, seen: RolloutBatch[]): BaseAgent {
  return {
    name: 'spy',
    observationSize: 1,
    numActions: 2,
    discount: 0.5,
    collection: { kind: 'rollout', length },
    initParams: () => ({}),
    initPolicy: () => ({ n: 0 }),
    initOptimizer: () => ({ updates: 0 }),
    predict: (_p, s, obs) => ({ output: { actions: new Int32Array(obs.length).fill(1) }, policyState: { n: (s.n as number) + 1 } }),
    update: (p, o, batch) => {
      seen.push(batch as RolloutBatch);
      return { output: { loss: 0 }, params: p, optimState: { updates: (o.updates as number) + 1 } };
    },
  };
}

describe('FunctionalLearner rollouts', () => {
  it('mark the step after an episode end as no transition, with 0 discount only at a true terminal', () => {
    const seen: RolloutBatch[] = [];
    const learner = new FunctionalLearner(spyAgent(3, seen), { key: makeKey(0) });
    const step = (obs: number[], reward: number[], terminated: number[], truncated: number[]) =>
      learner.act({ observation: Float32Array.from(obs), reward, terminated, truncated });
    step([0, 10], [0, 0], [0, 0], [0, 0]); // reset
    step([1, 11], [1, 1], [1, 0], [0, 0]); // env 0 terminates
    step([2, 12], [0, 1], [0, 0], [0, 1]); // env 0 was reset; env 1 is truncated
    step([3, 13], [1, 0], [0, 0], [0, 0]); // env 1 was reset -> rollout of 3 complete
    expect(seen).toHaveLength(1);
    const b = seen[0]!;
    expect(Array.from(b.obs)).toEqual([0, 10, 1, 11, 2, 12, 3, 13]);
    expect(Array.from(b.valid)).toEqual([1, 1, 0, 1, 1, 0]);
    expect(Array.from(b.discounts)).toEqual([0, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(b.rewards)).toEqual([1, 1, 0, 1, 1, 0]);
    expect(Array.from(b.actions)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(learner.updates).toBe(1);
    learner.dispose();
    expect(() => learner.records()).toThrow(ConfigError);
  });
});

describe('TransitionReplay', () => {
  it('keeps the newest `capacity` transitions and samples whole rows by key', () => {
    const replay = new TransitionReplay(3, 2);
    for (let i = 0; i < 5; i++) replay.add(Float32Array.from([i, i]), 0, i % 2, i, 0.9, Float32Array.from([i + 0.5, i + 0.5]), 0);
    expect(replay.size).toBe(3);
    const b = replay.sample(makeKey(1), 50);
    const rewards = new Set(Array.from(b.rT));
    expect([...rewards].sort()).toEqual([2, 3, 4]);
    for (let k = 0; k < 50; k++) {
      expect(b.obsTm1[2 * k]).toBe(b.rT[k]);
      expect(b.obsT[2 * k + 1]).toBe(b.rT[k]! + 0.5);
      expect(b.aTm1[k]).toBe(b.rT[k]! % 2);
    }
    expect(Array.from(replay.sample(makeKey(1), 10).rT)).toEqual(Array.from(replay.sample(makeKey(1), 10).rT));
  });
});

describe('trainFunctional', () => {
  it('counts frames over the copies and the returns of finished episodes', () => {
    const agent = new FunctionalDQN({ observationSize: 4, numActions: 2, replayStartSize: 200, batchSize: 32 });
    const result = trainFunctional(agent, makeEnvironment('CartPole-v0').duplicate(3), 600, { key: makeKey(0), seed: 0 });
    expect(result.frames).toBe(600);
    expect(result.episodeReturns.length).toBeGreaterThan(3);
    for (const r of result.episodeReturns) {
      expect(Number.isInteger(r)).toBe(true);
      expect(r).toBeGreaterThanOrEqual(1);
      expect(r).toBeLessThanOrEqual(200);
    }
    // every real step pays 1; a reset step pays nothing and is not counted
    expect(result.episodeReturns.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(600 - result.episodeReturns.length);
    expect(result.updates).toBeGreaterThan(100);
    expect(result.records.optimState.updateCount).toBe(result.updates);
    disposeRecord(result.records.params, result.records.policyState, result.records.optimState);
  });

  it('repeats itself in one process from the same key and seed, and differs with another key', () => {
    const agent = new FunctionalDQN({ observationSize: 4, numActions: 2, replayStartSize: 200, batchSize: 32 });
    const run = (seed: number) => trainFunctional(agent, makeEnvironment('CartPole-v0').duplicate(2), 1_000, { key: makeKey(seed), seed: 0 });
    const [a, b, c] = [run(11), run(11), run(12)];
    expect(b.episodeReturns).toEqual(a.episodeReturns);
    expect(JSON.stringify(snapshotRecord(b.records as never))).toBe(JSON.stringify(snapshotRecord(a.records as never)));
    expect(JSON.stringify(snapshotRecord(c.records.params))).not.toBe(JSON.stringify(snapshotRecord(a.records.params)));
    for (const r of [a, b, c]) disposeRecord(r.records.params, r.records.policyState, r.records.optimState);
  });

  it('rejects an agent built for another environment', () => {
    const agent = new FunctionalDQN({ observationSize: 3, numActions: 2 });
    expect(() => trainFunctional(agent, makeEnvironment('CartPole-v0').duplicate(2), 10, { key: makeKey(0) })).toThrow(/4 values but the agent takes 3/);
  });
});
