/**
 * Greedy acting on a distributional Q function (C51, Rainbow): argmax_a E[Z(s, a)] for one state
 * from one forward pass. The logits are read back and the softmax expectations taken on the host:
 * fewer kernels than QDist.greedyActions, the same choice up to float rounding of exact ties.
 */
import { ShapeError } from '../core/errors';
import type { State } from '../core/state';
import type { QDist } from '../approximation/q_dist';
import { readFloats } from '../read_back';
import { tf } from '../tf';
import { actionMaskOf, checkActionMask } from './action_mask';

/**
 * argmax_a E[Z(s, a)] for one state, over its legal actions when the state has an action mask.
 * @param q the distributional Q function
 * @param state the state to act in (its `actionMask`, when present, restricts the choice)
 * @param evaluation evaluation mode (noise off)
 */
export function greedyAction(q: QDist, state: State, evaluation: boolean): number {
  const mask = actionMaskOf(state);
  if (mask !== undefined) checkActionMask(mask, q.actions, q.name);
  const logits = readFloats(() => {
    const x = tf.tensor(state.observation, [1, ...state.shape]);
    return evaluation ? q.eval(x) : q.forward(x);
  });
  const { actions, atoms, support } = q;
  if (logits.length !== actions * atoms) {
    throw new ShapeError(`${q.name}: the model returned ${logits.length} logits but QDist needs ${actions} actions x ${atoms} atoms`);
  }
  let best = mask === undefined ? 0 : -1;
  let bestValue = -Infinity;
  for (let a = 0; a < actions; a++) {
    if (mask !== undefined && !mask[a]) continue;
    const row = a * atoms;
    let max = -Infinity;
    for (let k = 0; k < atoms; k++) max = Math.max(max, logits[row + k]!);
    let mass = 0;
    let value = 0;
    for (let k = 0; k < atoms; k++) {
      const e = Math.exp(logits[row + k]! - max);
      mass += e;
      value += e * support[k]!;
    }
    if (best < 0 || value / mass > bestValue) {
      bestValue = value / mass;
      best = a;
    }
  }
  return best;
}
