/**
 * Multistep returns over time-major trajectories: lambda-returns, n-step bootstrapped returns,
 * discounted returns and truncated generalized advantage estimation. Ports rlax's
 * `multistep.py` (lambda_returns, n_step_bootstrapped_returns, discounted_returns,
 * truncated_generalized_advantage_estimation); ALL's n-step and GAE buffers compute the same
 * quantities.
 *
 * Conventions (rlax's): index t of `rT`, `discountT` and `vT` refers to time t+1, i.e. the reward
 * received, the discount applied and the value of the state reached after acting at time t.
 * `discountT[t]` is gamma times continuation, 0 when the step ended in a true terminal, which
 * cuts every return and advantage at that step.
 *
 * Deliberate differences: every function also accepts a batch of sequences, time-major
 * [T, B], besides a single [T] sequence. rlax scans with `jax.lax.scan`; here the backward
 * recursion is a JavaScript loop over time of two tensor operations per step (the rest is
 * vectorized), so it stays differentiable. No stop-gradient is applied (rlax's default for
 * these functions): compute them from target values, or wrap the result in `stopGradient`.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ShapeError } from '../core/errors';
import { assertFloat, assertNumber, assertRank, assertSameShape } from './checks';
import { hasKernel } from '../backend/kernels';
import { LINEAR_RECURRENCE_KERNEL, linearRecurrenceOnHost } from '../backend/linear_recurrence_kernel';

function checkSequence(fn: string, named: Record<string, Tensor>): number {
  for (const [name, t] of Object.entries(named)) {
    assertRank(fn, name, t, [1, 2]);
    assertFloat(fn, name, t);
  }
  assertSameShape(fn, named);
  const first = Object.values(named)[0] as Tensor;
  const length = first.shape[0] as number;
  if (length === 0) {
    throw new ShapeError(`${fn}: the sequences are empty (length 0); pass at least one time step`);
  }
  return length;
}

function checkLambda(fn: string, lambda: number | Tensor, like: Tensor): void {
  if (typeof lambda === 'number') {
    assertNumber(fn, 'lambda', lambda, { min: 0, max: 1 });
    return;
  }
  assertFloat(fn, 'lambda', lambda);
  if (lambda.rank !== 0) assertSameShape(fn, { rT: like, lambda });
}

/**
 * Solves acc_t = c_t + d_t * acc_{t+1} backwards from acc_T = `last` and stacks acc_0..acc_{T-1}.
 * `c` and `d` have the sequence's shape; `last` has the shape of one time step.
 */
function backwardRecursion(c: Tensor, d: Tensor, last: Tensor): Tensor {
  // one host kernel on wasm (lib/backend/linear_recurrence_kernel.ts), the same float32 values
  if (hasKernel(LINEAR_RECURRENCE_KERNEL) && [c, d, last].every((x) => x.dtype === 'float32') && c.shape[0]! > 0 &&
    d.shape.length === c.shape.length && d.shape.every((s, i) => s === c.shape[i]) &&
    last.shape.length === c.rank - 1 && last.shape.every((s, i) => s === c.shape[i + 1])) {
    return linearRecurrenceOnHost(c, d, last);
  }
  if (c.shape[0] === 1) {
    // tfjs's unstack gradient fails on a single step, so one step is reshaped instead
    const step = c.shape.slice(1);
    return tf.reshape(tf.add(tf.reshape(c, step), tf.mul(tf.reshape(d, step), last)), c.shape);
  }
  const cs = tf.unstack(c);
  const ds = tf.unstack(d);
  const out: Tensor[] = new Array<Tensor>(cs.length);
  let acc = last;
  for (let t = cs.length - 1; t >= 0; t--) {
    acc = tf.add(cs[t] as Tensor, tf.mul(ds[t] as Tensor, acc));
    out[t] = acc;
  }
  return tf.stack(out);
}

/** The last time step of a sequence, without the time axis. */
function lastStep(x: Tensor): Tensor {
  const length = x.shape[0] as number;
  return tf.squeeze(tf.slice(x, [length - 1], [1]), [0]);
}

/**
 * Truncated lambda-returns, computed backwards: G_t = r_{t+1} + gamma_{t+1} * ((1 - lambda)
 * v_{t+1} + lambda G_{t+1}), with the last return bootstrapping fully from the last value.
 * Sutton and Barto section 12.1 (http://incompleteideas.net/book/the-book-2nd.html).
 * lambda = 1 gives Monte-Carlo returns bootstrapped at the end; lambda = 0 one-step targets.
 * @param rT rewards at times 1..T, float32 [T] or [T, B] (time-major).
 * @param discountT discounts at times 1..T (0 at a true terminal), same shape.
 * @param vT state values at times 1..T, same shape.
 * @param lambda mixing parameter in [0, 1]: a number, a scalar tensor, or a tensor shaped like rT.
 *   Default 1.
 * @returns returns G_0..G_{T-1}, same shape as rT; the caller owns it.
 */
export function lambdaReturns(rT: Tensor, discountT: Tensor, vT: Tensor, lambda: number | Tensor = 1): Tensor {
  const fn = 'lambdaReturns';
  checkSequence(fn, { rT, discountT, vT });
  checkLambda(fn, lambda, rT);
  return tf.tidy(() => {
    // c_t = r_t + gamma_t (1 - lambda_t) v_t;  d_t = gamma_t lambda_t;  G_t = c_t + d_t G_{t+1}.
    let c: Tensor;
    let d: Tensor;
    if (typeof lambda === 'number') {
      c = lambda === 1 ? rT : tf.add(rT, tf.mul(tf.mul(discountT, 1 - lambda), vT));
      d = lambda === 1 ? discountT : tf.mul(discountT, lambda);
    } else {
      c = tf.add(rT, tf.mul(tf.mul(discountT, tf.sub(1, lambda)), vT));
      d = tf.mul(discountT, lambda);
    }
    return backwardRecursion(c, d, lastStep(vT));
  });
}

/**
 * Discounted returns bootstrapped at the end of the sequence: G_t = r_{t+1} + gamma_{t+1}
 * G_{t+1}, with G_{T-1} = r_T + gamma_T * v. Sutton and Barto section 3.3.
 * @param rT rewards at times 1..T, float32 [T] or [T, B].
 * @param discountT discounts at times 1..T, same shape.
 * @param vT the bootstrap value: a number, a tensor of one step's shape ([] or [B]), or a
 *   sequence shaped like rT (only its last step is used). Pass 0 for complete episodes.
 * @returns returns G_0..G_{T-1}, same shape as rT; the caller owns it.
 */
export function discountedReturns(rT: Tensor, discountT: Tensor, vT: number | Tensor = 0): Tensor {
  const fn = 'discountedReturns';
  checkSequence(fn, { rT, discountT });
  if (typeof vT !== 'number') {
    assertFloat(fn, 'vT', vT);
    const step = rT.shape.slice(1);
    const isStep = vT.rank === 0 || (vT.rank === step.length && vT.shape.every((s, i) => s === step[i]));
    if (!isStep) assertSameShape(fn, { rT, vT });
  }
  return tf.tidy(() => {
    let last: Tensor;
    if (typeof vT === 'number') last = tf.fill(rT.shape.slice(1), vT);
    else if (vT.rank === rT.rank) last = lastStep(vT);
    else last = tf.broadcastTo(vT, rT.shape.slice(1));
    return backwardRecursion(rT, discountT, last);
  });
}

/**
 * Strided n-step bootstrapped returns: each G_t accumulates up to n rewards and then
 * bootstraps, iterating G = r_{t+1} + gamma_{t+1} ((1 - lambda) v_{t+1} + lambda G) n times;
 * with lambda = 1, G_t = r_{t+1} + gamma_{t+1} r_{t+2} + ... + gamma_{t+1}...gamma_{t+n} v_{t+n}.
 * Near the end of the sequence fewer steps are available and the last value v_T is used.
 * Sutton and Barto section 7.1; as rlax's n_step_bootstrapped_returns.
 * @param rT rewards at times 1..T, float32 [T] or [T, B].
 * @param discountT discounts at times 1..T (0 at a true terminal), same shape.
 * @param vT values to bootstrap from at times 1..T, same shape.
 * @param n number of rewards to accumulate before bootstrapping, integer >= 1.
 * @param lambda mixing parameter in [0, 1] (number or tensor shaped like rT). Default 1.
 * @returns returns G_0..G_{T-1}, same shape as rT; the caller owns it.
 */
export function nStepBootstrappedReturns(
  rT: Tensor,
  discountT: Tensor,
  vT: Tensor,
  n: number,
  lambda: number | Tensor = 1,
): Tensor {
  const fn = 'nStepBootstrappedReturns';
  const length = checkSequence(fn, { rT, discountT, vT });
  assertNumber(fn, 'n', n, { min: 1, integer: true });
  checkLambda(fn, lambda, rT);
  return tf.tidy(() => {
    const step = rT.shape.slice(1);
    const last = tf.slice(vT, [length - 1], [1]);
    const repeatLast = (k: number): Tensor => tf.tile(last, [k, ...step.map(() => 1)]);
    const pad = (x: Tensor, value: number): Tensor =>
      n > 1 ? tf.concat([x, tf.fill([n - 1, ...step], value)]) : x;
    // Bootstrap values shifted by n - 1 steps, padded with the last value.
    const head = n - 1 < length ? [tf.slice(vT, [n - 1])] : [];
    const padSize = Math.min(n - 1, length);
    let targets = padSize > 0 ? tf.concat([...head, repeatLast(padSize)]) : (head[0] as Tensor);
    const rPad = pad(rT, 0);
    const dPad = pad(discountT, 1);
    const vPad = n > 1 ? tf.concat([vT, repeatLast(n - 1)]) : vT;
    const lPad = typeof lambda === 'number' ? undefined : pad(lambda.rank === 0 ? tf.broadcastTo(lambda, rT.shape) : lambda, 1);
    const window = (x: Tensor, i: number): Tensor => (n > 1 ? tf.slice(x, [i], [length]) : x);
    for (let i = n - 1; i >= 0; i--) {
      const r = window(rPad, i);
      const d = window(dPad, i);
      let mixed: Tensor;
      if (lPad === undefined) {
        const l = lambda as number;
        mixed = l === 1 ? targets : tf.add(tf.mul(window(vPad, i), 1 - l), tf.mul(targets, l));
      } else {
        const l = window(lPad, i);
        mixed = tf.add(tf.mul(window(vPad, i), tf.sub(1, l)), tf.mul(targets, l));
      }
      targets = tf.add(r, tf.mul(d, mixed));
    }
    return targets;
  });
}

/**
 * Truncated generalized advantage estimates: A_t = delta_t + gamma_{t+1} lambda A_{t+1}, with
 * delta_t = r_{t+1} + gamma_{t+1} v(s_{t+1}) - v(s_t) and A_{T} = 0.
 * Schulman et al. 2016, "High-Dimensional Continuous Control Using Generalized Advantage
 * Estimation" (https://arxiv.org/abs/1506.02438); as used by PPO (https://arxiv.org/abs/1707.06347).
 * @param rT rewards at times 1..T, float32 [T] or [T, B].
 * @param discountT discounts at times 1..T (0 at a true terminal), same shape.
 * @param lambda GAE mixing parameter in [0, 1] (number or tensor shaped like rT).
 * @param values state values at times 0..T, float32 [T + 1] or [T + 1, B]: one more step than rT.
 * @returns advantages A_0..A_{T-1}, same shape as rT; the caller owns it. Returns (critic
 *   targets) are advantages + values[0..T-1].
 */
export function truncatedGeneralizedAdvantageEstimation(
  rT: Tensor,
  discountT: Tensor,
  lambda: number | Tensor,
  values: Tensor,
): Tensor {
  const fn = 'truncatedGeneralizedAdvantageEstimation';
  const length = checkSequence(fn, { rT, discountT });
  checkLambda(fn, lambda, rT);
  assertRank(fn, 'values', values, rT.rank);
  assertFloat(fn, 'values', values);
  const expected = [length + 1, ...rT.shape.slice(1)];
  if (values.shape.some((s, i) => s !== expected[i])) {
    throw new ShapeError(
      `${fn}: values has shape [${values.shape.join(', ')}] but must be [${expected.join(', ')}]: ` +
        'one more time step than rT (the value of the state after the last step)',
    );
  }
  return tf.tidy(() => {
    const vTm1 = tf.slice(values, [0], [length]);
    const vT = tf.slice(values, [1], [length]);
    const delta = tf.sub(tf.add(rT, tf.mul(discountT, vT)), vTm1);
    const d = tf.mul(discountT, lambda);
    return backwardRecursion(delta, d, tf.zeros(rT.shape.slice(1)));
  });
}
