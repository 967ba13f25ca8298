/**
 * Networks of the minatar family, after the MinAtar paper's (Young & Tian 2019,
 * https://arxiv.org/abs/1903.03176, section 4): one convolution of `filters` 3x3 filters, stride 1,
 * no padding, ReLU, then a ReLU dense layer of `hidden` units and the head. On MinAtar's 10x10
 * grid that is 16 x 8 x 8 = 1,024 features into 128 units. The heads are the classic presets'
 * (plain, dueling, categorical, noisy categorical dueling; the actor-critic value and policy
 * heads are the classic fc_value_head and fc_policy_head over the `hidden` features).
 *
 * Sizes are hyperparameters (`filters`, `hidden`, `atoms`, `sigma`), so a saved preset rebuilds
 * its networks; weights are drawn from the preset's generator, trunk first.
 */
import { ConfigError } from '../../lib/core/errors';
import type { Random } from '../../lib/core/random';
import { CategoricalDueling } from '../../lib/nn/categorical_dueling';
import { Conv2d, conv2dOutputSize } from '../../lib/nn/conv2d';
import { Dueling, Flatten, Linear, Sequential, linear0, type Module } from '../../lib/nn/module';
import { NoisyFactorizedLinear } from '../../lib/nn/noisy';
import { actionCount, reluMlp } from '../classic_control/models';
import { LinearRelu } from '../../lib/nn/linear_relu';
import { registerSizedModel } from '../models/registry';
import type { EnvSpec } from '../preset';

/** [height, width, channels] of an image observation space, or a clear error. */
export function imageShape(env: EnvSpec, preset: string, family = 'minatar'): [number, number, number] {
  const shape = env.observationSpace.shape;
  if (shape.length !== 3) {
    throw new ConfigError(
      `Preset "${preset}" of the ${family} family needs image observations [height, width, channels], but ${env.name} has ` +
        `observations of shape [${shape.join(', ')}]; use the classic family for flat observations`,
    );
  }
  return shape as [number, number, number];
}

/**
 * The convolutional trunk: Conv2d(channels, filters, 3x3, stride 1, valid), ReLU, Flatten.
 * @returns the trunk and its output width
 */
export function convTrunk(env: EnvSpec, filters: number, rng: Random, preset: string): { trunk: Module[]; width: number } {
  const [h, w, c] = imageShape(env, preset);
  const oh = conv2dOutputSize(h, 3, 1, 'valid');
  const ow = conv2dOutputSize(w, 3, 1, 'valid');
  if (oh < 1 || ow < 1) {
    throw new ConfigError(`Preset "${preset}": a 3x3 convolution needs observations of at least 3x3; ${env.name} has ${h}x${w}`);
  }
  return { trunk: [new Conv2d(c, filters, 3, rng, { activation: 'relu' }), new Flatten()], width: oh * ow * filters };
}

/** Conv trunk, Linear(width, hidden), ReLU, Linear(hidden, actions): MinAtar's DQN network. */
export function convQ(env: EnvSpec, filters: number, hidden: number, rng: Random, preset: string): Sequential {
  const { trunk, width } = convTrunk(env, filters, rng, preset);
  return new Sequential([...trunk, reluMlp(width, hidden, actionCount(env, preset), rng)]);
}

/** Conv trunk, then dueling value and advantage streams, each Linear(width, hidden), ReLU, Linear. */
export function duelingConvQ(env: EnvSpec, filters: number, hidden: number, rng: Random, preset: string): Sequential {
  const { trunk, width } = convTrunk(env, filters, rng, preset);
  const value = reluMlp(width, hidden, 1, rng);
  const advantage = reluMlp(width, hidden, actionCount(env, preset), rng);
  return new Sequential([...trunk, new Dueling(value, advantage)]);
}

/** Conv trunk, Linear(width, hidden), ReLU (the actor-critic presets' shared features). */
export function convFeatures(env: EnvSpec, filters: number, hidden: number, rng: Random, preset: string): Sequential {
  const { trunk, width } = convTrunk(env, filters, rng, preset);
  return new Sequential([...trunk, new LinearRelu(new Linear(width, hidden, rng))]);
}

/** Conv trunk, Linear(width, hidden), ReLU, Linear0(hidden, actions * atoms): C51's network. */
export function convDistQ(env: EnvSpec, filters: number, hidden: number, atoms: number, rng: Random, preset: string): Sequential {
  const features = convFeatures(env, filters, hidden, rng, preset);
  return new Sequential([features, linear0(hidden, actionCount(env, preset) * atoms)]);
}

/** Conv trunk, Linear(width, hidden), ReLU, a categorical dueling head of factorized noisy layers: Rainbow's. */
export function convRainbow(env: EnvSpec, filters: number, hidden: number, atoms: number, sigma: number, rng: Random, preset: string): Sequential {
  const features = convFeatures(env, filters, hidden, rng, preset);
  const actions = actionCount(env, preset);
  return new Sequential([
    features,
    new CategoricalDueling(
      new NoisyFactorizedLinear(hidden, atoms, rng, { sigmaInit: sigma }),
      new NoisyFactorizedLinear(hidden, actions * atoms, rng, { sigmaInit: sigma, initScale: 0 }),
      atoms,
    ),
  ]);
}

const TRUNK = 'Conv2d(channels, filters, 3x3), ReLU, Flatten';

/** `minatar_conv_q` (kind `q`): MinAtar's DQN network. */
export const MINATAR_CONV_Q = registerSizedModel(
  'minatar_conv_q', 'q', `${TRUNK}, Linear(., hidden), ReLU, Linear(hidden, actions) (MinAtar's DQN network)`, ['filters', 'hidden'],
  (env, [filters, hidden], rng, preset) => convQ(env, filters!, hidden!, rng, preset),
);

/** `minatar_dueling_conv_q` (kind `q`): conv trunk with dueling streams. */
export const MINATAR_DUELING_CONV_Q = registerSizedModel(
  'minatar_dueling_conv_q', 'q', `${TRUNK}, dueling value and advantage streams of Linear(., hidden), ReLU, Linear`, ['filters', 'hidden'],
  (env, [filters, hidden], rng, preset) => duelingConvQ(env, filters!, hidden!, rng, preset),
);

/** `minatar_conv_features` (kind `features`): the actor-critic presets' shared features. */
export const MINATAR_CONV_FEATURES = registerSizedModel(
  'minatar_conv_features', 'features', `${TRUNK}, Linear(., hidden), ReLU`, ['filters', 'hidden'],
  (env, [filters, hidden], rng, preset) => convFeatures(env, filters!, hidden!, rng, preset),
);

/** `minatar_conv_dist_q` (kind `dist_q`): C51 on the conv trunk. */
export const MINATAR_CONV_DIST_Q = registerSizedModel(
  'minatar_conv_dist_q', 'dist_q', `${TRUNK}, Linear(., hidden), ReLU, Linear0(hidden, actions * atoms)`, ['filters', 'hidden', 'atoms'],
  (env, [filters, hidden, atoms], rng, preset) => convDistQ(env, filters!, hidden!, atoms!, rng, preset),
);

/** `minatar_conv_rainbow` (kind `dist_q`): Rainbow on the conv trunk. */
export const MINATAR_CONV_RAINBOW = registerSizedModel(
  'minatar_conv_rainbow', 'dist_q', `${TRUNK}, Linear(., hidden), ReLU, categorical dueling head of noisy layers`,
  ['filters', 'hidden', 'atoms', 'sigma'],
  (env, [filters, hidden, atoms, sigma], rng, preset) => convRainbow(env, filters!, hidden!, atoms!, sigma!, rng, preset),
);
