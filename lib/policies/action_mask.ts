/**
 * Action masks for the policies that choose among discrete actions (greedy, epsilon-greedy,
 * softmax, categorical): an illegal action is never chosen, and a state with no legal action is
 * a clear error. A mask is 1 (legal) or 0 (illegal) per action, as PettingZoo's `action_mask`.
 * New in allts (ALL's multi-agent presets do not mask); every function here is host-side.
 */
import { ShapeError, StateError } from '../core/errors';
import type { Random } from '../core/random';
import type { State } from '../core/state';

/**
 * Checks that `mask` has one entry per action (per row) and at least one legal action per row.
 * @param mask 0/1 per action, `rows * nActions` values
 * @param nActions actions per row
 * @param who the caller, for the message
 * @throws ShapeError on a length mismatch, StateError on a row without a legal action
 */
export function checkActionMask(mask: ArrayLike<number>, nActions: number, who: string): void {
  if (mask.length === 0 || mask.length % nActions !== 0) {
    throw new ShapeError(
      `${who}: the action mask has ${mask.length} entries but the action space has ${nActions} actions; ` +
        `pass one 0/1 entry per action${mask.length > nActions ? ' per state' : ''}`,
    );
  }
  for (let row = 0; row * nActions < mask.length; row++) {
    let legal = 0;
    for (let a = 0; a < nActions; a++) if (mask[row * nActions + a]) legal++;
    if (legal === 0) {
      throw new StateError(
        `${who}: the action mask of ${mask.length > nActions ? `state ${row}` : 'the state'} allows no action; ` +
          'a done agent needs no action (step the environment with null), otherwise check the environment\'s mask',
      );
    }
  }
}

/**
 * The legal action with the highest value in one row (the lowest index among equals, as argmax).
 * @param values `nActions` values per row
 * @param mask 0/1 per action, same layout
 * @param row which row
 * @param nActions actions per row
 */
export function maskedArgmax(values: ArrayLike<number>, mask: ArrayLike<number>, row: number, nActions: number): number {
  let best = -1;
  let bestValue = -Infinity;
  const base = row * nActions;
  for (let a = 0; a < nActions; a++) {
    if (!mask[base + a]) continue;
    const v = values[base + a]!;
    if (best < 0 || v > bestValue) {
      best = a;
      bestValue = v;
    }
  }
  if (best < 0) throw new StateError(`maskedArgmax: row ${row} of the action mask allows no action`);
  return best;
}

/**
 * A uniformly random legal action of one row, with one draw from `rng`.
 * @param mask 0/1 per action
 * @param row which row
 * @param nActions actions per row
 */
export function randomLegalAction(mask: ArrayLike<number>, row: number, nActions: number, rng: Random): number {
  const base = row * nActions;
  let legal = 0;
  for (let a = 0; a < nActions; a++) if (mask[base + a]) legal++;
  if (legal === 0) throw new StateError(`randomLegalAction: row ${row} of the action mask allows no action`);
  let k = rng.int(legal);
  for (let a = 0; a < nActions; a++) {
    if (mask[base + a] && k-- === 0) return a;
  }
  throw new StateError('randomLegalAction: unreachable');
}

/**
 * Zeroes the probabilities of illegal actions and renormalizes each row, in place.
 * @param probs `rows * nActions` probabilities
 * @param mask 0/1, same layout
 */
export function maskProbabilities(probs: Float32Array, mask: ArrayLike<number>, nActions: number): Float32Array {
  for (let base = 0; base < probs.length; base += nActions) {
    let total = 0;
    for (let a = 0; a < nActions; a++) {
      if (!mask[base + a]) probs[base + a] = 0;
      total += probs[base + a]!;
    }
    if (total > 0) {
      for (let a = 0; a < nActions; a++) probs[base + a] = probs[base + a]! / total;
    } else {
      // every legal action underflowed to probability 0: choose uniformly among the legal ones
      let legal = 0;
      for (let a = 0; a < nActions; a++) if (mask[base + a]) legal++;
      for (let a = 0; a < nActions; a++) probs[base + a] = mask[base + a] ? 1 / legal : 0;
    }
  }
  return probs;
}

/**
 * The mask a policy should respect in `state`: its `actionMask`, except in a done state, whose
 * action the environment ignores (ALL's multi-agent loop still asks for one), so none applies.
 */
export function actionMaskOf(state: State<any>): Uint8Array | undefined {
  return state.done ? undefined : state.actionMask;
}
