/**
 * A tiny module system over plain `tf.Variable`s: the networks allts trains are small, and on
 * our backends the tfjs layers API costs 2-4x more per step than plain ops (DESIGN §7). A Module
 * is a pure function of its variables; `clone()` gives an independent copy for target networks.
 * Ports the role of torch.nn modules in ALL; only forward passes are defined, gradients come
 * from tfjs autodiff.
 */
import { Random } from '../core/random';
import { ShapeError } from '../core/errors';
import { dense } from './fast_dense';
import { tf, type Tensor, type Variable } from '../tf';
import { DUELING_KERNEL, duelingOnHost } from '../backend/dueling_kernel';
import { hasKernel } from '../backend/kernels';

/**
 * The recurrent state of a network between calls: for each recurrent module, under its own key
 * (unique per module, e.g. its variable names' prefix), the tensors it carries from one step to
 * the next, each `[batch, ...]` (an LSTM: `[h, c]`, each `[batch, hidden]`). Keys keep several
 * recurrent modules in one network apart. Tensors follow the usual ownership: made inside a
 * tf.tidy, kept (tf.keep) by whoever carries them across steps, disposed by that owner.
 */
export type RecurrentState = Readonly<Record<string, readonly Tensor[]>>;

/** Options of a forward pass. */
export interface ApplyOptions {
  /** Training mode: noisy layers sample noise. Default true; test agents pass false. */
  training?: boolean;
  /**
   * Recurrent state at the start of this call; a recurrent module whose key is missing starts
   * from its initial (zero) state. Modules without state ignore it, so containers (Sequential,
   * Dueling) just pass the options on. A recurrent module reads `x` as one step `[batch, ...]`,
   * or, given `resets`, as a time-major sequence `[time, batch, ...]`.
   */
  state?: RecurrentState;
  /**
   * Where recurrent modules put their state after this call: each sets `nextState[key]`. Pass
   * `{}` to collect the state for the next call; omit it when the next state is not needed.
   */
  nextState?: Record<string, readonly Tensor[]>;
  /**
   * For a sequence input: `[time, batch]`, 1 where an episode starts at that step, so recurrent
   * modules reset to their initial state before it (SequenceBatch.resets, lib/memory/types.ts).
   */
  resets?: Tensor;
}

/** A differentiable function with trainable variables. Call `apply` inside tf.tidy. */
export interface Module {
  /** Trainable variables in a stable order (saving, optimizers and target copies rely on it). */
  readonly variables: readonly Variable[];
  /**
   * The forward pass. Call inside tf.tidy; the result may share memory with `x` (like tf.reshape),
   * so dispose neither while the other is still needed.
   */
  apply(x: Tensor, options?: ApplyOptions): Tensor;
  /** An independent copy with fresh variables holding the same values. */
  clone(): Module;
  /** Releases the variables. */
  dispose(): void;
}

let variableCounter = 0;
/**
 * A trainable variable with a unique name (tfjs keys gradients by variable name), taking over
 * `value`: the variable shares its data, and `value` is disposed here, so a module that disposes its
 * variables leaves no tensor behind. Callers pass a fresh tensor they do not keep.
 */
export function makeVariable(value: Tensor, label: string): Variable {
  variableCounter += 1;
  const variable = tf.variable(value, true, `allts/${label}_${variableCounter}`);
  value.dispose();
  return variable;
}

/** Fully connected layer y = x W + b, initialized like torch.nn.Linear: U(-1/sqrt(in), 1/sqrt(in)). */
export class Linear implements Module {
  readonly weight: Variable;
  readonly bias: Variable;

  /**
   * @param inFeatures input width
   * @param outFeatures output width
   * @param init a seeded Random, a fixed `{ weight, bias }` pair to copy, or 'zeros' (Linear0)
   */
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    init: Random | 'zeros' | { weight: Tensor; bias: Tensor } = new Random(),
  ) {
    if (init === 'zeros') {
      this.weight = makeVariable(tf.zeros([inFeatures, outFeatures]), 'linear_w');
      this.bias = makeVariable(tf.zeros([outFeatures]), 'linear_b');
    } else if (init instanceof Random) {
      const bound = 1 / Math.sqrt(inFeatures);
      const w = new Float32Array(inFeatures * outFeatures);
      for (let i = 0; i < w.length; i++) w[i] = init.uniform(-bound, bound);
      const b = new Float32Array(outFeatures);
      for (let i = 0; i < b.length; i++) b[i] = init.uniform(-bound, bound);
      this.weight = makeVariable(tf.tensor2d(w, [inFeatures, outFeatures]), 'linear_w');
      this.bias = makeVariable(tf.tensor1d(b), 'linear_b');
    } else {
      this.weight = makeVariable(init.weight.clone(), 'linear_w');
      this.bias = makeVariable(init.bias.clone(), 'linear_b');
    }
  }

  get variables(): readonly Variable[] {
    return [this.weight, this.bias];
  }

  apply(x: Tensor): Tensor {
    const last = x.shape[x.shape.length - 1];
    if (last !== this.inFeatures) {
      throw new ShapeError(
        `Linear(${this.inFeatures}, ${this.outFeatures}) received input of shape [${x.shape.join(', ')}]; ` +
          `its last dimension must be ${this.inFeatures}`,
      );
    }
    // One kernel with a gradient that avoids wasm's slow transposed matmuls (lib/nn/fast_dense.ts).
    return dense(x, this.weight, this.bias);
  }

  clone(): Linear {
    return new Linear(this.inFeatures, this.outFeatures, { weight: this.weight, bias: this.bias });
  }

  dispose(): void {
    this.weight.dispose();
    this.bias.dispose();
  }
}

/** A Linear layer whose weights and bias start at zero (ALL's Linear0, used for output heads). */
export function linear0(inFeatures: number, outFeatures: number): Linear {
  return new Linear(inFeatures, outFeatures, 'zeros');
}

/** An elementwise function without variables. */
export class Activation implements Module {
  readonly variables: readonly Variable[] = [];
  constructor(readonly kind: 'relu' | 'tanh' | 'sigmoid' | 'leakyRelu' | 'elu') {}
  apply(x: Tensor): Tensor {
    switch (this.kind) {
      case 'relu':
        return tf.relu(x);
      case 'tanh':
        return tf.tanh(x);
      case 'sigmoid':
        return tf.sigmoid(x);
      case 'leakyRelu':
        return tf.leakyRelu(x, 0.01);
      case 'elu':
        return tf.elu(x);
    }
  }
  clone(): Activation {
    return new Activation(this.kind);
  }
  dispose(): void {}
}

/** Flattens every dimension after the batch dimension (a flat batch passes through unchanged). */
export class Flatten implements Module {
  readonly variables: readonly Variable[] = [];
  apply(x: Tensor): Tensor {
    return x.rank <= 2 ? x : tf.reshape(x, [x.shape[0]!, -1]);
  }
  clone(): Flatten {
    return new Flatten();
  }
  dispose(): void {}
}

/** Modules applied one after the other. */
export class Sequential implements Module {
  constructor(readonly layers: readonly Module[]) {}
  get variables(): readonly Variable[] {
    return this.layers.flatMap((l) => l.variables);
  }
  apply(x: Tensor, options?: ApplyOptions): Tensor {
    let out = x;
    for (const layer of this.layers) out = layer.apply(out, options);
    return out;
  }
  clone(): Sequential {
    return new Sequential(this.layers.map((l) => l.clone()));
  }
  dispose(): void {
    for (const l of this.layers) l.dispose();
  }
}

/**
 * Dueling head (Wang et al. 2016, https://arxiv.org/abs/1511.06581): Q = V + A - mean(A).
 * `value` maps features to [B, 1], `advantage` to [B, actions].
 */
export class Dueling implements Module {
  constructor(
    readonly value: Module,
    readonly advantage: Module,
  ) {}
  get variables(): readonly Variable[] {
    return [...this.value.variables, ...this.advantage.variables];
  }
  apply(x: Tensor, options?: ApplyOptions): Tensor {
    const v = this.value.apply(x, options);
    const a = this.advantage.apply(x, options);
    // on wasm one host kernel each way (lib/backend/dueling_kernel.ts), same values
    if (v.rank === 2 && v.shape[1] === 1 && a.rank === 2 && v.dtype === 'float32' && a.dtype === 'float32' && hasKernel(DUELING_KERNEL)) {
      return duelingOnHost(v, a);
    }
    return tf.add(v, tf.sub(a, tf.mean(a, -1, true)));
  }
  clone(): Dueling {
    return new Dueling(this.value.clone(), this.advantage.clone());
  }
  dispose(): void {
    this.value.dispose();
    this.advantage.dispose();
  }
}

/** A multilayer perceptron: Linear layers with `activation` between them (none after the last). */
export function mlp(
  sizes: readonly number[],
  rng: Random,
  options: { activation?: Activation['kind']; zeroLast?: boolean } = {},
): Sequential {
  if (sizes.length < 2) throw new ShapeError(`mlp needs at least an input and an output size; received [${sizes.join(', ')}]`);
  const layers: Module[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const last = i + 2 === sizes.length;
    layers.push(last && options.zeroLast ? linear0(sizes[i]!, sizes[i + 1]!) : new Linear(sizes[i]!, sizes[i + 1]!, rng));
    if (!last) layers.push(new Activation(options.activation ?? 'relu'));
  }
  return new Sequential(layers);
}
