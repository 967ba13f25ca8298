import { ConfigError, ShapeError, StateError } from '../../lib/core/errors';
import { GeneralizedAdvantageBuffer } from '../../lib/memory/generalized_advantage';
import { NStepAdvantageBuffer } from '../../lib/memory/n_step_advantage';
import { fill, identityValue, states } from './advantage_scenario';
import { array1 } from './states';

// The scenario (2 environments, 4 steps, a termination and a truncation) is drawn in advantage_scenario.ts.
describe('GeneralizedAdvantageBuffer', () => {
  it('computes GAE that stops at terminations and truncations (2 envs, gamma 0.5, lambda 0.5, by hand)', () => {
    // delta_t = r_t + 0.5 * m_{t+1} V(s_{t+1}) - V(s_t); A_t = delta_t + 0.25 A_{t+1} within an episode.
    // env 0: t3: delta = 3 + 0.5*6 - 2 = 4, A = 4 (end of rollout), return 6
    //        t2: starts terminated -> invalid, A = 0, return = V = 100
    //        t1: next terminated: delta = 2 + 0 - 4 = -2, nothing to carry, A = -2, return 2
    //        t0: delta = 1 + 0.5*4 - 8 = -5, A = -5 + 0.25*(-2) = -5.5, return 2.5
    // env 1: t3: delta = 1 + 0.5*8 - 4 = 1, A = 1, return 5
    //        t2: delta = 2 + 0.5*4 - 2 = 2, A = 2 + 0.25*1 = 2.25, return 4.25
    //        t1: starts truncated -> invalid, A = 0, return 10
    //        t0: next truncated: delta = 1 + 0.5*V(10) - 4 = 2, nothing to carry, A = 2, return 6
    const buffer = new GeneralizedAdvantageBuffer(4, 2, { discount: 0.5, lam: 0.5 });
    fill(buffer);
    let calls = 0;
    const batch = buffer.advantages(states(4), (obs, count, shape) => {
      calls++;
      expect(shape).toEqual([obs.length / count]); // the shape of one stored observation
      return identityValue(obs, count, shape);
    });
    expect(calls).toBe(1);
    expect(Array.from(batch.advantages)).toEqual([-5.5, 2, -2, 0, 0, 2.25, 4, 1]);
    expect(Array.from(batch.returns)).toEqual([2.5, 6, 2, 10, 100, 4.25, 6, 5]);
    expect(Array.from(batch.valid)).toEqual([1, 1, 1, 0, 0, 1, 1, 1]);
    expect(Array.from(batch.states)).toEqual([8, 4, 4, 10, 100, 2, 2, 4]);
    expect(Array.from(batch.actions)).toEqual([0, 10, 1, 11, 2, 12, 3, 13]);
    expect(buffer.length).toBe(0);
  });

  it('with lambda 1 equals the n-step advantages; with lambda 0 equals the one-step TD errors', () => {
    const nStep = new NStepAdvantageBuffer(4, 2, { discount: 0.5 });
    const gae1 = new GeneralizedAdvantageBuffer(4, 2, { discount: 0.5, lam: 1 });
    const gae0 = new GeneralizedAdvantageBuffer(4, 2, { discount: 0.5, lam: 0 });
    for (const b of [nStep, gae1, gae0]) fill(b);
    const n = nStep.advantages(states(4), identityValue);
    const one = gae1.advantages(states(4), identityValue);
    expect(Array.from(one.advantages)).toEqual(Array.from(n.advantages));
    expect(Array.from(one.returns)).toEqual(Array.from(n.returns));
    // one-step TD errors, rows time-major (invalid rows 0):
    // t0: 1 + 0.5*4 - 8 = -5, 1 + 0.5*10 - 4 = 2; t1: 2 - 4 = -2, invalid; t2: invalid, 2 + 2 - 2 = 2;
    // t3: 3 + 3 - 2 = 4, 1 + 4 - 4 = 1
    expect(Array.from(gae0.advantages(states(4), identityValue).advantages)).toEqual([-5, 2, -2, 0, 0, 2, 4, 1]);
  });

  it('rejects bad options and out-of-order calls', () => {
    expect(() => new GeneralizedAdvantageBuffer(4, 2, { lam: -0.1 })).toThrow(ConfigError);
    const buffer = new GeneralizedAdvantageBuffer(1, 2);
    expect(() => buffer.advantages(array1([1, 2]), identityValue)).toThrow(StateError);
    buffer.store(array1([1, 2]), [0, 0], [0, 0]);
    expect(() => buffer.store(array1([1, 2]), [0, 0], [0, 0])).toThrow(StateError);
    expect(() => buffer.advantages(array1([1]), identityValue)).toThrow(ShapeError);
  });
});
