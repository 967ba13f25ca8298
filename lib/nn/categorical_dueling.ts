/**
 * The dueling head for distributional Q networks (C51 / Rainbow): ports ALL's
 * CategoricalDueling (all/nn/__init__.py), which applies the dueling aggregation of Wang et al.
 * 2016 (https://arxiv.org/abs/1511.06581) per atom to logits, as in Rainbow (Hessel et al. 2018,
 * https://arxiv.org/abs/1710.02298, section 3).
 *
 * Deliberate difference: the number of atoms is given to the constructor and checked against
 * the value model's output, instead of being read from it, so a mismatched model fails with a
 * clear ShapeError rather than a reshape error.
 */
import { ConfigError, ShapeError } from '../core/errors';
import { tf, type Tensor, type Variable } from '../tf';
import type { ApplyOptions, Module } from './module';

/**
 * Dueling aggregation over atom logits: logits[b, a, k] = value[b, k] + adv[b, a, k] -
 * mean_a' adv[b, a', k], returned flattened as [B, actions * atoms] (action-major), the layout
 * QDist reads.
 */
export class CategoricalDueling implements Module {
  /**
   * @param value maps features to value logits [B, atoms]
   * @param advantage maps features to advantage logits [B, actions * atoms] (action-major)
   * @param atoms number of atoms of the distributions
   */
  constructor(
    readonly value: Module,
    readonly advantage: Module,
    readonly atoms: number,
  ) {
    if (!Number.isInteger(atoms) || atoms < 1) {
      throw new ConfigError(`CategoricalDueling: atoms must be a positive integer; received ${atoms}`);
    }
  }

  /** The value model's variables, then the advantage model's. */
  get variables(): readonly Variable[] {
    return [...this.value.variables, ...this.advantage.variables];
  }

  /** Logits [B, actions * atoms]; call inside tf.tidy, the caller owns the result. */
  apply(x: Tensor, options?: ApplyOptions): Tensor {
    return tf.tidy(() => {
      const v = this.value.apply(x, options);
      const a = this.advantage.apply(x, options);
      const batch = v.shape[0]!;
      if (v.rank !== 2 || v.shape[1] !== this.atoms) {
        throw new ShapeError(
          `CategoricalDueling: the value model returned shape [${v.shape.join(', ')}]; it must be [batch, ${this.atoms}] (one logit per atom)`,
        );
      }
      const width = a.shape[1] ?? 0;
      if (a.rank !== 2 || a.shape[0] !== batch || width % this.atoms !== 0 || width === 0) {
        throw new ShapeError(
          `CategoricalDueling: the advantage model returned shape [${a.shape.join(', ')}]; it must be ` +
            `[${batch}, actions * ${this.atoms}]`,
        );
      }
      const actions = width / this.atoms;
      const adv = tf.reshape(a, [batch, actions, this.atoms]);
      const centred = tf.sub(adv, tf.mean(adv, 1, true));
      return tf.reshape(tf.add(tf.reshape(v, [batch, 1, this.atoms]), centred), [batch, actions * this.atoms]);
    });
  }

  clone(): CategoricalDueling {
    return new CategoricalDueling(this.value.clone(), this.advantage.clone(), this.atoms);
  }

  dispose(): void {
    this.value.dispose();
    this.advantage.dispose();
  }
}
