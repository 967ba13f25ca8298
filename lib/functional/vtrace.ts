/**
 * V-trace and leaky V-trace: off-policy corrected multistep TD errors and policy-gradient
 * advantages over time-major trajectories. Ports the semantics of rlax's `vtrace.py` (vtrace,
 * leaky_vtrace, vtrace_td_error_and_advantage, leaky_vtrace_td_error_and_advantage), written from
 * Espeholt et al. 2018 and Zahavy et al. 2020.
 *
 * Conventions (rlax's): `vTm1[t]` is v(s_t), `vT[t]` is v(s_{t+1}), `rT[t]` and `discountT[t]`
 * the reward and discount on arriving at s_{t+1}, `rhoTm1[t]` the importance ratio
 * pi(a_t|s_t) / mu(a_t|s_t) of the action taken at s_t.
 *
 * Deliberate differences: besides a single [T] sequence every function accepts a batch of
 * sequences, time-major [T, B] (rlax vmaps). No stop-gradient option: the results are computed
 * from the values passed in; compute them from target values (or wrap them in `stopGradient`)
 * before a loss closure, as DESIGN.md section 4 asks. `sampleMask` is a float 0/1 tensor (rlax
 * takes booleans).
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ShapeError } from '../core/errors';
import { assertFloat, assertNumber, assertRank, assertSameShape, assertSequences } from './checks';

/** Options shared by the V-trace functions. */
export interface VtraceOptions {
  /** Trace mixing parameter lambda in [0, 1]: a number or a tensor shaped like rT. Default 1 (rlax's). */
  lambda_?: number | Tensor;
  /** Truncation of the importance ratios weighting the TD errors (rho-bar). Default 1 (rlax's). */
  clipRhoThreshold?: number;
  /** 0/1 float mask, shaped like rT: steps with 0 are not learned from and pass the trace through unchanged. */
  sampleMask?: Tensor;
}

/** Options of the TD-error-and-advantage variants. */
export interface VtraceAdvantageOptions extends VtraceOptions {
  /** Truncation of the importance ratios weighting the policy-gradient advantage. Default 1 (rlax's). */
  clipPgRhoThreshold?: number;
}

/** The three outputs of `vtraceTdErrorAndAdvantage`; the caller owns (and disposes) each. */
export interface VtraceOutput {
  /** V-trace errors v_s - v(s_t), shaped like rT. */
  errors: Tensor;
  /** Policy-gradient advantages min(rho-bar-pg, rho_t) (q_t - v(s_t)), shaped like rT. */
  pgAdvantage: Tensor;
  /** Q estimates r_{t+1} + gamma_{t+1} v_{s+1}-bootstrap, shaped like rT. */
  qEstimate: Tensor;
}

function checkOptions(fn: string, rT: Tensor, opts: VtraceAdvantageOptions, alpha?: number): void {
  const { lambda_ = 1, clipRhoThreshold = 1, clipPgRhoThreshold = 1, sampleMask } = opts;
  if (typeof lambda_ === 'number') assertNumber(fn, 'lambda_', lambda_, { min: 0, max: 1 });
  else {
    assertFloat(fn, 'lambda_', lambda_);
    if (lambda_.rank !== 0) assertSameShape(fn, { rT, lambda_ });
  }
  assertNumber(fn, 'clipRhoThreshold', clipRhoThreshold, { min: 0 });
  assertNumber(fn, 'clipPgRhoThreshold', clipPgRhoThreshold, { min: 0 });
  if (alpha !== undefined) assertNumber(fn, 'alpha', alpha, { min: 0, max: 1 });
  if (sampleMask !== undefined) {
    assertFloat(fn, 'sampleMask', sampleMask);
    assertSameShape(fn, { rT, sampleMask });
  }
}

/**
 * The shared backward recursion: acc_t = m_t (delta_t + gamma_t c_t acc_{t+1}) + (1 - m_t) acc_{t+1},
 * acc_T = 0, with delta_t = rhoBar_t (r_{t+1} + gamma_{t+1} v(s_{t+1}) - v(s_t)).
 * `c` and `rhoBar` are the (already clipped or mixed) trace and TD weights.
 */
function traceErrors(
  vTm1: Tensor,
  vT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  rhoBar: Tensor,
  c: Tensor,
  sampleMask: Tensor | undefined,
): Tensor {
  const td = tf.mul(rhoBar, tf.sub(tf.add(rT, tf.mul(discountT, vT)), vTm1));
  const tds = tf.unstack(td);
  const dcs = tf.unstack(tf.mul(discountT, c));
  const ms = sampleMask === undefined ? undefined : tf.unstack(sampleMask);
  const out = new Array<Tensor>(tds.length);
  let acc: Tensor = tf.zeros(rT.shape.slice(1));
  for (let t = tds.length - 1; t >= 0; t--) {
    const next = tf.add(tds[t] as Tensor, tf.mul(dcs[t] as Tensor, acc));
    if (ms === undefined) acc = next;
    else {
      const m = ms[t] as Tensor;
      acc = tf.add(tf.mul(m, next), tf.mul(tf.sub(1, m), acc));
    }
    out[t] = acc;
  }
  return tf.stack(out);
}

function weights(rhoTm1: Tensor, opts: VtraceOptions, alpha: number | undefined): { rhoBar: Tensor; c: Tensor } {
  const { lambda_ = 1, clipRhoThreshold = 1 } = opts;
  let c: Tensor = tf.minimum(rhoTm1, 1);
  let rhoBar: Tensor = tf.minimum(rhoTm1, clipRhoThreshold);
  if (alpha !== undefined && alpha !== 1) {
    // Leaky V-trace: mix the unclipped ratios back in with weight 1 - alpha.
    c = tf.add(tf.mul(rhoTm1, 1 - alpha), tf.mul(c, alpha));
    rhoBar = tf.add(tf.mul(rhoTm1, 1 - alpha), tf.mul(rhoBar, alpha));
  }
  return { rhoBar, c: tf.mul(c, lambda_) };
}

/**
 * V-trace errors v_s - v(s_t), with v_s the V-trace target
 * v_s = v(s_t) + sum_{k>=t} gamma... (prod_{i<k} c_i) rho-bar_k delta_k,
 * c_i = lambda min(1, rho_i), rho-bar_k = min(clipRhoThreshold, rho_k).
 * Espeholt et al. 2018, "IMPALA" (https://arxiv.org/abs/1802.01561), section 4.1.
 * @param vTm1 values v(s_t), float32 [T] or [T, B] (time-major).
 * @param vT values v(s_{t+1}), same shape.
 * @param rT rewards on arriving at s_{t+1}, same shape.
 * @param discountT discounts gamma_{t+1} (0 at a true terminal), same shape.
 * @param rhoTm1 importance ratios pi(a_t|s_t) / mu(a_t|s_t), same shape.
 * @returns errors, shaped like rT; the caller owns it.
 */
export function vtrace(
  vTm1: Tensor,
  vT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  rhoTm1: Tensor,
  opts: VtraceOptions = {},
): Tensor {
  const fn = 'vtrace';
  assertSequences(fn, { vTm1, vT, rT, discountT, rhoTm1 });
  checkOptions(fn, rT, opts);
  return tf.tidy(() => {
    const { rhoBar, c } = weights(rhoTm1, opts, undefined);
    return traceErrors(vTm1, vT, rT, discountT, rhoBar, c, opts.sampleMask);
  });
}

/**
 * Leaky V-trace errors: V-trace whose ratios are alpha * clipped + (1 - alpha) * unclipped, so
 * alpha = 1 is V-trace and alpha = 0 plain (per-decision) importance sampling.
 * Zahavy et al. 2020, "A Self-Tuning Actor-Critic Algorithm" (https://arxiv.org/abs/2002.12928).
 * @param alpha mixing parameter in [0, 1]. Default 1 (rlax's).
 * Other parameters as `vtrace`.
 * @returns errors, shaped like rT; the caller owns it.
 */
export function leakyVtrace(
  vTm1: Tensor,
  vT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  rhoTm1: Tensor,
  alpha = 1,
  opts: VtraceOptions = {},
): Tensor {
  const fn = 'leakyVtrace';
  assertSequences(fn, { vTm1, vT, rT, discountT, rhoTm1 });
  checkOptions(fn, rT, opts, alpha);
  return tf.tidy(() => {
    const { rhoBar, c } = weights(rhoTm1, opts, alpha);
    return traceErrors(vTm1, vT, rT, discountT, rhoBar, c, opts.sampleMask);
  });
}

function errorsAndAdvantage(
  fn: string,
  vTm1: Tensor,
  vT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  rhoTm1: Tensor,
  alpha: number | undefined,
  opts: VtraceAdvantageOptions,
): VtraceOutput {
  const length = assertSequences(fn, { vTm1, vT, rT, discountT, rhoTm1 });
  checkOptions(fn, rT, opts, alpha);
  const { lambda_ = 1, clipPgRhoThreshold = 1 } = opts;
  const [errors, pgAdvantage, qEstimate] = tf.tidy(() => {
    const { rhoBar, c } = weights(rhoTm1, opts, alpha);
    const errs = traceErrors(vTm1, vT, rT, discountT, rhoBar, c, opts.sampleMask);
    const lam = typeof lambda_ === 'number' ? tf.fill(rT.shape, lambda_) : tf.broadcastTo(lambda_, rT.shape);
    const targets = tf.add(errs, vTm1);
    // Bootstrap of q_t: lambda_t v_{s+1} + (1 - lambda_t) v(s_{t+1}); the last step uses v(s_T).
    let bootstrap: Tensor = tf.slice(vT, [length - 1], [1]);
    if (length > 1) {
      const head = tf.slice(lam, [0], [length - 1]);
      const mixed = tf.add(
        tf.mul(head, tf.slice(targets, [1], [length - 1])),
        tf.mul(tf.sub(1, head), tf.slice(vTm1, [1], [length - 1])),
      );
      bootstrap = tf.concat([mixed, bootstrap]);
    }
    const q = tf.add(rT, tf.mul(discountT, bootstrap));
    let pgRho: Tensor = tf.minimum(rhoTm1, clipPgRhoThreshold);
    if (alpha !== undefined && alpha !== 1) pgRho = tf.add(tf.mul(rhoTm1, 1 - alpha), tf.mul(pgRho, alpha));
    return [errs, tf.mul(pgRho, tf.sub(q, vTm1)), q];
  });
  return { errors: errors as Tensor, pgAdvantage: pgAdvantage as Tensor, qEstimate: qEstimate as Tensor };
}

/**
 * V-trace errors, IMPALA's policy-gradient advantages min(rho-bar-pg, rho_t) (q_t - v(s_t)) and
 * the Q estimates q_t = r_{t+1} + gamma_{t+1} (lambda v_{s+1} + (1 - lambda) v(s_{t+1})).
 * Espeholt et al. 2018, "IMPALA" (https://arxiv.org/abs/1802.01561), section 4.2.
 * Parameters as `vtrace`, plus `opts.clipPgRhoThreshold`.
 * @returns `{ errors, pgAdvantage, qEstimate }`, each shaped like rT; the caller owns them.
 */
export function vtraceTdErrorAndAdvantage(
  vTm1: Tensor,
  vT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  rhoTm1: Tensor,
  opts: VtraceAdvantageOptions = {},
): VtraceOutput {
  return errorsAndAdvantage('vtraceTdErrorAndAdvantage', vTm1, vT, rT, discountT, rhoTm1, undefined, opts);
}

/**
 * Leaky V-trace errors, advantages and Q estimates (the policy-gradient ratios are mixed with
 * the same alpha). Zahavy et al. 2020 (https://arxiv.org/abs/2002.12928) and Espeholt et al. 2018.
 * Parameters as `leakyVtrace`, plus `opts.clipPgRhoThreshold`.
 * @returns `{ errors, pgAdvantage, qEstimate }`, each shaped like rT; the caller owns them.
 */
export function leakyVtraceTdErrorAndAdvantage(
  vTm1: Tensor,
  vT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  rhoTm1: Tensor,
  alpha = 1,
  opts: VtraceAdvantageOptions = {},
): VtraceOutput {
  return errorsAndAdvantage('leakyVtraceTdErrorAndAdvantage', vTm1, vT, rT, discountT, rhoTm1, alpha, opts);
}
