/**
 * Network constructors for continuous control (ALL's presets/continuous/models): 400-300 ReLU
 * MLPs whose output layer starts at zero (ALL's Linear0). Widths are the integer hyperparameters
 * `hidden1` and `hidden2` instead of constructor functions, so a saved preset can always rebuild
 * its networks.
 *
 * Deliberate difference: ALL's continuous models expect a time feature appended to the
 * observation by its experiment scripts; ours take the environment's observation as it is.
 */
import { ConfigError } from '../../lib/core/errors';
import type { Random } from '../../lib/core/random';
import type { Box } from '../../lib/core/spaces';
import { LinearRelu } from '../../lib/nn/linear_relu';
import { Activation, Flatten, Linear, linear0, Sequential } from '../../lib/nn/module';
import { WithLogStd } from '../../lib/policies/gaussian';
import { registerSizedModel } from '../models/registry';
import type { EnvSpec } from '../preset';

/** The Box action space of `env`, or a clear error for a discrete one. */
export function boxActionSpace(env: EnvSpec, preset: string): Box {
  const space = env.actionSpace;
  if (space.kind !== 'box') {
    throw new ConfigError(
      `Preset "${preset}" needs a continuous (Box) action space but ${env.name} has ${space.toString()}; ` +
        'use a classic-control preset (e.g. `allts classic ...`) for this environment',
    );
  }
  return space;
}

/**
 * Flatten, Linear(in, hidden1), ReLU, Linear(hidden1, hidden2), ReLU, Linear0(hidden2, out), each
 * Linear + ReLU pair as one fused LinearRelu (same variables, values and saved weights).
 */
function fcRelu(inputs: number, hidden1: number, hidden2: number, outputs: number, rng: Random): Sequential {
  return new Sequential([
    new Flatten(),
    new LinearRelu(new Linear(inputs, hidden1, rng)),
    new LinearRelu(new Linear(hidden1, hidden2, rng)),
    linear0(hidden2, outputs),
  ]);
}

/**
 * Q(s, a) network on [observation, action] -> [B, 1] (ALL's fc_q).
 * @param hidden1 first hidden width (ALL: 400); @param hidden2 second (ALL: 300)
 */
export function fcQ(env: EnvSpec, hidden1: number, hidden2: number, rng: Random, preset: string): Sequential {
  return fcRelu(env.observationSpace.size + boxActionSpace(env, preset).size, hidden1, hidden2, 1, rng);
}

/** Deterministic policy network: observation -> D pre-tanh values (ALL's fc_deterministic_policy). */
export function fcDeterministicPolicy(env: EnvSpec, hidden1: number, hidden2: number, rng: Random, preset: string): Sequential {
  return fcRelu(env.observationSpace.size, hidden1, hidden2, boxActionSpace(env, preset).size, rng);
}

/** Soft policy network: observation -> D means then D raw log-stds (ALL's fc_soft_policy). */
export function fcSoftPolicy(env: EnvSpec, hidden1: number, hidden2: number, rng: Random, preset: string): Sequential {
  return fcRelu(env.observationSpace.size, hidden1, hidden2, 2 * boxActionSpace(env, preset).size, rng);
}

/**
 * State-value network (ALL's continuous fc_v): Flatten, Linear(obs, hidden1), ReLU,
 * Linear(hidden1, hidden2), ReLU, Linear0(hidden2, 1).
 * @param hidden1 first hidden width (ALL: 400); @param hidden2 second (ALL: 300)
 */
export function fcV(env: EnvSpec, hidden1: number, hidden2: number, rng: Random): Sequential {
  return new Sequential([
    new Flatten(),
    new Linear(env.observationSpace.size, hidden1, rng),
    new Activation('relu'),
    new Linear(hidden1, hidden2, rng),
    new Activation('relu'),
    linear0(hidden2, 1),
  ]);
}

/**
 * Gaussian policy network (ALL's continuous fc_policy): a tanh MLP obs -> hidden1 -> hidden2 -> D
 * means (its last layer initialized like the others, not at zero) and D log-scales held in one
 * zero-initialized variable shared by all states; output [B, 2D]. GaussianPolicy reads the
 * log-scales as log-variances, as ALL's GaussianPolicy does.
 */
export function fcGaussianPolicy(env: EnvSpec, hidden1: number, hidden2: number, rng: Random, preset: string): WithLogStd {
  const dims = boxActionSpace(env, preset).size;
  const mean = new Sequential([
    new Flatten(),
    new Linear(env.observationSpace.size, hidden1, rng),
    new Activation('tanh'),
    new Linear(hidden1, hidden2, rng),
    new Activation('tanh'),
    new Linear(hidden2, dims, rng),
  ]);
  return new WithLogStd(mean, dims);
}

/** The widths every continuous model reads. */
const WIDTHS = ['hidden1', 'hidden2'];

/** `fc_q` (kind `q_continuous`): fcQ. */
export const FC_Q = registerSizedModel(
  'fc_q', 'q_continuous', "[obs, action] -> LinearRelu(hidden1), LinearRelu(hidden2), Linear0(1) (ALL's fc_q)", WIDTHS,
  (env, [h1, h2], rng, preset) => fcQ(env, h1!, h2!, rng, preset),
);

/** `fc_deterministic_policy` (kind `deterministic_policy`): fcDeterministicPolicy. */
export const FC_DETERMINISTIC_POLICY = registerSizedModel(
  'fc_deterministic_policy', 'deterministic_policy',
  "obs -> LinearRelu(hidden1), LinearRelu(hidden2), Linear0(D) (ALL's fc_deterministic_policy)",
  WIDTHS,
  (env, [h1, h2], rng, preset) => fcDeterministicPolicy(env, h1!, h2!, rng, preset),
);

/** `fc_soft_policy` (kind `soft_policy`): fcSoftPolicy. */
export const FC_SOFT_POLICY = registerSizedModel(
  'fc_soft_policy', 'soft_policy', "obs -> LinearRelu(hidden1), LinearRelu(hidden2), Linear0(2D) (ALL's fc_soft_policy)", WIDTHS,
  (env, [h1, h2], rng, preset) => fcSoftPolicy(env, h1!, h2!, rng, preset),
);

/** `fc_v` (kind `v`): fcV. */
export const FC_V = registerSizedModel(
  'fc_v', 'v', "obs -> Linear(hidden1), ReLU, Linear(hidden2), ReLU, Linear0(1) (ALL's continuous fc_v)", WIDTHS,
  (env, [h1, h2], rng) => fcV(env, h1!, h2!, rng),
);

/** `fc_gaussian_policy` (kind `gaussian_policy`): fcGaussianPolicy. */
export const FC_GAUSSIAN_POLICY = registerSizedModel(
  'fc_gaussian_policy', 'gaussian_policy',
  "tanh MLP obs -> hidden1 -> hidden2 -> D means, plus D zero-initialized log-scales (ALL's continuous fc_policy)",
  WIDTHS,
  (env, [h1, h2], rng, preset) => fcGaussianPolicy(env, h1!, h2!, rng, preset),
);
