/**
 * A fixed target (Mnih et al. 2015, https://www.nature.com/articles/nature14236): a copy of the
 * online model, refreshed every `updateFrequency` optimizer steps (ALL's FixedTarget).
 */
import { ConfigError } from '../../core/errors';
import type { ApplyOptions, Module } from '../../nn/module';
import { copyWeights } from '../../nn/weights';
import type { Tensor } from '../../tf';
import type { TargetNetwork } from './target';

export class FixedTarget implements TargetNetwork {
  private source: Module | undefined;
  private copy: Module | undefined;
  private updates = 0;

  /** @param updateFrequency optimizer steps between refreshes */
  constructor(readonly updateFrequency: number) {
    if (!Number.isInteger(updateFrequency) || updateFrequency < 1) {
      throw new ConfigError(`FixedTarget needs a positive integer update frequency; received ${updateFrequency}`);
    }
  }
  init(model: Module): void {
    this.source = model;
    this.copy = model.clone();
  }
  apply(x: Tensor, options?: ApplyOptions): Tensor {
    return this.copy!.apply(x, options);
  }
  update(): void {
    this.updates += 1;
    if (this.updates % this.updateFrequency === 0) copyWeights(this.source!.variables, this.copy!.variables);
  }
  dispose(): void {
    this.copy?.dispose();
  }
}
