/** The 2-environment rollout shared by the advantage-buffer tests (not a test file itself). */
import type { GeneralizedAdvantageBuffer } from '../../lib/memory/generalized_advantage';
import type { NStepAdvantageBuffer } from '../../lib/memory/n_step_advantage';
import type { ValueFunction } from '../../lib/memory/types';
import { array1 } from './states';

/*
 * The shared scenario: 2 environments, a rollout of 4 steps, gamma 0.5, one-value observations
 * with V(s) = the observation itself.
 *
 *   t              0      1              2               3      4 (next states)
 *   env 0 obs      8      4              100 TERMINATED  2      6
 *         reward   1      2              0 (reset)       3          (reward t is received arriving at t+1)
 *   env 1 obs      4      10 TRUNCATED   2               4      8
 *         reward   1      0 (reset)      2               1
 *
 * The terminal state's value (100) must never be used; the truncated state's value (10) must be
 * the bootstrap of the step that led there; rows starting at a done state are invalid.
 */
const OBS = [
  [8, 4],
  [4, 10],
  [100, 2],
  [2, 4],
  [6, 8],
];
const REWARDS = [
  [1, 1],
  [2, 0],
  [0, 2],
  [3, 1],
];
const TERMINATED = [[0, 0], [0, 0], [1, 0], [0, 0], [0, 0]];
const TRUNCATED = [[0, 0], [0, 1], [0, 0], [0, 0], [0, 0]];

export const states = (t: number) => array1(OBS[t]!, [0, 0], TERMINATED[t], TRUNCATED[t]);
export const identityValue: ValueFunction = (obs, count) => obs.slice(0, count);

export function fill(buffer: NStepAdvantageBuffer | GeneralizedAdvantageBuffer): void {
  for (let t = 0; t < 4; t++) buffer.store(states(t), [t, 10 + t], REWARDS[t]!);
}
