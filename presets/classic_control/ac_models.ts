/**
 * Actor-critic network constructors for classic control: a shared ReLU feature layer plus a value
 * head and a softmax-policy head (ALL's presets/classic_control/models: fc_relu_features,
 * fc_value_head, fc_policy_head). Used by the vac, vpg, a2c and ppo presets.
 *
 * Differences from ALL: sizes are integer hyperparameters (`hidden`) instead of constructor
 * functions, so a saved preset can always rebuild its networks; the heads take the feature width
 * explicitly instead of assuming ALL's default of 64.
 */
import type { Random } from '../../lib/core/random';
import { ConfigError } from '../../lib/core/errors';
import { Flatten, Linear, Sequential, linear0 } from '../../lib/nn/module';
import { LinearRelu } from '../../lib/nn/linear_relu';
import { registerSizedModel } from '../models/registry';
import type { EnvSpec } from '../preset';
import { actionCount, observationSize } from './models';

function checkHidden(hidden: number, what: string): void {
  if (!Number.isInteger(hidden) || hidden < 1) {
    throw new ConfigError(`${what} received hidden=${hidden}; expected a positive integer layer width (e.g. 64)`);
  }
}

/**
 * Shared feature layer: Flatten, Linear(obs, hidden), ReLU (ALL's fc_relu_features).
 * @param env environment spec (flat Box observations)
 * @param hidden feature width (ALL's default 64)
 * @param rng seeded Random for the torch-style uniform initialization
 */
export function fcReluFeatures(env: EnvSpec, hidden: number, rng: Random): Sequential {
  checkHidden(hidden, 'fcReluFeatures');
  return new Sequential([new Flatten(), new LinearRelu(new Linear(observationSize(env), hidden, rng))]); // Linear + ReLU fused (lib/nn/linear_relu.ts)
}

/**
 * State-value head: Linear0(hidden, 1), weights and bias start at zero (ALL's fc_value_head).
 * @param hidden width of the features it reads
 */
export function fcValueHead(hidden: number): Sequential {
  checkHidden(hidden, 'fcValueHead');
  return new Sequential([linear0(hidden, 1)]);
}

/**
 * Policy head producing one logit per discrete action: Linear0(hidden, actions), so the initial
 * policy is uniform (ALL's fc_policy_head).
 * @param env environment spec (must have a discrete action space)
 * @param hidden width of the features it reads
 * @param preset preset name for the error message on a continuous action space
 */
export function fcPolicyHead(env: EnvSpec, hidden: number, preset: string): Sequential {
  checkHidden(hidden, 'fcPolicyHead');
  return new Sequential([linear0(hidden, actionCount(env, preset))]);
}

/** `fc_relu_features` (kind `features`): fcReluFeatures, reading `hidden`. */
export const FC_RELU_FEATURES = registerSizedModel(
  'fc_relu_features', 'features', "Flatten, Linear(obs, hidden), ReLU (ALL's fc_relu_features)", ['hidden'],
  (env, [hidden], rng) => fcReluFeatures(env, hidden!, rng),
);

/** `fc_value_head` (kind `v_head`): fcValueHead, reading `hidden`. */
export const FC_VALUE_HEAD = registerSizedModel(
  'fc_value_head', 'v_head', "Linear0(hidden, 1) (ALL's fc_value_head)", ['hidden'],
  (_env, [hidden]) => fcValueHead(hidden!),
);

/** `fc_policy_head` (kind `policy_head`): fcPolicyHead, reading `hidden`. */
export const FC_POLICY_HEAD = registerSizedModel(
  'fc_policy_head', 'policy_head', "Linear0(hidden, actions) (ALL's fc_policy_head)", ['hidden'],
  (env, [hidden], _rng, preset) => fcPolicyHead(env, hidden!, preset),
);
