/**
 * LinearRelu: a fully connected layer followed by a ReLU, computed as one fused kernel
 * (lib/nn/fast_dense.ts `denseRelu`). It equals `Sequential([linear, new Activation('relu')])`
 * in values, gradients, variables (the Linear's weight then bias) and saved weights, with fewer
 * kernels per pass. Ports the Linear + ReLU pairs of ALL's torch models; the fusion is ours.
 */
import type { ApplyOptions, Linear, Module } from './module';
import { ShapeError } from '../core/errors';
import { denseRelu } from './fast_dense';
import type { Tensor, Variable } from '../tf';

/** relu(x W + b) over a Linear layer's variables (which this module owns). */
export class LinearRelu implements Module {
  /** @param linear the layer whose weight and bias are used (and disposed with this module) */
  constructor(readonly linear: Linear) {}

  get variables(): readonly Variable[] {
    return this.linear.variables;
  }

  apply(x: Tensor, _options?: ApplyOptions): Tensor {
    const { inFeatures, outFeatures } = this.linear;
    if (x.shape[x.shape.length - 1] !== inFeatures) {
      throw new ShapeError(
        `LinearRelu(${inFeatures}, ${outFeatures}) received input of shape [${x.shape.join(', ')}]; ` +
          `its last dimension must be ${inFeatures}`,
      );
    }
    return denseRelu(x, this.linear.weight, this.linear.bias);
  }

  clone(): LinearRelu {
    return new LinearRelu(this.linear.clone());
  }

  dispose(): void {
    this.linear.dispose();
  }
}
