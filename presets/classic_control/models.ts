/**
 * Network constructors for classic control (ALL's presets/classic_control/models): small MLPs on
 * flat observations. Sizes are hyperparameters (`hidden`) instead of constructor functions, so a
 * saved preset can always rebuild its networks.
 */
import type { Random } from '../../lib/core/random';
import { ConfigError } from '../../lib/core/errors';
import { Dueling, Flatten, Linear, Sequential } from '../../lib/nn/module';
import { LinearRelu } from '../../lib/nn/linear_relu';
import { registerSizedModel } from '../models/registry';
import type { EnvSpec } from '../preset';

/** Observation width of a flat Box space. */
export function observationSize(env: EnvSpec): number {
  return env.observationSpace.size;
}

/** Number of discrete actions, or a clear error for a continuous action space. */
export function actionCount(env: EnvSpec, preset: string): number {
  if (env.actionSpace.kind !== 'discrete') {
    throw new ConfigError(
      `Preset "${preset}" needs a discrete action space but ${env.name} has ${env.actionSpace.toString()}; ` +
        'use a continuous preset (e.g. `allts continuous ...`) for this environment',
    );
  }
  return env.actionSpace.n;
}

/**
 * A hidden layer and its ReLU as one fused LinearRelu (lib/nn/linear_relu.ts: the same variables,
 * values and saved weights as Linear then ReLU, in fewer kernels per pass), then a Linear.
 */
export function reluMlp(inputs: number, hidden: number, outputs: number, rng: Random): Sequential {
  return new Sequential([new LinearRelu(new Linear(inputs, hidden, rng)), new Linear(hidden, outputs, rng)]);
}

/** Q network: Flatten, Linear(obs, hidden), ReLU, Linear(hidden, actions) (ALL's fc_relu_q). */
export function fcReluQ(env: EnvSpec, hidden: number, rng: Random, preset: string): Sequential {
  return new Sequential([new Flatten(), reluMlp(observationSize(env), hidden, actionCount(env, preset), rng)]);
}

/** Dueling Q network of two ReLU MLPs, value and advantage (ALL's dueling_fc_relu_q). */
export function duelingFcReluQ(env: EnvSpec, hidden: number, rng: Random, preset: string): Sequential {
  const obs = observationSize(env);
  const actions = actionCount(env, preset);
  const value = reluMlp(obs, hidden, 1, rng);
  const advantage = reluMlp(obs, hidden, actions, rng);
  return new Sequential([new Flatten(), new Dueling(value, advantage)]);
}

/** `fc_relu_q` (kind `q`): fcReluQ, reading `hidden`. */
export const FC_RELU_Q = registerSizedModel(
  'fc_relu_q', 'q', "Flatten, Linear(obs, hidden), ReLU, Linear(hidden, actions) (ALL's fc_relu_q)", ['hidden'],
  (env, [hidden], rng, preset) => fcReluQ(env, hidden!, rng, preset),
);

/** `dueling_fc_relu_q` (kind `q`): duelingFcReluQ, reading `hidden`. */
export const DUELING_FC_RELU_Q = registerSizedModel(
  'dueling_fc_relu_q', 'q', "value and advantage streams, each Linear(obs, hidden), ReLU, Linear (ALL's dueling_fc_relu_q)", ['hidden'],
  (env, [hidden], rng, preset) => duelingFcReluQ(env, hidden!, rng, preset),
);
