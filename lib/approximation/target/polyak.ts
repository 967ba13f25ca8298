/**
 * A Polyak-averaged target (Lillicrap et al. 2016, https://arxiv.org/abs/1509.02971):
 * after each update, target <- tau * online + (1 - tau) * target (ALL's PolyakTarget).
 */
import { ConfigError } from '../../core/errors';
import type { ApplyOptions, Module } from '../../nn/module';
import { polyakUpdate } from '../../nn/weights';
import type { Tensor } from '../../tf';
import type { TargetNetwork } from './target';

export class PolyakTarget implements TargetNetwork {
  private source: Module | undefined;
  private copy: Module | undefined;

  /** @param tau weight of the online model in each soft update, in (0, 1] */
  constructor(readonly tau: number) {
    if (!(tau > 0 && tau <= 1)) throw new ConfigError(`PolyakTarget needs 0 < tau <= 1; received ${tau}`);
  }
  init(model: Module): void {
    this.source = model;
    this.copy = model.clone();
  }
  apply(x: Tensor, options?: ApplyOptions): Tensor {
    return this.copy!.apply(x, options);
  }
  update(): void {
    polyakUpdate(this.source!.variables, this.copy!.variables, this.tau);
  }
  dispose(): void {
    this.copy?.dispose();
  }
}
