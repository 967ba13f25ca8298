/** The trivial target: the online model itself (ALL's TrivialTarget). */
import type { ApplyOptions, Module } from '../../nn/module';
import type { Tensor } from '../../tf';
import type { TargetNetwork } from './target';

export class TrivialTarget implements TargetNetwork {
  private model: Module | undefined;
  init(model: Module): void {
    this.model = model;
  }
  apply(x: Tensor, options?: ApplyOptions): Tensor {
    return this.model!.apply(x, options);
  }
  update(): void {}
  dispose(): void {}
}
