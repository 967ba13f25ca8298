import { ConfigError, ShapeError, StateError } from '../../lib/core/errors';
import { NStepAdvantageBuffer } from '../../lib/memory/n_step_advantage';
import { fill, identityValue, states } from './advantage_scenario';
import { array1 } from './states';

// The scenario (2 environments, 4 steps, a termination and a truncation) is drawn in advantage_scenario.ts.
describe('NStepAdvantageBuffer', () => {
  it('computes n-step returns that stop at terminations and truncations (2 envs, by hand)', () => {
    // env 0 (backwards): t3: 3 + 0.5*V(6) = 6, adv 6 - 2 = 4
    //                    t2: starts terminated -> invalid, return = V = 100, adv 0
    //                    t1: next is terminated -> 2 + 0 = 2, adv 2 - 4 = -2
    //                    t0: 1 + 0.5*2 = 2, adv 2 - 8 = -6
    // env 1:             t3: 1 + 0.5*8 = 5, adv 5 - 4 = 1
    //                    t2: 2 + 0.5*5 = 4.5, adv 4.5 - 2 = 2.5
    //                    t1: starts truncated -> invalid, return = 10, adv 0
    //                    t0: next is truncated -> 1 + 0.5*V(10) = 6, adv 6 - 4 = 2
    // rows are time-major: [t0e0, t0e1, t1e0, t1e1, t2e0, t2e1, t3e0, t3e1]
    const buffer = new NStepAdvantageBuffer(4, 2, { discount: 0.5 });
    fill(buffer);
    expect(buffer.length).toBe(8);
    const calls: { obs: number[]; count: number }[] = [];
    const batch = buffer.advantages(states(4), (obs, count, shape) => {
      calls.push({ obs: Array.from(obs), count });
      expect(shape).toEqual([obs.length / count]); // the shape of one stored observation
      return identityValue(obs, count, shape);
    });
    // one value call over all (nSteps + 1) * nEnvs observations, time-major
    expect(calls).toEqual([{ obs: [8, 4, 4, 10, 100, 2, 2, 4, 6, 8], count: 10 }]);
    expect(Array.from(batch.returns)).toEqual([2, 6, 2, 10, 100, 4.5, 6, 5]);
    expect(Array.from(batch.advantages)).toEqual([-6, 2, -2, 0, 0, 2.5, 4, 1]);
    expect(Array.from(batch.values)).toEqual([8, 4, 4, 10, 100, 2, 2, 4]);
    expect(Array.from(batch.valid)).toEqual([1, 1, 1, 0, 0, 1, 1, 1]);
    expect(Array.from(batch.states)).toEqual([8, 4, 4, 10, 100, 2, 2, 4]);
    expect(Array.from(batch.actions)).toEqual([0, 10, 1, 11, 2, 12, 3, 13]);
    expect(batch.actions).toBeInstanceOf(Int32Array);
    expect([batch.size, batch.nSteps, batch.nEnvs, batch.stateShape]).toEqual([8, 4, 2, [1]]);
    expect(buffer.length).toBe(0);
  });

  it('is empty after advantages and computes the next rollout independently', () => {
    const buffer = new NStepAdvantageBuffer(1, 2, { discount: 0.9 });
    buffer.store(array1([1, 2]), [0, 1], [1, 1]);
    buffer.advantages(array1([3, 4]), identityValue);
    buffer.store(array1([5, 6]), [1, 0], [0, 2]);
    const batch = buffer.advantages(array1([10, 20], [0, 0], [1, 0]), identityValue);
    // env 0: next terminated -> 0 + 0 = 0, adv -5; env 1: 2 + 0.9*20 = 20, adv 14
    expect(Array.from(batch.returns)).toEqual([0, 20]);
    expect(Array.from(batch.advantages)).toEqual([-5, 14]);
  });

  it('keeps continuous actions', () => {
    const buffer = new NStepAdvantageBuffer(2, 2);
    buffer.store(array1([1, 2]), Float32Array.from([0.1, 0.2, 0.3, 0.4]), [0, 0]);
    buffer.store(array1([1, 2]), Float32Array.from([0.5, 0.6, 0.7, 0.8]), [0, 0]);
    const batch = buffer.advantages(array1([1, 2]), identityValue);
    expect(batch.actions).toBeInstanceOf(Float32Array);
    expect(Array.from(batch.actions)).toEqual(Array.from(Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])));
  });

  it('throws typed errors on misuse', () => {
    const buffer = new NStepAdvantageBuffer(2, 2);
    expect(() => buffer.advantages(array1([1, 2]), identityValue)).toThrow(StateError);
    expect(() => buffer.store(array1([1, 2, 3]), [0, 0, 0], [0, 0, 0])).toThrow(ShapeError);
    expect(() => buffer.store(array1([1, 2]), [0, 0], [0])).toThrow(ShapeError);
    expect(() => buffer.store(array1([1, 2]), [0.5, 0], [0, 0])).toThrow(/not an integer/);
    buffer.store(array1([1, 2]), [0, 1], [0, 0]);
    expect(() => buffer.store(array1([1, 2]), Float32Array.from([1, 2]), [0, 0])).toThrow(ShapeError);
    expect(() => buffer.advantages(array1([1, 2]), identityValue)).toThrow(/only 1 of 2 steps/);
    buffer.store(array1([1, 2]), [0, 1], [0, 0]);
    expect(() => buffer.store(array1([1, 2]), [0, 1], [0, 0])).toThrow(StateError);
    expect(() => buffer.advantages(array1([1, 2]), () => new Float32Array(3))).toThrow(ShapeError);
    expect(() => new NStepAdvantageBuffer(0, 2)).toThrow(ConfigError);
    expect(() => new NStepAdvantageBuffer(2, 2, { discount: 2 })).toThrow(ConfigError);
  });
});
