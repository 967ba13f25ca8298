/**
 * Retrace and the general off-policy returns it is built on, over time-major trajectories.
 * Ports the semantics of rlax's `multistep.general_off_policy_returns_from_action_values`,
 * `multistep.general_off_policy_returns_from_q_and_v`, `value_learning.retrace` and
 * `value_learning.retrace_continuous`, written from Munos et al. 2016.
 *
 * Conventions (rlax's): index t of `rT`, `discountT`, `qT`, `vT`, `aT`, `piT`, `muT` refers to
 * time t+1 (the step reached after acting at time t); `qTm1`, `aTm1` to time t.
 *
 * Deliberate differences: every function also accepts a batch of sequences, time-major ([T, B]
 * for per-step quantities, [T, B, A] for action values and policies), besides a single sequence
 * (rlax vmaps). No stop-gradient option: compute targets from target-network values (or wrap the
 * result in `stopGradient`) outside the loss closure, as DESIGN.md section 4 asks.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ShapeError } from '../core/errors';
import { assertFloat, assertInt, assertNumber, assertRank, assertSameShape, assertSequences } from './checks';

function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function checkShape(fn: string, name: string, t: Tensor, expected: readonly number[]): void {
  if (t.shape.length !== expected.length || t.shape.some((s, i) => s !== expected[i])) {
    throw new ShapeError(`${fn}: ${name} has shape ${fmt(t.shape)} but must be ${fmt(expected)}`);
  }
}

/** values[..., idx[...]]: selects one entry of the last axis for every leading index. */
function selectLast(values: Tensor, idx: Tensor): Tensor {
  const numActions = values.shape[values.rank - 1] as number;
  const flat = tf.reshape(idx, [-1]) as tf.Tensor1D;
  const mask = tf.reshape(tf.cast(tf.oneHot(flat, numActions), 'float32'), values.shape);
  return tf.sum(tf.mul(values, mask), -1);
}

/**
 * Solves G_t = r_{t+1} + gamma_{t+1} (v_{t+1} - c_{t+1} q_{t+1} + c_{t+1} G_{t+1}) backwards from
 * G_{T-1} = r_T + gamma_T v_T. All inputs are full-length sequences; q and c at the last step are unused.
 */
function offPolicyRecursion(q: Tensor, v: Tensor, r: Tensor, d: Tensor, c: Tensor): Tensor {
  const rs = tf.unstack(r);
  const ds = tf.unstack(d);
  const vs = tf.unstack(v);
  const qs = tf.unstack(q);
  const cs = tf.unstack(c);
  const length = rs.length;
  const out = new Array<Tensor>(length);
  let acc = tf.add(rs[length - 1] as Tensor, tf.mul(ds[length - 1] as Tensor, vs[length - 1] as Tensor));
  out[length - 1] = acc;
  for (let t = length - 2; t >= 0; t--) {
    const ct = cs[t] as Tensor;
    const inner = tf.add(tf.sub(vs[t] as Tensor, tf.mul(ct, qs[t] as Tensor)), tf.mul(ct, acc));
    acc = tf.add(rs[t] as Tensor, tf.mul(ds[t] as Tensor, inner));
    out[t] = acc;
  }
  return tf.stack(out);
}

/** Appends one step of zeros to a [T-1, ...] sequence so it lines up with [T, ...] ones. */
function padOne(x: Tensor, like: Tensor): Tensor {
  return tf.concat([x, tf.zeros([1, ...like.shape.slice(1)])]);
}

/**
 * General off-policy returns from Q(s_t, a_t) and V(s_t) with traces c_t:
 * G_t = r_{t+1} + gamma_{t+1} (v_{t+1} - c_{t+1} q_{t+1} + c_{t+1} G_{t+1}), G_{T-1} = r_T + gamma_T v_T.
 * With c = lambda min(1, pi/mu) this is Retrace; with c = lambda pi(a) Tree-Backup; with c = lambda
 * Q(lambda)-style on-policy returns. Munos et al. 2016, "Safe and Efficient Off-Policy
 * Reinforcement Learning" (https://arxiv.org/abs/1606.02647), eq. (3).
 * @param qT Q(s_{t+1}, a_{t+1}) for t = 0..T-2, float32 [T-1] or [T-1, B].
 * @param vT V(s_{t+1}) for t = 0..T-1, float32 [T] or [T, B].
 * @param rT rewards, shaped like vT.
 * @param discountT discounts (0 at a true terminal), shaped like vT.
 * @param cT traces c_{t+1} for t = 0..T-2, shaped like qT.
 * @returns returns G_0..G_{T-1}, shaped like vT; the caller owns it.
 */
export function generalOffPolicyReturnsFromQAndV(
  qT: Tensor,
  vT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  cT: Tensor,
): Tensor {
  const fn = 'generalOffPolicyReturnsFromQAndV';
  const length = assertSequences(fn, { vT, rT, discountT });
  for (const [name, t] of Object.entries({ qT, cT })) {
    assertFloat(fn, name, t);
    checkShape(fn, name, t, [length - 1, ...vT.shape.slice(1)]);
  }
  return tf.tidy(() => offPolicyRecursion(padOne(qT, vT), vT, rT, discountT, padOne(cT, vT)));
}

/**
 * General off-policy returns from action values: V(s_{t+1}) = sum_a pi(a|s_{t+1}) Q(s_{t+1}, a)
 * and Q(s_{t+1}, a_{t+1}) taken from `qT`, then as `generalOffPolicyReturnsFromQAndV`.
 * Munos et al. 2016 (https://arxiv.org/abs/1606.02647).
 * @param qT action values at s_{t+1}, float32 [T, A] or [T, B, A].
 * @param aT actions a_{t+1}, int32 [T] or [T, B].
 * @param rT rewards, float32 [T] or [T, B].
 * @param discountT discounts, shaped like rT.
 * @param cT traces, shaped like rT (the last step is unused).
 * @param piT target-policy probabilities at s_{t+1}, shaped like qT.
 * @returns returns G_0..G_{T-1}, shaped like rT; the caller owns it.
 */
export function generalOffPolicyReturnsFromActionValues(
  qT: Tensor,
  aT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  cT: Tensor,
  piT: Tensor,
): Tensor {
  const fn = 'generalOffPolicyReturnsFromActionValues';
  assertSequences(fn, { rT, discountT, cT });
  checkActionValues(fn, rT, { qT, piT }, { aT });
  return tf.tidy(() => {
    const expQ = tf.sum(tf.mul(piT, qT), -1);
    return offPolicyRecursion(selectLast(qT, aT), expQ, rT, discountT, cT);
  });
}

function checkActionValues(fn: string, rT: Tensor, values: Record<string, Tensor>, actions: Record<string, Tensor>): void {
  for (const [name, t] of Object.entries(values)) {
    assertRank(fn, name, t, rT.rank + 1);
    assertFloat(fn, name, t);
    checkShape(fn, name, t, [...rT.shape, t.shape[rT.rank] as number]);
  }
  assertSameShape(fn, values);
  for (const [name, t] of Object.entries(actions)) {
    assertInt(fn, name, t);
    checkShape(fn, name, t, rT.shape);
  }
}

/**
 * Retrace TD errors G_t - Q(s_t, a_t), with traces c_{t+1} = lambda min(1, pi(a_{t+1}|s_{t+1}) /
 * mu(a_{t+1}|s_{t+1})). Munos et al. 2016, "Safe and Efficient Off-Policy Reinforcement
 * Learning" (https://arxiv.org/abs/1606.02647).
 * @param qTm1 action values at s_t, float32 [T, A] or [T, B, A].
 * @param qT action values at s_{t+1} (usually from the target network), shaped like qTm1.
 * @param aTm1 actions a_t, int32 [T] or [T, B].
 * @param aT actions a_{t+1}, shaped like aTm1.
 * @param rT rewards, float32 [T] or [T, B].
 * @param discountT discounts (0 at a true terminal), shaped like rT.
 * @param piT target-policy probabilities at s_{t+1}, shaped like qTm1.
 * @param muT behaviour-policy probabilities of a_{t+1}, shaped like rT.
 * @param lambda_ trace parameter in [0, 1].
 * @param eps added to muT before dividing. Default 1e-8 (rlax's).
 * @returns TD errors, shaped like rT; the caller owns it.
 */
export function retrace(
  qTm1: Tensor,
  qT: Tensor,
  aTm1: Tensor,
  aT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  piT: Tensor,
  muT: Tensor,
  lambda_: number,
  eps = 1e-8,
): Tensor {
  const fn = 'retrace';
  assertSequences(fn, { rT, discountT, muT });
  checkActionValues(fn, rT, { qTm1, qT, piT }, { aTm1, aT });
  assertNumber(fn, 'lambda_', lambda_, { min: 0, max: 1 });
  assertNumber(fn, 'eps', eps, { min: 0 });
  return tf.tidy(() => {
    const piA = selectLast(piT, aT);
    const c = tf.mul(tf.minimum(tf.div(piA, tf.add(muT, eps)), 1), lambda_);
    const target = generalOffPolicyReturnsFromActionValues(qT, aT, rT, discountT, c, piT);
    return tf.sub(target, selectLast(qTm1, aTm1));
  });
}

/**
 * Retrace TD errors for continuous actions, from sampled Q(s_t, a_t), V and log importance
 * ratios: c_{t+1} = lambda min(1, exp(logRhos_{t+1})). Munos et al. 2016
 * (https://arxiv.org/abs/1606.02647); as used by MPO (https://arxiv.org/abs/1806.06920).
 * @param qTm1 Q(s_t, a_t), float32 [T] or [T, B].
 * @param qT Q(s_{t+1}, a_{t+1}) for t = 0..T-2, [T-1] or [T-1, B].
 * @param vT V(s_{t+1}), shaped like qTm1.
 * @param rT rewards, shaped like qTm1.
 * @param discountT discounts, shaped like qTm1.
 * @param logRhos log pi(a_{t+1}|s_{t+1}) - log mu(a_{t+1}|s_{t+1}), shaped like qT.
 * @param lambda_ trace parameter in [0, 1]: a number or a tensor shaped like qT.
 * @returns TD errors, shaped like qTm1; the caller owns it.
 */
export function retraceContinuous(
  qTm1: Tensor,
  qT: Tensor,
  vT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  logRhos: Tensor,
  lambda_: number | Tensor,
): Tensor {
  const fn = 'retraceContinuous';
  assertSequences(fn, { qTm1, vT, rT, discountT });
  assertFloat(fn, 'logRhos', logRhos);
  if (typeof lambda_ === 'number') assertNumber(fn, 'lambda_', lambda_, { min: 0, max: 1 });
  else assertFloat(fn, 'lambda_', lambda_);
  return tf.tidy(() => {
    const c = tf.mul(tf.minimum(tf.exp(logRhos), 1), lambda_);
    const target = generalOffPolicyReturnsFromQAndV(qT, vT, rT, discountT, c);
    return tf.sub(target, qTm1);
  });
}
