/**
 * QDist: a distributional action-value approximation (C51: Bellemare et al. 2017, "A
 * Distributional Perspective on Reinforcement Learning", https://arxiv.org/abs/1707.06887).
 * Ports ALL's all/approximation/q_dist.py: the model maps observations to logits
 * [B, actions * atoms] (action-major), read as a softmax over `atoms` equally spaced values
 * from vMin to vMax for each action.
 *
 * Deliberate differences from ALL:
 * - The C51 projection is not a method here: agents use lib/functional's categorical
 *   functions (`categoricalQLearning`, `categoricalDoubleQLearning`, `categoricalL2Project`),
 *   which take the logits this class returns and the support tensor.
 * - No hidden terminal handling: ALL replaces a terminal next state's distribution by a point
 *   mass at the middle atom; here the agent passes discountT = 0 at true terminals and the
 *   functional target puts all mass at the reward (DESIGN section 4, explicit terminal handling).
 * - Logits, not probabilities, are the primary output (numerically safer cross entropy);
 *   `probabilities` gives ALL's [B, actions, atoms] softmax.
 */
import { ConfigError, ShapeError } from '../core/errors';
import type { Module } from '../nn/module';
import { readInts } from '../read_back';
import { tf, type Tensor } from '../tf';
import { Approximation, type ApproximationOptions } from './approximation';

/** Options of a QDist: the distribution's layout plus the usual approximation options. */
export interface QDistOptions extends ApproximationOptions {
  /** Number of discrete actions. */
  actions: number;
  /** Number of atoms of each return distribution (ALL's classic-control C51: 51). */
  atoms: number;
  /** Smallest atom, in return units. */
  vMin: number;
  /** Largest atom, in return units. */
  vMax: number;
}

/** Which network a QDist read uses. */
export type QDistMode = 'forward' | 'eval' | 'target';

/**
 * The atoms vMin, vMin + delta, ..., vMax (as torch.linspace), float32.
 * @param vMin smallest value; @param vMax largest value (> vMin); @param atoms count (>= 2)
 */
export function supportAtoms(vMin: number, vMax: number, atoms: number): Float32Array {
  if (!Number.isInteger(atoms) || atoms < 2) throw new ConfigError(`C51 needs at least 2 atoms (an integer); received ${atoms}`);
  if (!Number.isFinite(vMin) || !Number.isFinite(vMax) || !(vMax > vMin)) {
    throw new ConfigError(`C51 needs finite vMin < vMax; received vMin ${vMin}, vMax ${vMax}`);
  }
  const out = new Float32Array(atoms);
  const delta = (vMax - vMin) / (atoms - 1);
  for (let i = 0; i < atoms; i++) out[i] = i === atoms - 1 ? vMax : vMin + i * delta;
  return out;
}

/**
 * Expected values of categorical distributions: sum_k probs[..., k] * support[k].
 * @param probs probabilities [B, actions, atoms] (or any [..., atoms])
 * @param support atom values [atoms]
 * @returns [B, actions]; the caller owns it.
 */
export function expectedValues(probs: Tensor, support: Tensor): Tensor {
  if (support.rank !== 1 || probs.shape[probs.rank - 1] !== support.shape[0]) {
    throw new ShapeError(
      `expectedValues: probs [${probs.shape.join(', ')}] must end in the ${support.shape[0]} atoms of support [${support.shape.join(', ')}]`,
    );
  }
  return tf.tidy(() => tf.sum(tf.mul(probs, support), -1));
}

/** A distributional Q function over discrete actions (ALL's QDist). */
export class QDist extends Approximation {
  readonly actions: number;
  readonly atoms: number;
  readonly vMin: number;
  readonly vMax: number;
  /** The atom values, float32 [atoms]. */
  readonly support: Float32Array;

  constructor(model: Module, options: QDistOptions) {
    super(model, { name: 'q_dist', ...options });
    if (!Number.isInteger(options.actions) || options.actions < 1) {
      throw new ConfigError(`QDist needs a positive integer number of actions; received ${options.actions}`);
    }
    this.actions = options.actions;
    this.atoms = options.atoms;
    this.vMin = options.vMin;
    this.vMax = options.vMax;
    this.support = supportAtoms(options.vMin, options.vMax, options.atoms);
  }

  /** The support as a new tensor [atoms] (for lib/functional's categorical functions); the caller owns it. */
  supportTensor(): Tensor {
    return tf.tensor1d(this.support);
  }

  /**
   * Logits [B, actions, atoms] from the online model in training mode ('forward', for loss
   * closures), evaluation mode ('eval', noise off) or the target network ('target').
   * @param x observations [B, ...]
   * @returns [B, actions, atoms]; the caller owns it. Call inside tf.tidy or a loss closure.
   */
  logits(x: Tensor, mode: QDistMode = 'forward'): Tensor {
    const out = mode === 'forward' ? this.forward(x) : mode === 'eval' ? this.eval(x) : this.target(x);
    const batch = x.shape[0]!;
    if (out.rank !== 2 || out.shape[0] !== batch || out.shape[1] !== this.actions * this.atoms) {
      const shape = out.shape.join(', ');
      out.dispose();
      throw new ShapeError(
        `${this.name}: the model returned shape [${shape}] but QDist needs [${batch}, ${this.actions * this.atoms}] ` +
          `(${this.actions} actions x ${this.atoms} atoms, action-major)`,
      );
    }
    return tf.tidy(() => tf.reshape(out, [batch, this.actions, this.atoms]));
  }

  /** Probabilities [B, actions, atoms] (softmax over atoms; each row sums to 1); the caller owns it. */
  probabilities(x: Tensor, mode: QDistMode = 'forward'): Tensor {
    return tf.tidy(() => tf.softmax(this.logits(x, mode)));
  }

  /** Expected action values [B, actions] = sum_k p_k z_k; the caller owns it. */
  qValues(x: Tensor, mode: QDistMode = 'forward'): Tensor {
    return tf.tidy(() => tf.sum(tf.mul(this.probabilities(x, mode), tf.tensor1d(this.support)), -1));
  }

  /**
   * argmax_a E[Z(s, a)] per row, as plain integers (for C51/Rainbow acting).
   * @param observations rows of the batch, flat
   * @param batchShape [n, ...observation shape]
   * @param evaluation use evaluation mode (noise off); default false
   */
  greedyActions(observations: Float32Array, batchShape: readonly number[], evaluation = false): Int32Array {
    return readInts(() => {
      const x = tf.tensor(observations, [...batchShape]);
      return tf.argMax(this.qValues(x, evaluation ? 'eval' : 'forward'), 1);
    });
  }
}
