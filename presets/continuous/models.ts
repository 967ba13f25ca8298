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
import { Flatten, Linear, linear0, Sequential } from '../../lib/nn/module';
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
