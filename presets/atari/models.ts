/**
 * The Nature DQN network (Mnih et al. 2015, https://doi.org/10.1038/nature14236) and the heads of
 * ALL's Atari presets (all/presets/atari/models): inputs scaled by 1/255, Conv(frames -> 32, 8x8,
 * stride 4), ReLU, Conv(32 -> 64, 4x4, stride 2), ReLU, Conv(64 -> 64, 3x3, stride 1), ReLU,
 * flatten (7 x 7 x 64 = 3,136 features on 84x84 frames), then per preset: Linear(3136, 512), ReLU,
 * Linear0(512, actions) (dqn); dueling streams of that shape (ddqn, vqn, vsarsa); Linear0(512,
 * actions * atoms) (c51); a categorical dueling head of factorized noisy layers with a hidden
 * layer in each stream (rainbow); Linear(3136, 512), ReLU features with a Linear(512, 1) value
 * head and a Linear0(512, actions) policy head (the actor-critic presets).
 *
 * The input has `frames` times the environment's channels (FrameStack's stacks of 84x84x1 grey
 * frames: 4 channels). Sizes are hyperparameters (`frames`, `hidden`, `atoms`, `sigma`), so saved
 * presets rebuild their networks. Differences from ALL: NHWC layout (tfjs's), so the flattened
 * features are ordered (h, w, c) rather than torch's (c, h, w); the initial weights come from our
 * seeded generator, not torch's.
 */
import { ConfigError } from '../../lib/core/errors';
import type { Random } from '../../lib/core/random';
import { CategoricalDueling } from '../../lib/nn/categorical_dueling';
import { Conv2d, conv2dOutputSize } from '../../lib/nn/conv2d';
import { Activation, Dueling, Flatten, Linear, Sequential, linear0, type Module } from '../../lib/nn/module';
import { LinearRelu } from '../../lib/nn/linear_relu';
import { NoisyFactorizedLinear } from '../../lib/nn/noisy';
import { tf, type Tensor, type Variable } from '../../lib/tf';
import { actionCount } from '../classic_control/models';
import { registerSizedModel } from '../models/registry';
import type { EnvSpec } from '../preset';
import { imageShape } from '../minatar/models';

/** Multiplies its input by a constant (ALL's nn.Scale): the 1/255 that maps pixels to [0, 1]. */
export class Scale implements Module {
  readonly variables: readonly Variable[] = [];
  constructor(readonly factor: number) {}
  apply(x: Tensor): Tensor {
    return tf.mul(x, this.factor);
  }
  clone(): Scale {
    return new Scale(this.factor);
  }
  dispose(): void {}
}

/** The convolutional trunk and its output width, for `frames` stacked frames of `env`'s images. */
export function natureTrunk(env: EnvSpec, frames: number, rng: Random, preset: string): { trunk: Module; width: number } {
  const [h, w, c] = imageShape(env, preset, 'atari');
  let oh = h;
  let ow = w;
  for (const [k, s] of [[8, 4], [4, 2], [3, 1]] as const) {
    oh = conv2dOutputSize(oh, k, s, 'valid');
    ow = conv2dOutputSize(ow, k, s, 'valid');
  }
  if (oh < 1 || ow < 1) throw new ConfigError(`Preset "${preset}": the Nature network needs frames of at least 36x36; ${env.name} has ${h}x${w}`);
  const trunk = new Sequential([
    new Scale(1 / 255),
    new Conv2d(c * frames, 32, 8, rng, { stride: 4, activation: 'relu' }),
    new Conv2d(32, 64, 4, rng, { stride: 2, activation: 'relu' }),
    new Conv2d(64, 64, 3, rng, { stride: 1, activation: 'relu' }),
    new Flatten(),
  ]);
  return { trunk, width: oh * ow * 64 };
}

/** Linear(width, hidden), ReLU (one fused kernel, same variables and values). */
function hiddenLayer(width: number, hidden: number, rng: Random): LinearRelu {
  return new LinearRelu(new Linear(width, hidden, rng));
}

/** Linear(width, hidden), ReLU, Linear0(hidden, out). */
function head(width: number, hidden: number, out: number, rng: Random): Sequential {
  return new Sequential([hiddenLayer(width, hidden, rng), linear0(hidden, out)]);
}

/** ALL's nature_dqn. */
export function natureDqn(env: EnvSpec, frames: number, hidden: number, rng: Random, preset: string): Sequential {
  const { trunk, width } = natureTrunk(env, frames, rng, preset);
  return new Sequential([trunk, head(width, hidden, actionCount(env, preset), rng)]);
}

/** ALL's nature_ddqn: dueling value and advantage streams. */
export function natureDdqn(env: EnvSpec, frames: number, hidden: number, rng: Random, preset: string): Sequential {
  const { trunk, width } = natureTrunk(env, frames, rng, preset);
  const value = head(width, hidden, 1, rng);
  return new Sequential([trunk, new Dueling(value, head(width, hidden, actionCount(env, preset), rng))]);
}

/** ALL's nature_features: the trunk, Linear(3136, hidden), ReLU. */
export function natureFeatures(env: EnvSpec, frames: number, hidden: number, rng: Random, preset: string): Sequential {
  const { trunk, width } = natureTrunk(env, frames, rng, preset);
  return new Sequential([trunk, hiddenLayer(width, hidden, rng)]);
}

/** ALL's nature_c51. */
export function natureC51(env: EnvSpec, frames: number, hidden: number, atoms: number, rng: Random, preset: string): Sequential {
  const { trunk, width } = natureTrunk(env, frames, rng, preset);
  return new Sequential([trunk, head(width, hidden, actionCount(env, preset) * atoms, rng)]);
}

/** ALL's nature_rainbow: noisy dueling streams, each NoisyFactorizedLinear(3136, hidden), ReLU, NoisyFactorizedLinear (init scale 0). */
export function natureRainbow(env: EnvSpec, frames: number, hidden: number, atoms: number, sigma: number, rng: Random, preset: string): Sequential {
  const { trunk, width } = natureTrunk(env, frames, rng, preset);
  const stream = (out: number) =>
    new Sequential([
      new NoisyFactorizedLinear(width, hidden, rng, { sigmaInit: sigma }),
      new Activation('relu'),
      new NoisyFactorizedLinear(hidden, out, rng, { sigmaInit: sigma, initScale: 0 }),
    ]);
  return new Sequential([trunk, new CategoricalDueling(stream(atoms), stream(actionCount(env, preset) * atoms), atoms)]);
}

const TRUNK = 'Scale(1/255), Conv(frames*C, 32, 8x8/4), ReLU, Conv(32, 64, 4x4/2), ReLU, Conv(64, 64, 3x3/1), ReLU, Flatten';

/** `nature_dqn` (kind `q`). */
export const NATURE_DQN = registerSizedModel('nature_dqn', 'q', `${TRUNK}, Linear(., hidden), ReLU, Linear0(hidden, actions) (ALL's nature_dqn)`, ['frames', 'hidden'],
  (env, [frames, hidden], rng, preset) => natureDqn(env, frames!, hidden!, rng, preset));

/** `nature_ddqn` (kind `q`). */
export const NATURE_DDQN = registerSizedModel('nature_ddqn', 'q', `${TRUNK}, dueling streams of Linear(., hidden), ReLU, Linear0 (ALL's nature_ddqn)`, ['frames', 'hidden'],
  (env, [frames, hidden], rng, preset) => natureDdqn(env, frames!, hidden!, rng, preset));

/** `nature_features` (kind `features`). */
export const NATURE_FEATURES = registerSizedModel('nature_features', 'features', `${TRUNK}, Linear(., hidden), ReLU (ALL's nature_features)`, ['frames', 'hidden'],
  (env, [frames, hidden], rng, preset) => natureFeatures(env, frames!, hidden!, rng, preset));

/** `nature_value_head` (kind `v_head`): Linear(hidden, 1), initialised like any Linear (ALL's nature_value_head). */
export const NATURE_VALUE_HEAD = registerSizedModel('nature_value_head', 'v_head', "Linear(hidden, 1) (ALL's nature_value_head)", ['hidden'],
  (_env, [hidden], rng) => new Sequential([new Linear(hidden!, 1, rng)]));

/** `nature_c51` (kind `dist_q`). */
export const NATURE_C51 = registerSizedModel('nature_c51', 'dist_q', `${TRUNK}, Linear(., hidden), ReLU, Linear0(hidden, actions * atoms) (ALL's nature_c51)`, ['frames', 'hidden', 'atoms'],
  (env, [frames, hidden, atoms], rng, preset) => natureC51(env, frames!, hidden!, atoms!, rng, preset));

/** `nature_rainbow` (kind `dist_q`). */
export const NATURE_RAINBOW = registerSizedModel('nature_rainbow', 'dist_q', `${TRUNK}, categorical dueling streams of noisy layers (ALL's nature_rainbow)`, ['frames', 'hidden', 'atoms', 'sigma'],
  (env, [frames, hidden, atoms, sigma], rng, preset) => natureRainbow(env, frames!, hidden!, atoms!, sigma!, rng, preset));
