/**
 * Distributional network constructors for classic control: ports `fc_relu_dist_q` and
 * `fc_relu_rainbow` of ALL's presets/classic_control/models. Both map flat observations to
 * logits [B, actions * atoms] (action-major), the layout QDist reads.
 *
 * Deliberate differences: sizes are hyperparameters (`hidden`, `atoms`, `sigma`) instead of
 * constructor functions, so a saved preset can always rebuild its networks; the noisy layers draw
 * their initial means and every noise sample from the preset's seeded generator.
 */
import type { Random } from '../../lib/core/random';
import { CategoricalDueling } from '../../lib/nn/categorical_dueling';
import { Flatten, Linear, Sequential, linear0 } from '../../lib/nn/module';
import { LinearRelu } from '../../lib/nn/linear_relu';
import { NoisyFactorizedLinear } from '../../lib/nn/noisy';
import { registerSizedModel } from '../models/registry';
import type { EnvSpec } from '../preset';
import { actionCount, observationSize } from './models';

/**
 * C51 network (ALL's fc_relu_dist_q): Flatten, Linear(obs, hidden), ReLU,
 * Linear0(hidden, actions * atoms), so every action starts with a uniform distribution.
 * @param env environment spec (flat Box observations, Discrete actions)
 * @param hidden width of the hidden layer (units)
 * @param atoms atoms per return distribution
 * @param rng seeded generator for the first layer's initial weights
 * @param preset preset id, for the error on a continuous action space
 */
export function fcReluDistQ(env: EnvSpec, hidden: number, atoms: number, rng: Random, preset: string): Sequential {
  return new Sequential([
    new Flatten(),
    new LinearRelu(new Linear(observationSize(env), hidden, rng)), // Linear + ReLU fused (lib/nn/linear_relu.ts)
    linear0(hidden, actionCount(env, preset) * atoms),
  ]);
}

/**
 * Rainbow network (ALL's fc_relu_rainbow; Hessel et al. 2018, https://arxiv.org/abs/1710.02298):
 * Flatten, Linear(obs, hidden), ReLU, then a CategoricalDueling head of two factorized noisy
 * layers: value NoisyFactorizedLinear(hidden, atoms) and advantage
 * NoisyFactorizedLinear(hidden, actions * atoms) whose means start at zero (initScale 0).
 * @param env environment spec (flat Box observations, Discrete actions)
 * @param hidden width of the hidden layer (units)
 * @param atoms atoms per return distribution
 * @param sigma initial noise scale of the noisy layers (divided by sqrt(hidden), as ALL)
 * @param rng seeded generator for the initial weights and the noise
 * @param preset preset id, for the error on a continuous action space
 */
export function fcReluRainbow(env: EnvSpec, hidden: number, atoms: number, sigma: number, rng: Random, preset: string): Sequential {
  const actions = actionCount(env, preset);
  return new Sequential([
    new Flatten(),
    new LinearRelu(new Linear(observationSize(env), hidden, rng)), // Linear + ReLU fused (lib/nn/linear_relu.ts)
    new CategoricalDueling(
      new NoisyFactorizedLinear(hidden, atoms, rng, { sigmaInit: sigma }),
      new NoisyFactorizedLinear(hidden, actions * atoms, rng, { sigmaInit: sigma, initScale: 0 }),
      atoms,
    ),
  ]);
}

/** `fc_relu_dist_q` (kind `dist_q`): fcReluDistQ, reading `hidden` and `atoms`. */
export const FC_RELU_DIST_Q = registerSizedModel(
  'fc_relu_dist_q', 'dist_q',
  "Flatten, Linear(obs, hidden), ReLU, Linear0(hidden, actions * atoms) (ALL's fc_relu_dist_q)",
  ['hidden', 'atoms'],
  (env, [hidden, atoms], rng, preset) => fcReluDistQ(env, hidden!, atoms!, rng, preset),
);

/** `fc_relu_rainbow` (kind `dist_q`): fcReluRainbow, reading `hidden`, `atoms` and `sigma`. */
export const FC_RELU_RAINBOW = registerSizedModel(
  'fc_relu_rainbow', 'dist_q',
  "Flatten, Linear(obs, hidden), ReLU, categorical dueling head of noisy layers (ALL's fc_relu_rainbow)",
  ['hidden', 'atoms', 'sigma'],
  (env, [hidden, atoms, sigma], rng, preset) => fcReluRainbow(env, hidden!, atoms!, sigma!, rng, preset),
);
