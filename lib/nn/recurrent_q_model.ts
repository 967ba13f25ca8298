/**
 * The recurrent Q-network of R2D2-style agents (Kapturowski et al. 2019,
 * https://openreview.net/forum?id=r1lyTjAqYX) in the shape jaxneurorl's recurrent Q-learner uses
 * for vector observations: MLP -> LSTM -> MLP -> Q, ReLU between dense layers, a zero-initialized
 * output layer (ALL's Linear0). One step `[batch, obs]` acts; a sequence `[time, batch, obs]` with
 * `resets` trains (lib/nn/lstm.ts).
 */
import { Random } from '../core/random';
import { Lstm } from './lstm';
import { LinearRelu } from './linear_relu';
import { Linear, Sequential, linear0, type Module } from './module';

/** Sizes of a recurrent Q-network. */
export interface RecurrentQModelSizes {
  /** Widths of the dense ReLU layers before the LSTM. Default [128]. */
  hidden?: readonly number[];
  /** Width of the LSTM. Default 128. */
  lstm?: number;
  /** Widths of the dense ReLU layers after the LSTM. Default [512]. */
  head?: readonly number[];
}

/**
 * Builds MLP(hidden) -> LSTM(lstm) -> MLP(head) -> Q(actions).
 * @param observations width of a (flat) observation
 * @param actions number of discrete actions
 * @param rng seeded generator for the initial weights
 * @param sizes layer widths (defaults: [128], 128, [512], the sizes issue 14 benchmarks)
 * @returns the model and the RecurrentState key of its LSTM
 */
export function recurrentQModel(
  observations: number,
  actions: number,
  rng: Random,
  sizes: RecurrentQModelSizes = {},
): { model: Sequential; lstmKey: string; lstmSize: number } {
  const hidden = sizes.hidden ?? [128];
  const lstmSize = sizes.lstm ?? 128;
  const head = sizes.head ?? [512];
  const layers: Module[] = [];
  let width = observations;
  for (const h of hidden) {
    layers.push(new LinearRelu(new Linear(width, h, rng)));
    width = h;
  }
  const lstm = new Lstm(width, lstmSize, rng);
  layers.push(lstm);
  width = lstmSize;
  for (const h of head) {
    layers.push(new LinearRelu(new Linear(width, h, rng)));
    width = h;
  }
  layers.push(linear0(width, actions));
  return { model: new Sequential(layers), lstmKey: lstm.key, lstmSize };
}
