/**
 * lib/functional against goldens from the real rlax (0.1.9 on jax CPU), written by
 * scripts/rlax/export_fixtures.py into fixtures/rlax_*.json. Tolerance: float32 (absolute 1e-4
 * plus relative 1e-5), except the two-hot encoding, where rlax adds 1e-5 to the bin width.
 */
import { tf } from '../../lib/tf';
import type { Tensor } from '../../lib/tf';
import {
  categoricalCrossEntropy,
  categoricalDoubleQLearning,
  categoricalL2Project,
  categoricalQLearning,
  klDivergence,
  clippedSurrogatePgLoss,
  discountedReturns,
  doubleQLearning,
  entropyLoss,
  expectedSarsa,
  lambdaReturns,
  nStepBootstrappedReturns,
  policyGradientLoss,
  qLearning,
  sarsa,
  tdLambda,
  tdLearning,
  truncatedGeneralizedAdvantageEstimation,
  computeParametricKlPenaltyAndDualLoss,
  mpoComputeWeightsAndTemperatureLoss,
  vmpoComputeWeightsAndTemperatureLoss,
  constantPolicyTargets,
  sampledPolicyDistillationLoss,
  zeroPolicyTargets,
  embedOar,
  extractSubsequences,
  featureControlRewards,
  fixStepTypeOnInterruptions,
  pixelControlLoss,
  pixelControlRewards,
  sampleStartIndices,
  episodicMemoryIntrinsicRewards,
  knnQuery,
  categoricalImportanceSamplingRatios,
  categoricalSample,
  categoricalTdLearning,
  clippedEntropySoftmax,
  epsilonGreedyEntropy,
  epsilonGreedyLogProb,
  epsilonGreedyProbs,
  greedyProbs,
  multivariateNormalKlDivergence,
  muzeroPair,
  twohotPair,
  unbiasedTransformPair,
  composeTx,
  DISCOUNT_TRANSFORM_PAIR,
  HYPERBOLIC_SIN_PAIR,
  IDENTITY_PAIR,
  SIGNED_LOGP1_PAIR,
  transformedGeneralOffPolicyReturnsFromActionValues,
  transformedLambdaReturns,
  transformedNStepQLearning,
  transformedNStepReturns,
  transformedQLambda,
  transformedRetrace,
  clipGradient,
  conditionalUpdate,
  createEma,
  periodicUpdate,
  normalize,
  popart,
  unnormalize,
  unnormalizeLinear,
  dpgLoss,
  persistentQLearning,
  qpgLoss,
  qvLearning,
  qvMax,
  rmLoss,
  rpgLoss,
  sarsaLambda,
  expectileLoss,
  generalOffPolicyReturnsFromActionValues,
  generalOffPolicyReturnsFromQAndV,
  huberLoss,
  leakyVtrace,
  leakyVtraceTdErrorAndAdvantage,
  likelihood,
  logit,
  logLoss,
  power,
  quantileExpectedSarsa,
  quantileQLearning,
  quantileRegressionLoss,
  retrace,
  retraceContinuous,
  sigmoid,
  signedExpm1,
  signedLogp1,
  transformFromTwoHot,
  transformToTwoHot,
  vtrace,
  vtraceTdErrorAndAdvantage,
} from '../../lib/functional';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectGolden as expectRlaxGolden, f, i, loadRlaxCases, type Case, type Nested } from '../helpers/rlax_fixtures';
import { Random } from '../../lib/core/random';
import type { TxPair } from '../../lib/functional';

const load = (name: string): Case[] => loadRlaxCases(name);
const expectGolden = (t: Tensor, want: Nested, atol?: number, rtol?: number): void => expectRlaxGolden(t, want, '', atol, rtol);

describe('V-trace against rlax', () => {
  const cases = load('vtrace');
  it.each(cases.map((c, k) => [k, c] as const))('case %i: vtrace, leakyVtrace, masks, errors and advantages', (_k, c) => {
    const args = (): [Tensor, Tensor, Tensor, Tensor, Tensor] => [f(c.vTm1), f(c.vT), f(c.rT), f(c.discountT), f(c.rhoTm1)];
    tf.tidy(() => {
      const opts = { lambda_: c.lambda as number, clipRhoThreshold: c.clipRhoThreshold as number };
      const advOpts = { ...opts, clipPgRhoThreshold: c.clipPgRhoThreshold as number };
      expectGolden(vtrace(...args(), opts), c.vtrace);
      expectGolden(vtrace(...args(), { ...opts, sampleMask: f(c.sampleMask) }), c.vtraceMasked);
      expectGolden(leakyVtrace(...args(), c.alpha, opts), c.leakyVtrace);
      const out = vtraceTdErrorAndAdvantage(...args(), advOpts);
      expectGolden(out.errors, c.errors);
      expectGolden(out.pgAdvantage, c.pgAdvantage);
      expectGolden(out.qEstimate, c.qEstimate);
      const leaky = leakyVtraceTdErrorAndAdvantage(...args(), c.alpha, advOpts);
      expectGolden(leaky.errors, c.leakyErrors);
      expectGolden(leaky.pgAdvantage, c.leakyPgAdvantage);
      expectGolden(leaky.qEstimate, c.leakyQEstimate);
    });
  });

  it('a lambda tensor per step equals the number; no tensor leaks', () => {
    const c = cases[1] as Case;
    tf.tidy(() => {
      const lam = f((c.rT as number[]).map(() => c.lambda as number));
      const out = vtraceTdErrorAndAdvantage(f(c.vTm1), f(c.vT), f(c.rT), f(c.discountT), f(c.rhoTm1), {
        lambda_: lam,
        clipRhoThreshold: c.clipRhoThreshold,
        clipPgRhoThreshold: c.clipPgRhoThreshold,
      });
      expectGolden(out.qEstimate, c.qEstimate);
      expectGolden(out.pgAdvantage, c.pgAdvantage);
      out.errors.dispose();
      const ins = [f(c.vTm1), f(c.vT), f(c.rT), f(c.discountT), f(c.rhoTm1)] as const;
      const sampleMask = f(c.sampleMask);
      expectNoTensorLeak(() => {
        const o = leakyVtraceTdErrorAndAdvantage(...ins, 0.5, { lambda_: lam, sampleMask });
        o.errors.dispose();
        o.pgAdvantage.dispose();
        o.qEstimate.dispose();
      });
    });
  });
});

describe('Retrace and general off-policy returns against rlax', () => {
  it.each(load('retrace').map((c, k) => [k, c] as const))('case %i', (_k, c) => {
    tf.tidy(() => {
      expectGolden(
        retrace(f(c.qTm1), f(c.qT), i(c.aTm1), i(c.aT), f(c.rT), f(c.discountT), f(c.piT), f(c.muT), c.lambda),
        c.retrace,
      );
      expectGolden(
        generalOffPolicyReturnsFromActionValues(f(c.qT), i(c.aT), f(c.rT), f(c.discountT), f(c.cT), f(c.piT)),
        c.fromActionValues,
      );
      const cT = (c.cT as number[]).slice(0, -1);
      expectGolden(generalOffPolicyReturnsFromQAndV(f(c.contQT), f(c.contVT), f(c.rT), f(c.discountT), f(cT)), c.fromQAndV);
      expectGolden(
        retraceContinuous(f(c.contQTm1), f(c.contQT), f(c.contVT), f(c.rT), f(c.discountT), f(c.logRhos), c.lambda),
        c.retraceContinuous,
      );
    });
  });
});

describe('value transforms against rlax', () => {
  const c = load('transforms')[0] as Case;
  it('signedLogp1, signedExpm1, power, sigmoid, logit', () => {
    expectGolden(signedLogp1(f(c.x)), c.signedLogp1);
    expectGolden(signedExpm1(f(c.xOver10)), c.signedExpm1);
    expectGolden(power(f(c.x), 2), c.power2);
    expectGolden(power(f(c.x), 0.5), c.power05);
    expectGolden(sigmoid(f(c.xOver10)), c.sigmoid);
    expectGolden(logit(f(c.p)), c.logit);
  });

  it('two-hot to and from (rlax pads the bin width by 1e-5, hence 1e-4 on probabilities)', () => {
    expectGolden(transformToTwoHot(f(c.scalars), c.minValue, c.maxValue, c.numBins), c.toTwoHot, 1e-4, 0);
    expectGolden(transformFromTwoHot(f(c.probs), c.minValue, c.maxValue, c.numBins), c.fromTwoHot);
  });

  it('round trips: signedExpm1 inverts signedLogp1, power(1/p) inverts power(p), from(to(x)) = clip(x)', () => {
    tf.tidy(() => {
      const x = f(c.x);
      expectGolden(signedExpm1(signedLogp1(x)), c.x, 1e-3, 1e-5);
      expectGolden(power(power(x, 2), 0.5), c.x, 1e-3, 1e-5);
      const clipped = (c.scalars as number[]).map((s) => Math.min(10, Math.max(-10, s)));
      expectGolden(transformFromTwoHot(transformToTwoHot(f(c.scalars), -10, 10, 11), -10, 10, 11), clipped, 1e-5);
    });
  });
});

describe('quantile regression against rlax', () => {
  it.each(load('quantile').map((c, k) => [c.huberParam as number, c] as const))('huberParam %d', (_h, c) => {
    tf.tidy(() => {
      expectGolden(quantileRegressionLoss(f(c.distSrc), f(c.tauSrc), f(c.distTarget), c.huberParam), c.regression);
      expectGolden(
        quantileQLearning(
          f(c.distQTm1), f(c.tauSrc), i(c.aTm1), f(c.rT), f(c.discountT), f(c.distQTSelector), f(c.distQT), c.huberParam,
        ),
        c.qLearning,
      );
      expectGolden(
        quantileExpectedSarsa(
          f(c.distQTm1), f(c.tauSrc), i(c.aTm1), f(c.rT), f(c.discountT), f(c.distQT), f(c.probsAT), c.huberParam,
        ),
        c.expectedSarsa,
      );
    });
  });
});

describe('losses against rlax', () => {
  const c = load('losses')[0] as Case;
  it('expectileLoss, likelihood (0^0 = 1), logLoss, huberLoss', () => {
    expectGolden(expectileLoss(f(c.predictions), f(c.targets), 0.2), c.expectile02);
    expectGolden(expectileLoss(f(c.predictions), f(c.targets), 0.5), c.expectile05);
    expectGolden(likelihood(f(c.p), f(c.y)), c.likelihood);
    expectGolden(logLoss(f((c.p as number[]).slice(0, 3)), f((c.y as number[]).slice(0, 3))), c.logLoss);
    expectGolden(huberLoss(f(c.huberX), 1.5), c.huber15);
  });
});

describe('more value learning against rlax', () => {
  const c = load('value_learning')[0] as Case;
  it('qvLearning, qvMax, persistentQLearning (batched), sarsaLambda (sequence)', () => {
    expectGolden(qvLearning(f(c.qTm1), i(c.aTm1), f(c.rT), f(c.discountT), f(c.vT)), c.qvLearning);
    expectGolden(qvMax(f(c.vTm1), f(c.rT), f(c.discountT), f(c.qT)), c.qvMax);
    expectGolden(persistentQLearning(f(c.qTm1), i(c.aTm1), f(c.rT), f(c.discountT), f(c.qT), 0.3), c.persistentQLearning);
    expectGolden(
      sarsaLambda(f(c.seqQTm1), i(c.seqATm1), f(c.seqRT), f(c.seqDiscountT), f(c.seqQT), i(c.seqAT), 0.7),
      c.sarsaLambda,
    );
  });
});

describe('more policy gradients against rlax: values and gradients', () => {
  const c = load('policy_gradients')[0] as Case;
  it('qpgLoss, rmLoss, rpgLoss and their gradients in the logits', () => {
    const logits = f(c.logitsT);
    const q = f(c.qT);
    for (const [fnc, value, grad] of [
      [qpgLoss, c.qpgLoss, c.qpgGrad],
      [rmLoss, c.rmLoss, c.rmGrad],
      [rpgLoss, c.rpgLoss, c.rpgGrad],
    ] as const) {
      expectGolden(fnc(logits, q), value);
      expectGolden(tf.grad((l: Tensor) => fnc(l, q))(logits), grad);
    }
    logits.dispose();
    q.dispose();
  });

  it('dpgLoss with and without clipping, and its gradient (-clipped dq/da)', () => {
    expectGolden(dpgLoss(f(c.aT), f(c.dqdaT)), c.dpgLoss);
    expectGolden(dpgLoss(f(c.aT), f(c.dqdaT), 1), c.dpgLossClipped);
    tf.tidy(() => {
      const dqda = f(c.dqdaT);
      expectGolden(tf.grad((a: Tensor) => tf.sum(dpgLoss(a, dqda, 1)))(f(c.aT)), c.dpgGradClipped);
    });
  });
});

describe('PopArt against rlax', () => {
  const c = load('popart')[0] as Case;
  it('two updates (ART then POP), normalize, unnormalizeLinear; inputs untouched; outputs preserved', () => {
    tf.tidy(() => {
      const { initialState, update } = popart(2, c.stepSize, c.scaleLb, c.scaleUb);
      const s0 = initialState();
      const p0 = { w: f(c.w), b: f(c.b) };
      const idx = i(c.indices);
      const r1 = update(p0, s0, f(c.targets), idx);
      expectGolden(tf.clone(r1.state.shift), c.state1.shift);
      expectGolden(tf.clone(r1.state.scale), c.state1.scale);
      expectGolden(tf.clone(r1.state.secondMoment), c.state1.secondMoment);
      expectGolden(tf.clone(r1.params.w), c.w1);
      expectGolden(tf.clone(r1.params.b), c.b1);
      // The inputs were not mutated.
      expectGolden(tf.clone(s0.shift), [0, 0]);
      expectGolden(tf.clone(p0.w), c.w);
      const idx2 = i([...(c.indices as number[])].reverse());
      const r2 = update(r1.params, r1.state, tf.mul(f(c.targets), 0.5), idx2);
      expectGolden(tf.clone(r2.state.shift), c.state2.shift);
      expectGolden(tf.clone(r2.state.scale), c.state2.scale);
      expectGolden(tf.clone(r2.state.secondMoment), c.state2.secondMoment);
      expectGolden(tf.clone(r2.params.w), c.w2);
      expectGolden(tf.clone(r2.params.b), c.b2);
      const out = unnormalizeLinear(r2.state, f(c.inputs), idx);
      expectGolden(out.normalized, c.normalizedLinear);
      expectGolden(out.unnormalized, c.unnormalizedLinear);
      expectGolden(normalize(r2.state, f(c.targets), idx), c.normalize);
      // POP preserves unnormalized outputs: x W1 + b1 under state1 equals x W2 + b2 under state2.
      const x = f([[1, -2, 0.5]]);
      const all = i([0, 1]);
      const before = unnormalize(r1.state, tf.squeeze(tf.add(tf.matMul(x, r1.params.w), r1.params.b)), all);
      const after = unnormalize(r2.state, tf.squeeze(tf.add(tf.matMul(x, r2.params.w), r2.params.b)), all);
      expectGolden(after, Array.from(before.dataSync()), 1e-3, 1e-5);
    });
  });
});

describe('EMA moments, clipGradient and periodic updates', () => {
  const c = load('ema')[0] as Case;
  it('createEma: debiased moments after two updates match rlax; no tensor leaks', () => {
    const { initState, updateMoments } = createEma(c.decay);
    const s0 = initState(2);
    const xs = (c.xs as Nested[]).map(f);
    const ys = (c.ys as Nested[]).map(f);
    const r1 = updateMoments(xs, s0);
    const r2 = updateMoments(ys, r1.state);
    r1.moments.mean.forEach((m, k) => expectGolden(m, c.mean1[k]));
    r1.moments.variance.forEach((m, k) => expectGolden(m, c.variance1[k]));
    r2.moments.mean.forEach((m, k) => expectGolden(m, c.mean2[k]));
    r2.moments.variance.forEach((m, k) => expectGolden(m, c.variance2[k]));
    expectNoTensorLeak(() => {
      const r = updateMoments(xs, r2.state);
      tf.dispose([...r.moments.mean, ...r.moments.variance, ...r.state.mu, ...r.state.nu]);
    });
    tf.dispose([...xs, ...ys, ...s0.mu, ...s0.nu, ...r1.state.mu, ...r1.state.nu, ...r2.state.mu, ...r2.state.nu]);
  });

  it('clipGradient: identity forward, gradient clipped to [-1, 0.5] as rlax', () => {
    tf.tidy(() => {
      const up = f(c.clipUpstream);
      expectGolden(clipGradient(f(c.clipX), -1, 0.5), c.clipX);
      expectGolden(tf.grad((x: Tensor) => tf.sum(tf.mul(clipGradient(x, -1, 0.5), up)))(f(c.clipX)), c.clipGrad);
    });
  });

  it('periodicUpdate copies the new tensors every period steps, the old ones otherwise', () => {
    tf.tidy(() => {
      const next = { w: f([1, 2]) };
      const old = { w: f([0, 0]) };
      expectGolden(periodicUpdate(next, old, 10, 5).w, [1, 2]);
      expectGolden(periodicUpdate(next, old, 11, 5).w, [0, 0]);
      expectGolden((conditionalUpdate([next.w], [old.w], true)[0]) as Tensor, [1, 2]);
    });
  });
});

describe('transformed Bellman operators against rlax', () => {
  const cases = load('nonlinear_bellman');
  const pairs: Record<string, TxPair> = {
    IDENTITY_PAIR,
    SIGNED_LOGP1_PAIR,
    HYPERBOLIC_SIN_PAIR,
    'compose(SIGNED_LOGP1_PAIR, HYPERBOLIC_SIN_PAIR)': composeTx(SIGNED_LOGP1_PAIR, HYPERBOLIC_SIN_PAIR),
  };
  it.each(cases.filter((c) => c.pair in pairs).map((c) => [c.pair as string, c] as const))('%s', (name, c) => {
    const tx = pairs[name] as TxPair;
    tf.tidy(() => {
      expectGolden(transformedLambdaReturns(tx, f(c.rT), f(c.discountT), f(c.vT), 0.8), c.lambdaReturns);
      expectGolden(transformedNStepReturns(tx, f(c.rT), f(c.discountT), f(c.vT), 3), c.nStepReturns);
      expectGolden(
        transformedGeneralOffPolicyReturnsFromActionValues(tx, f(c.qT), i(c.aT), f(c.rT), f(c.discountT), f(c.cT), f(c.piT)),
        c.fromActionValues,
      );
      expectGolden(transformedQLambda(f(c.qTm1), i(c.aTm1), f(c.rT), f(c.discountT), f(c.qT), 0.8, tx), c.qLambda);
      expectGolden(
        transformedRetrace(f(c.qTm1), f(c.qT), i(c.aTm1), i(c.aT), f(c.rT), f(c.discountT), f(c.piT), f(c.muT), 0.9, 1e-8, tx),
        c.retrace,
      );
      expectGolden(transformedNStepQLearning(f(c.qTm1), i(c.aTm1), f(c.qT), i(c.aT), f(c.rT), f(c.discountT), 3, tx), c.nStepQLearning);
    });
  });

  it('two-hot, MuZero and unbiased pairs, and transformed lambda-returns over two-hot values', () => {
    const c = cases.find((k) => k.pair === 'two-hot pairs') as Case;
    const th = twohotPair(-5, 5, 11);
    const mz = muzeroPair(-3, 3, 13, SIGNED_LOGP1_PAIR);
    const ub = unbiasedTransformPair(-3, 3, 13, SIGNED_LOGP1_PAIR);
    tf.tidy(() => {
      const x = f(c.x);
      // rlax pads the bin width by 1e-5 in its uniform two-hot: 1e-4 on probabilities.
      expectGolden(th.apply(x), c.twohotApply, 1e-4, 0);
      expectGolden(th.applyInv(th.apply(x)), c.twohotRoundTrip, 1e-3, 1e-4);
      expectGolden(mz.apply(x), c.muzeroApply, 1e-4, 0);
      expectGolden(mz.applyInv(mz.apply(x)), c.muzeroRoundTrip, 1e-3, 1e-4);
      expectGolden(ub.apply(x), c.unbiasedApply);
      expectGolden(ub.applyInv(ub.apply(x)), c.unbiasedRoundTrip, 1e-3, 1e-4);
      expectGolden(transformedLambdaReturns(mz, f(c.rT), f(c.discountT), f(c.vTProbs), 0.9), c.muzeroLambdaReturns, 1e-4, 0);
    });
  });

  it('DISCOUNT_TRANSFORM_PAIR and its inverse', () => {
    const c = cases.find((k) => k.pair === 'DISCOUNT_TRANSFORM_PAIR') as Case;
    expectGolden(DISCOUNT_TRANSFORM_PAIR.apply(f(c.discounts)), c.apply);
    tf.tidy(() => expectGolden(DISCOUNT_TRANSFORM_PAIR.applyInv(DISCOUNT_TRANSFORM_PAIR.apply(f(c.discounts))), c.discounts));
  });
});

describe('distributions and categorical TD against rlax', () => {
  const c = load('distributions')[0] as Case;
  it('greedy and epsilon-greedy (ties share the mass), clipped softmax entropy, importance ratios, Gaussian KL', () => {
    expectGolden(greedyProbs(f(c.preferences)), c.greedyProbs);
    expectGolden(epsilonGreedyProbs(f(c.preferences), 0.2), c.epsilonGreedyProbs);
    expectGolden(epsilonGreedyLogProb(i(c.sample), f(c.preferences), 0.2), c.epsilonGreedyLogProb);
    expectGolden(epsilonGreedyEntropy(f(c.preferences), 0.2), c.epsilonGreedyEntropy);
    expectGolden(clippedEntropySoftmax(f(c.logits), 0.7, 0.5), c.clippedEntropy);
    expectGolden(categoricalImportanceSamplingRatios(f(c.logits), f(c.muLogits), i(c.sample)), c.isRatios);
    expectGolden(multivariateNormalKlDivergence(f(c.mu0), f(c.sigma0), f(c.mu1), f(c.sigma1)), c.normalKl);
  });

  it('categoricalTdLearning', () => {
    expectGolden(
      categoricalTdLearning(f(c.vAtomsTm1), f(c.vLogitsTm1), f(c.rT), f(c.discountT), f(c.vAtomsT), f(c.vLogitsT)),
      c.categoricalTd,
    );
  });

  it('categoricalSample is seeded and follows the probabilities (10,000 draws)', () => {
    const probs = tf.tensor2d(Array.from({ length: 10000 }, () => [0.1, 0.6, 0.3]));
    const a = Array.from(categoricalSample(new Random(4), probs).dataSync());
    const b = Array.from(categoricalSample(new Random(4), probs).dataSync());
    expect(a).toEqual(b);
    const freq = [0, 1, 2].map((k) => a.filter((x) => x === k).length / a.length);
    [0.1, 0.6, 0.3].forEach((p, k) => expect(Math.abs((freq[k] as number) - p)).toBeLessThan(0.02));
    probs.dispose();
  });
});

describe('k-NN and NGU episodic memory against rlax', () => {
  const c = load('episodic_memory')[0] as Case;
  it('knnQuery: neighbours, indices and negated squared distances, nearest first', () => {
    const out = knnQuery(f(c.data), f(c.queries), 3);
    expectGolden(out.neighbors, c.neighbors);
    expectGolden(tf.cast(out.neighborIndices, 'float32'), c.neighborIndices);
    out.neighborIndices.dispose();
    expectGolden(out.neighborNegDistances, c.neighborNegDistances);
  });

  it('episodicMemoryIntrinsicRewards over three batches (memory wraps at 12 rows); the state is not mutated', () => {
    const opts = { constant: 0, epsilon: 1e-4, clusterDistance: 8e-3, maxSimilarity: 8, maxMemorySize: 12 };
    const a = episodicMemoryIntrinsicRewards(f(c.e1), 3, 0.5, undefined, opts);
    expectGolden(a.rewards, c.r1);
    const before = a.state.memory.slice();
    const b = episodicMemoryIntrinsicRewards(f(c.e2), 3, 0.5, a.state, opts);
    expect(a.state.memory).toEqual(before);
    expectGolden(b.rewards, c.r2);
    const d = episodicMemoryIntrinsicRewards(f(c.e3), 3, 0.5, b.state, opts);
    expectGolden(d.rewards, c.r3);
    expect(d.state.nextMemoryIndex).toBe(15 % 12);
  });
});

describe('auxiliary tasks and trajectory utilities against rlax', () => {
  const c = load('auxiliary')[0] as Case;
  it('pixelControlRewards and pixelControlLoss (scalar and per-step discounts)', () => {
    expectGolden(pixelControlRewards(f(c.observations), c.cellSize), c.pixelRewards);
    expectGolden(pixelControlLoss(f(c.observations), i(c.actions), f(c.actionValues), 0.9, c.cellSize), c.pixelLoss);
    expectGolden(
      pixelControlLoss(f(c.observations), i(c.actions), f(c.actionValues), f([0.9, 0, 0.5]), c.cellSize),
      c.pixelLossVecDiscount,
    );
  });

  it('featureControlRewards for every cumulant type', () => {
    for (const k of ['feature', 'absolute_change', 'increase', 'decrease', 'potential'] as const) {
      expectGolden(featureControlRewards(f(c.features), k, 0.9), c[`feature_${k}`]);
    }
  });

  it('embedOar, fixStepTypeOnInterruptions, extractSubsequences', () => {
    expectGolden(embedOar(f(c.embFeatures), i(c.embAction), f(c.embReward), 4), c.embedOar);
    const fixed = fixStepTypeOnInterruptions(i(c.stepType));
    expect(fixed.dtype).toBe('int32');
    expectGolden(tf.cast(fixed, 'float32'), c.fixedStepType);
    fixed.dispose();
    expectGolden(extractSubsequences(f(c.trajectories), i(c.startIndices), 3, 3), c.subsequences);
  });

  it('sampleStartIndices: seeded, distinct within a row, in range', () => {
    const read = (t: Tensor): number[][] => {
      const v = t.arraySync() as number[][];
      t.dispose();
      return v;
    };
    const a = read(sampleStartIndices(new Random(2), 50, 4, 6));
    const b = read(sampleStartIndices(new Random(2), 50, 4, 6));
    expect(a).toEqual(b);
    for (const row of a) {
      expect(new Set(row).size).toBe(4);
      for (const x of row) expect(x >= 0 && x <= 6).toBe(true);
    }
    expect(new Set(a.flat()).size).toBe(7);
  });
});

describe('policy targets against rlax', () => {
  const c = load('policy_targets')[0] as Case;
  // Categorical log-probabilities of actions [N, B] under logits [B, A].
  const logProbOf = (logits: Tensor) => (actions: Tensor): Tensor =>
    tf.tidy(() => {
      const [n, b] = actions.shape as [number, number];
      const a = logits.shape[1] as number;
      const lsm = tf.broadcastTo(tf.expandDims(tf.logSoftmax(logits), 0), [n, b, a]);
      return tf.sum(tf.mul(lsm, tf.cast(tf.oneHot(tf.reshape(actions, [-1]) as tf.Tensor1D, a), 'float32').reshape([n, b, a])), 2);
    });

  it('sampledPolicyDistillationLoss and its gradient in the logits', () => {
    tf.tidy(() => {
      const target = { actions: i(c.actions), weights: f(c.weights) };
      expectGolden(sampledPolicyDistillationLoss(logProbOf(f(c.logits)), target), c.loss);
      expectGolden(tf.grad((l: Tensor) => sampledPolicyDistillationLoss(logProbOf(l), target))(f(c.logits)), c.grad);
    });
  });

  it('constant and zero targets: weights shaped like the samples without the event axes', () => {
    tf.tidy(() => {
      const t = constantPolicyTargets((n) => tf.zeros([n, 3, 2]), 4, 0.5, 1);
      expect(t.weights.shape).toEqual([4, 3]);
      expectGolden(tf.clone(t.weights), [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]);
      const z = zeroPolicyTargets((n) => i(Array.from({ length: n }, () => 1)), 2);
      expectGolden(sampledPolicyDistillationLoss(() => f([-Infinity, -1]), z), 0);
    });
  });
});

describe('MPO and V-MPO duals against rlax', () => {
  const c = load('mpo')[0] as Case;
  const proj = (x: Tensor): Tensor => tf.tidy(() => tf.add(tf.softplus(x), 1e-8));
  it('mpoComputeWeightsAndTemperatureLoss, with the temperature gradient', () => {
    tf.tidy(() => {
      const out = mpoComputeWeightsAndTemperatureLoss(f(c.q), { alpha: tf.scalar(c.alpha), epsilon: c.epsilon }, proj);
      expectGolden(out.temperatureLoss, c.temperatureLoss);
      expectGolden(out.weights, c.weights);
      expect(out.numActionSamples).toBe(c.numActionSamples);
      const g = tf.grad((a: Tensor) => tf.sum(mpoComputeWeightsAndTemperatureLoss(f(c.q), { alpha: a, epsilon: c.epsilon }, proj).temperatureLoss));
      expectGolden(g(tf.scalar(c.alpha)), c.gradAlpha);
    });
  });

  it('computeParametricKlPenaltyAndDualLoss with a scalar and a per-dimension penalty', () => {
    tf.tidy(() => {
      const out = computeParametricKlPenaltyAndDualLoss(
        [
          [f(c.kl1), { alpha: tf.scalar(0.5), epsilon: 0.01 }],
          [f(c.kl2), { alpha: f([0.2, -0.4]), epsilon: 0.02, perDimension: true }],
        ],
        proj,
      );
      expectGolden(out.klLoss, c.klLoss);
      expectGolden(out.dualLoss, c.dualLoss);
    });
  });

  it.each([[1.0], [0.5]])('vmpoComputeWeightsAndTemperatureLoss, topKFraction %d', (frac) => {
    const want = c.vmpo[frac === 1 ? '1.0' : '0.5'] as Case;
    tf.tidy(() => {
      const out = vmpoComputeWeightsAndTemperatureLoss(
        f(c.advantages), f(c.restartingWeights), f(c.importanceWeights), { alpha: tf.scalar(0.8), epsilon: 0.05 }, proj, frac,
      );
      expectGolden(out.temperatureLoss, want.temperatureLoss);
      expectGolden(out.weights, want.weights);
      expectGolden(out.numSamples, want.numSamples);
    });
  });
});

describe('functions that predate issue 15, against rlax', () => {
  const c = load('legacy')[0] as Case;
  it('tdLearning, qLearning, doubleQLearning, sarsa, expectedSarsa (batched)', () => {
    expectGolden(tdLearning(f(c.vTm1), f(c.rT), f(c.discountT), f(c.vT)), c.tdLearning);
    expectGolden(qLearning(f(c.qTm1), i(c.aTm1), f(c.rT), f(c.discountT), f(c.qT)), c.qLearning);
    expectGolden(doubleQLearning(f(c.qTm1), i(c.aTm1), f(c.rT), f(c.discountT), f(c.qT), f(c.qTSelector)), c.doubleQLearning);
    expectGolden(sarsa(f(c.qTm1), i(c.aTm1), f(c.rT), f(c.discountT), f(c.qT), i(c.aT)), c.sarsa);
    expectGolden(expectedSarsa(f(c.qTm1), i(c.aTm1), f(c.rT), f(c.discountT), f(c.qT), f(c.probsAT)), c.expectedSarsa);
  });

  it('tdLambda, lambdaReturns, nStepBootstrappedReturns, discountedReturns, GAE (sequences)', () => {
    expectGolden(tdLambda(f(c.seqVTm1), f(c.seqR), f(c.seqD), f(c.seqV), 0.7), c.tdLambda);
    expectGolden(lambdaReturns(f(c.seqR), f(c.seqD), f(c.seqV), 0.7), c.lambdaReturns);
    expectGolden(nStepBootstrappedReturns(f(c.seqR), f(c.seqD), f(c.seqV), 3, 0.8), c.nStep3);
    expectGolden(discountedReturns(f(c.seqR), f(c.seqD), f(c.seqV)), c.discountedReturns);
    expectGolden(truncatedGeneralizedAdvantageEstimation(f(c.seqR), f(c.seqD), 0.9, f(c.values)), c.gae);
  });

  it('categoricalL2Project, categoricalQLearning, categoricalDoubleQLearning, klDivergence, categoricalCrossEntropy', () => {
    expectGolden(categoricalL2Project(f(c.zP), f(c.projProbs), f(c.atoms)), c.categoricalL2Project);
    expectGolden(
      categoricalQLearning(f(c.atoms), f(c.qLogitsTm1), i(c.aTm1), f(c.rT), f(c.discountT), f(c.atoms), f(c.qLogitsT)),
      c.categoricalQLearning,
    );
    expectGolden(
      categoricalDoubleQLearning(
        f(c.atoms), f(c.qLogitsTm1), i(c.aTm1), f(c.rT), f(c.discountT), f(c.atoms), f(c.qLogitsT), f(c.qTSelector),
      ),
      c.categoricalDoubleQLearning,
    );
    expectGolden(klDivergence(f(c.pLogits), f(c.qLogits)), c.categoricalKl);
    expectGolden(categoricalCrossEntropy(f(c.probsAT), f(c.qLogits)), c.categoricalCrossEntropy);
  });

  it('policyGradientLoss, entropyLoss, clippedSurrogatePgLoss', () => {
    expectGolden(policyGradientLoss(f(c.logits), i(c.actions), f(c.adv), f(c.w)), c.policyGradientLoss);
    expectGolden(entropyLoss(f(c.logits), f(c.w)), c.entropyLoss);
    expectGolden(clippedSurrogatePgLoss(f(c.ratios), f(c.adv), 0.2), c.clippedSurrogatePgLoss);
  });
});
