/**
 * mpoLoss, vmpoLoss and their parts (klConstraintLoss, klAlphaLoss, getTopKWeights) against the
 * real rlax 0.1.9 (fixtures/rlax_mpo_loss.json and rlax_mpo_parts.json, written by
 * scripts/rlax/export_fixtures.py), values and the gradients of sum(loss) with respect to every
 * input (rlax's jax.grad), with and without rlax's stop-gradients; then rlax's properties (axis
 * order does not matter, MPO is per example), argument errors and a leak check.
 * Tolerance: float32 (absolute 1e-4 plus relative 1e-5).
 */
import { tf } from '../../lib/tf';
import type { Tensor } from '../../lib/tf';
import { ConfigError, ShapeError } from '../../lib/core/errors';
import {
  clipProjection,
  decoupledMultivariateNormalKlDivergence,
  getTopKWeights,
  klAlphaLoss,
  klConstraintLoss,
  mpoComputeWeightsAndTemperatureLoss,
  mpoLoss,
  vmpoComputeWeightsAndTemperatureLoss,
  vmpoLoss,
} from '../../lib/functional';
import type { LagrangePenalty, MpoLossResult, ProjectionOperator, VmpoLossResult } from '../../lib/functional';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectGolden, f, loadRlaxCases, type Case, type Nested } from '../helpers/rlax_fixtures';

const load = (name: string): Case[] => loadRlaxCases(name, /^rlax 0\.1\.9/);

const softplus: ProjectionOperator = (x) => tf.tidy(() => tf.add(tf.softplus(x), 1e-8));
const projectionOf = (c: Case): ProjectionOperator => (c.projection === 'clip' ? clipProjection : softplus);
const weightsOf = (c: Case) => ({
  policyLossWeight: c.weights[0] as number,
  temperatureLossWeight: c.weights[1] as number,
  klLossWeight: c.weights[2] as number,
  alphaLossWeight: c.weights[3] as number,
});

const mpoCases = load('mpo_loss').filter((c) => 'sampleQValues' in c);
const vmpoCases = load('mpo_loss').filter((c) => 'advantages' in c);
const parts = load('mpo_parts')[0] as Case;

const MPO_INPUTS = ['sampleLogProbs', 'sampleQValues', 'temperatureAlpha', 'kl1', 'alpha1', 'kl2', 'alpha2'] as const;

function runMpo(c: Case, x: Record<string, Tensor>): MpoLossResult {
  return mpoLoss(
    x.sampleLogProbs as Tensor,
    x.sampleQValues as Tensor,
    { alpha: x.temperatureAlpha as Tensor, epsilon: c.temperatureEpsilon },
    [
      [x.kl1 as Tensor, { alpha: x.alpha1 as Tensor, epsilon: c.epsilon1 }],
      [x.kl2 as Tensor, { alpha: x.alpha2 as Tensor, epsilon: c.epsilon2, perDimension: true }],
    ],
    { ...weightsOf(c), projectionOperator: projectionOf(c), sampleAxis: c.sampleAxis, useStopGradient: c.useStopGradient },
  );
}

function vmpoInputs(c: Case): string[] {
  const names = ['sampleLogProbs', 'advantages', 'temperatureAlpha', 'kl1', 'alpha1', 'kl2', 'alpha2'];
  return 'restartingWeights' in c ? [...names, 'restartingWeights', 'importanceWeights'] : names;
}

function runVmpo(c: Case, x: Record<string, Tensor>): VmpoLossResult {
  return vmpoLoss(
    x.sampleLogProbs as Tensor,
    x.advantages as Tensor,
    { alpha: x.temperatureAlpha as Tensor, epsilon: c.temperatureEpsilon },
    [
      [x.kl1 as Tensor, { alpha: x.alpha1 as Tensor, epsilon: c.epsilon1 }],
      [x.kl2 as Tensor, { alpha: x.alpha2 as Tensor, epsilon: c.epsilon2, perDimension: true }],
    ],
    {
      ...weightsOf(c),
      projectionOperator: projectionOf(c),
      topKFraction: c.topKFraction,
      useStopGradient: c.useStopGradient,
      restartingWeights: x.restartingWeights,
      importanceWeights: x.importanceWeights,
    },
  );
}

function expectOutputs(out: MpoLossResult | VmpoLossResult, c: Case): void {
  expectGolden(out.loss, c.loss, 'loss');
  expectGolden(out.temperatureLoss, c.temperatureLoss, 'temperatureLoss');
  expectGolden(out.policyLoss, c.policyLoss, 'policyLoss');
  expectGolden(out.klLoss, c.klLoss, 'klLoss');
  expectGolden(out.alphaLoss, c.alphaLoss, 'alphaLoss');
  expectGolden(out.normalizedWeights, c.normalizedWeights, 'normalizedWeights');
  if (typeof out.numSamples === 'number') expect(out.numSamples).toBe(c.numSamples);
  else expectGolden(out.numSamples, c.numSamples, 'numSamples');
}

/** Gradients of sum(loss) with respect to every named input, compared with rlax's jax.grad. */
function expectGrads(c: Case, names: readonly string[], run: (x: Record<string, Tensor>) => Tensor): void {
  const xs = names.map((n) => f(c[n]));
  const grads = tf.grads((...args: Tensor[]) => {
    const x: Record<string, Tensor> = {};
    names.forEach((n, k) => (x[n] = args[k] as Tensor));
    return tf.sum(run(x));
  })(xs);
  names.forEach((n, k) => expectGolden(grads[k] as Tensor, c.grads[n], `d loss / d ${n}`));
}

describe('mpoLoss against rlax', () => {
  it.each(mpoCases.map((c) => [c.name as string, c] as const))('%s: loss, components, weights', (_n, c) => {
    tf.tidy(() => {
      const x = Object.fromEntries(MPO_INPUTS.map((n) => [n, f(c[n])]));
      expectOutputs(runMpo(c, x), c);
    });
  });

  it.each(mpoCases.map((c) => [c.name as string, c] as const))('%s: gradients of sum(loss) for every input', (_n, c) => {
    tf.tidy(() => expectGrads(c, MPO_INPUTS, (x) => runMpo(c, x).loss));
  });

  it('with stop gradients the policy loss gives no gradient to the Q values and the dual none to the KL', () => {
    const c = mpoCases[0] as Case;
    tf.tidy(() => {
      const [gq, gkl] = tf.grads((q: Tensor, kl: Tensor) => {
        const x = { ...Object.fromEntries(MPO_INPUTS.map((n) => [n, f(c[n])])), sampleQValues: q, kl1: kl };
        const o = runMpo(c, x);
        return tf.add(tf.sum(o.policyLoss), tf.sum(o.alphaLoss));
      })([f(c.sampleQValues), f(c.kl1)]);
      expect(Array.from((gq as Tensor).dataSync()).every((v) => v === 0)).toBe(true);
      expect(Array.from((gkl as Tensor).dataSync()).every((v) => v === 0)).toBe(true);
    });
  });

  it('is per example: each state of [S, T, B] alone gives the same loss (batched equals per-example)', () => {
    const c = mpoCases[0] as Case;
    tf.tidy(() => {
      const x = Object.fromEntries(MPO_INPUTS.map((n) => [n, f(c[n])]));
      const batched = runMpo(c, x).loss.arraySync() as number[][];
      const [, t, b] = (x.sampleQValues as Tensor).shape as number[];
      for (let i = 0; i < (t as number); i++) {
        for (let j = 0; j < (b as number); j++) {
          const one = {
            ...x,
            sampleLogProbs: tf.slice(x.sampleLogProbs as Tensor, [0, i, j], [-1, 1, 1]).reshape([-1]),
            sampleQValues: tf.slice(x.sampleQValues as Tensor, [0, i, j], [-1, 1, 1]).reshape([-1]),
            kl1: tf.scalar(c.kl1[i][j]),
            alpha1: tf.scalar(c.alpha1[i][j]),
            kl2: f(c.kl2[i][j]),
          };
          const loss = runMpo(c, one).loss;
          expect(loss.shape).toEqual([]);
          expect(loss.dataSync()[0]).toBeCloseTo((batched[i] as number[])[j] as number, 5);
        }
      }
    });
  });

  it('the sample axis may be anywhere: [S, T, B] at axis 0 equals [T, B, S] at axis 2 and at -1', () => {
    const c = mpoCases[0] as Case;
    tf.tidy(() => {
      const x = Object.fromEntries(MPO_INPUTS.map((n) => [n, f(c[n])]));
      const want = runMpo(c, x).loss;
      const moved = { ...x, sampleLogProbs: tf.transpose(x.sampleLogProbs as Tensor, [1, 2, 0]), sampleQValues: tf.transpose(x.sampleQValues as Tensor, [1, 2, 0]) };
      for (const sampleAxis of [2, -1]) {
        const got = runMpo({ ...c, sampleAxis }, moved);
        expectGolden(got.loss, want.arraySync() as Nested, `axis ${sampleAxis}`, 1e-6, 1e-6);
        expectGolden(got.normalizedWeights, tf.transpose(runMpo(c, x).normalizedWeights, [1, 2, 0]).arraySync() as Nested);
      }
    });
  });

  it('matches its own E-step and KL parts, and an empty constraint list gives zero KL and dual losses', () => {
    const c = mpoCases[0] as Case;
    tf.tidy(() => {
      const temperature: LagrangePenalty = { alpha: tf.scalar(c.temperatureAlpha), epsilon: c.temperatureEpsilon };
      const out = mpoLoss(f(c.sampleLogProbs), f(c.sampleQValues), temperature, []);
      expectGolden(out.klLoss, [[0, 0], [0, 0], [0, 0]]);
      expectGolden(out.alphaLoss, [[0, 0], [0, 0], [0, 0]]);
      const e = mpoComputeWeightsAndTemperatureLoss(f(c.sampleQValues), temperature, clipProjection);
      const want = tf.add(e.temperatureLoss, tf.neg(tf.sum(tf.mul(e.weights, f(c.sampleLogProbs)), 0)));
      expectGolden(out.loss, want.arraySync() as Nested, 'default weights', 1e-6, 1e-6);
    });
  });
});

describe('vmpoLoss against rlax', () => {
  it.each(vmpoCases.map((c) => [c.name as string, c] as const))('%s: loss, components, weights', (_n, c) => {
    tf.tidy(() => {
      const x = Object.fromEntries(vmpoInputs(c).map((n) => [n, f(c[n])]));
      expectOutputs(runVmpo(c, x), c);
    });
  });

  it.each(vmpoCases.map((c) => [c.name as string, c] as const))('%s: gradients of sum(loss) for every input', (_n, c) => {
    tf.tidy(() => expectGrads(c, vmpoInputs(c), (x) => runVmpo(c, x).loss));
  });

  it('axis order does not matter: [T, B] transposed to [B, T] gives the transposed loss (rlax test)', () => {
    for (const c of vmpoCases) {
      tf.tidy(() => {
        const x = Object.fromEntries(vmpoInputs(c).map((n) => [n, f(c[n])]));
        const tx = Object.fromEntries(
          Object.entries(x).map(([n, t]) => [n, t.rank === 2 ? tf.transpose(t) : t.rank === 3 ? tf.transpose(t, [1, 0, 2]) : t]),
        );
        const a = runVmpo(c, x);
        const b = runVmpo(c, tx);
        expectGolden(b.loss, tf.transpose(a.loss).arraySync() as Nested, 'transposed loss', 1e-5, 1e-5);
        expectGolden(b.numSamples, c.numSamples);
        expectGolden(b.temperatureLoss, c.temperatureLoss);
      });
    }
  });

  it('equals its E-step plus the weighted policy term (default options: top half, clip projection)', () => {
    const c = vmpoCases[1] as Case;
    tf.tidy(() => {
      const temperature: LagrangePenalty = { alpha: tf.scalar(c.temperatureAlpha), epsilon: c.temperatureEpsilon };
      const out = vmpoLoss(f(c.sampleLogProbs), f(c.advantages), temperature, []);
      const ones = tf.onesLike(f(c.advantages));
      const e = vmpoComputeWeightsAndTemperatureLoss(f(c.advantages), ones, ones, temperature, clipProjection, 0.5);
      const n = ones.size;
      const want = tf.add(e.temperatureLoss, tf.mul(tf.neg(tf.mul(f(c.sampleLogProbs), e.weights)), n));
      expectGolden(out.loss, want.arraySync() as Nested, 'default options', 1e-6, 1e-6);
      expect(out.numSamples.dataSync()[0]).toBeCloseTo(Math.floor(0.5 * n), 5);
    });
  });
});

describe('MPO parts against rlax', () => {
  it.each([['1.0', 1], ['0.5', 0.5], ['0.25', 0.25], ['0.1', 0.1]] as const)(
    'getTopKWeights, fraction %s (ties at the k-th value all kept, restarts left out)',
    (key, frac) => {
      tf.tidy(() => expectGolden(getTopKWeights(frac, f(parts.restartingWeights), f(parts.scaledAdvantages)), parts.topK[key]));
    },
  );

  it.each(['scalar stop', 'scalar noStop', 'perDimension stop', 'perDimension noStop'])('klConstraintLoss, %s: values and gradients', (key) => {
    const want = parts.klConstraintLoss[key] as Case;
    const per = key.startsWith('perDimension');
    const stop = key.endsWith(' stop');
    const kl = per ? parts.klPerDim : parts.kl;
    const alpha = per ? parts.klPerDimAlpha : parts.klAlpha;
    const eps = per ? 0.01 : 0.05;
    tf.tidy(() => {
      const run = (k: Tensor, a: Tensor) => klConstraintLoss(k, { alpha: a, epsilon: eps, perDimension: per }, softplus, stop);
      const out = run(f(kl), f(alpha));
      expectGolden(out.klLoss, want.klLoss, 'klLoss');
      expectGolden(out.alphaLoss, want.alphaLoss, 'alphaLoss');
      expectGolden(out.alpha, want.alpha, 'alpha');
      const [gk, ga] = tf.grads((k: Tensor, a: Tensor) => tf.sum(run(k, a).klLoss))([f(kl), f(alpha)]);
      expectGolden(gk as Tensor, want.klLossGradKl, 'd klLoss / d kl');
      expectGolden(ga as Tensor, want.klLossGradAlpha, 'd klLoss / d alpha');
      const [gk2, ga2] = tf.grads((k: Tensor, a: Tensor) => tf.sum(run(k, a).alphaLoss))([f(kl), f(alpha)]);
      expectGolden(gk2 as Tensor, want.alphaLossGradKl, 'd alphaLoss / d kl');
      expectGolden(ga2 as Tensor, want.alphaLossGradAlpha, 'd alphaLoss / d alpha');
    });
  });

  it('klAlphaLoss: restart-masked means over the examples, no projection', () => {
    tf.tidy(() => {
      const out = klAlphaLoss(f(parts.restartingWeights), [
        [f(parts.kl), { alpha: f(parts.positiveAlpha), epsilon: 0.05 }],
        [f(parts.klPerDim), { alpha: f(parts.positiveAlphaPerDim), epsilon: 0.01, perDimension: true }],
      ]);
      expectGolden(out.klLoss, parts.klAlphaLoss.klLoss);
      expectGolden(out.alphaLoss, parts.klAlphaLoss.alphaLoss);
      const none = klAlphaLoss(f(parts.restartingWeights));
      expectGolden(none.klLoss, 0);
      expectGolden(none.alphaLoss, 0);
    });
  });
});

describe("decoupledMultivariateNormalKlDivergence against rlax's MPO test helper", () => {
  const cases = load('mpo_decoupled_kl');
  it.each(cases.map((c) => [`${c.name as string}, per dimension ${String(c.perDimension)}`, c] as const))(
    '%s: mean and covariance parts, gradients for the online mean and sigma (variance clipped at 1e-6)',
    (_n, c) => {
      tf.tidy(() => {
        const run = (mu1: Tensor, sigma1: Tensor) =>
          decoupledMultivariateNormalKlDivergence(f(c.mu0), f(c.sigma0), mu1, sigma1, c.perDimension);
        const out = run(f(c.mu1), f(c.sigma1));
        expectGolden(out.klMean, c.klMean, 'klMean');
        expectGolden(out.klCovariance, c.klCovariance, 'klCovariance');
        const [gm, gs] = tf.grads((m: Tensor, s: Tensor) => {
          const o = run(m, s);
          return tf.add(tf.sum(o.klMean), tf.mul(2, tf.sum(o.klCovariance)));
        })([f(c.mu1), f(c.sigma1)]);
        expectGolden(gm as Tensor, c.gradMu1, 'd/d mu1');
        expectGolden(gs as Tensor, c.gradSigma1, 'd/d sigma1');
      });
    },
  );

  it('the two parts add up to the full Gaussian KL, and bad shapes are named', () => {
    const c = cases[0] as Case;
    tf.tidy(() => {
      const sigma1 = tf.add(f(c.sigma1), 0.5); // all variances above the clip floor
      const o = decoupledMultivariateNormalKlDivergence(f(c.mu0), f(c.sigma0), f(c.mu1), sigma1);
      const v0 = tf.square(f(c.sigma0));
      const v1 = tf.square(sigma1);
      const full = tf.sum(tf.mul(0.5, tf.add(tf.sub(tf.div(tf.add(v0, tf.square(tf.sub(f(c.mu0), f(c.mu1)))), v1), 1), tf.log(tf.div(v1, v0)))), -1);
      expectGolden(tf.add(o.klMean, o.klCovariance), full.arraySync() as Nested, 'sum', 1e-5, 1e-5);
      expect(() => decoupledMultivariateNormalKlDivergence(f(c.mu0), f(c.sigma0), tf.ones([4, 2]), sigma1)).toThrow(ShapeError);
      expect(() => decoupledMultivariateNormalKlDivergence(f(c.mu0), tf.ones([2]), f(c.mu1), sigma1)).toThrow(/sigma0 has shape \[2\]/);
    });
  });
});

describe('MPO argument checks and tensor hygiene', () => {
  const c = mpoCases[0] as Case;
  const v = vmpoCases[0] as Case;
  const temp = (): LagrangePenalty => ({ alpha: tf.scalar(0.5), epsilon: 0.1 });

  it('names the argument and the fix for bad shapes, dtypes, axes and fractions', () => {
    tf.tidy(() => {
      const lp = f(c.sampleLogProbs);
      const q = f(c.sampleQValues);
      expect(() => mpoLoss(lp, tf.transpose(q, [1, 0, 2]), temp(), [])).toThrow(ShapeError);
      expect(() => mpoLoss(tf.cast(lp, 'int32'), q, temp(), [])).toThrow(/sampleLogProbs must be float32/);
      expect(() => mpoLoss(lp, q, temp(), [], { sampleAxis: 3 })).toThrow(ConfigError);
      expect(() => mpoLoss(lp, q, temp(), [], { sampleAxis: 1.5 })).toThrow(ConfigError);
      expect(() => mpoLoss(lp, q, temp(), [[f(c.kl2), { alpha: tf.scalar(1), epsilon: 0.1 }]])).toThrow(
        /klConstraints\[0\] kl has shape \[3, 2, 2\] but must be the example shape \[3, 2\]/,
      );
      expect(() => mpoLoss(lp, q, temp(), [[f(c.kl1), { alpha: tf.scalar(1), epsilon: 0.1, perDimension: true }]])).toThrow(
        /plus an action axis/,
      );
      expect(() => mpoLoss(lp, q, temp(), [[f(c.kl1), { alpha: tf.ones([4, 3, 2]), epsilon: 0.1 }]])).toThrow(
        /KL loss has shape \[4, 3, 2\], not the example shape \[3, 2\]/,
      );
      expect(() => mpoLoss(lp, q, { alpha: tf.scalar(1, 'int32'), epsilon: 0.1 }, [])).toThrow(ShapeError);
      expect(() => mpoLoss(lp, q, { alpha: tf.ones([4]), epsilon: 0.1 }, [])).toThrow(/does not broadcast to the example shape \[3, 2\]/);
      expect(() => vmpoLoss(f(v.sampleLogProbs), f(v.advantages), { alpha: tf.ones([2]), epsilon: 0.1 }, [])).toThrow(ShapeError);
      expect(() => mpoLoss(lp, q, { alpha: tf.scalar(1), epsilon: Number.NaN }, [])).toThrow(ConfigError);
      expect(() => mpoLoss(lp, q, temp(), [], { klLossWeight: Number.NaN })).toThrow(ConfigError);
      const adv = f(v.advantages);
      const vlp = f(v.sampleLogProbs);
      expect(() => vmpoLoss(vlp, tf.transpose(adv), temp(), [])).toThrow(ShapeError);
      expect(() => vmpoLoss(vlp, adv, temp(), [], { restartingWeights: tf.ones([3]) })).toThrow(/restartingWeights has shape \[3\]/);
      expect(() => vmpoLoss(vlp, adv, temp(), [], { topKFraction: 0 })).toThrow(ConfigError);
      expect(() => vmpoLoss(vlp, adv, temp(), [], { topKFraction: 1.5 })).toThrow(ConfigError);
      expect(() => vmpoLoss(vlp, adv, temp(), [], { topKFraction: 0.05 })).toThrow(/keeps none/);
      expect(() => getTopKWeights(0.01, tf.ones([3, 2]), tf.ones([3, 2]))).toThrow(ConfigError); // rlax's test_top_k_fraction_too_low
      expect(() => klConstraintLoss(tf.scalar(0.1), { alpha: tf.scalar(1), epsilon: 0.1, perDimension: true }, softplus)).toThrow(
        ConfigError,
      );
      expect(() => klAlphaLoss(tf.ones([3]), [[tf.ones([4]), { alpha: tf.scalar(1), epsilon: 0.1 }]])).toThrow(ShapeError);
    });
  });

  it('leaks no tensor (losses, gradients, errors)', () => {
    const mx = Object.fromEntries(MPO_INPUTS.map((n) => [n, f(c[n])]));
    const vx = Object.fromEntries(vmpoInputs(v).map((n) => [n, f(v[n])]));
    const tempAlpha: LagrangePenalty = { alpha: tf.scalar(0.5), epsilon: 0.1 };
    const bigAlpha = tf.ones([4, 3, 2]);
    const body = (): void => {
      tf.dispose(Object.values(runMpo(c, mx)));
      tf.dispose(Object.values(runVmpo(v, vx)));
      tf.dispose(tf.grads((q: Tensor, a: Tensor) => tf.sum(runMpo(c, { ...mx, sampleQValues: q, temperatureAlpha: a }).loss))([
        mx.sampleQValues as Tensor,
        mx.temperatureAlpha as Tensor,
      ]));
      tf.dispose(tf.grads((adv: Tensor, a: Tensor) => tf.sum(runVmpo(v, { ...vx, advantages: adv, temperatureAlpha: a }).loss))([
        vx.advantages as Tensor,
        vx.temperatureAlpha as Tensor,
      ]));
      tf.dispose(Object.values(klAlphaLoss(vx.restartingWeights as Tensor, [[vx.kl1 as Tensor, { alpha: vx.alpha1 as Tensor, epsilon: 0.1 }]])));
      tf.dispose(getTopKWeights(0.5, vx.restartingWeights as Tensor, vx.advantages as Tensor));
      expect(() => vmpoLoss(vx.sampleLogProbs as Tensor, vx.advantages as Tensor, tempAlpha, [], { topKFraction: 0.01 })).toThrow();
      // A shape error found inside the computation (an alpha that broadcasts the KL loss past E*).
      expect(() =>
        runMpo(c, { ...mx, alpha1: bigAlpha }),
      ).toThrow(/KL loss has shape \[4, 3, 2\]/);
    };
    expectNoTensorLeak(body, body);
    tf.dispose([...Object.values(mx), ...Object.values(vx), tempAlpha.alpha, bigAlpha]);
  });
});
