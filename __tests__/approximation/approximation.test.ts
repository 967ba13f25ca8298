import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Approximation } from '../../lib/approximation/approximation';
import { PeriodicCheckpointer } from '../../lib/approximation/checkpointer';
import { FixedTarget, PolyakTarget } from '../../lib/approximation/target';
import { NumericError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { Linear, Sequential } from '../../lib/nn/module';
import { readWeightsFile } from '../../lib/nn/weights_file';
import { tf } from '../../lib/tf';
import type { Logger } from '../../lib/logging/logger';
import { expectNoTensorLeak } from '../helpers/leak_check';

function scalarModel(w: number): Sequential {
  // y = w * x + 0
  return new Sequential([new Linear(1, 1, { weight: tf.tensor2d([[w]]), bias: tf.tensor1d([0]) })]);
}

function weightOf(a: Approximation): number {
  return a.model.variables[0]!.dataSync()[0]!;
}

function lossAt(a: Approximation, x: number, y: number) {
  return () => tf.mean(tf.square(tf.sub(a.forward(tf.tensor2d([[x]])), tf.tensor2d([[y]])))) as tf.Scalar;
}

describe('Approximation', () => {
  it('takes one SGD step exactly as the gradient says', () => {
    // loss = (w x - y)^2 with w=1, x=2, y=0: dloss/dw = 2 (w x - y) x = 8; w <- 1 - 0.1 * 8 = 0.2
    const a = new Approximation(scalarModel(1), { optimizer: 'sgd', lr: 0.1 });
    const loss = a.reinforce(lossAt(a, 2, 0));
    expect(loss).toBeCloseTo(4, 6);
    expect(weightOf(a)).toBeCloseTo(0.2, 6);
    expect(a.updates).toBe(1);
    a.dispose();
  });

  it('clips the gradient to the global norm', () => {
    // gradient wrt w is 8 and wrt b is 2 * (w x - y) = 4; norm = sqrt(80); clipped to 1:
    // w <- 1 - 0.1 * 8 / sqrt(80)
    const a = new Approximation(scalarModel(1), { optimizer: 'sgd', lr: 0.1, clipGrad: 1 });
    a.reinforce(lossAt(a, 2, 0));
    expect(weightOf(a)).toBeCloseTo(1 - (0.1 * 8) / Math.sqrt(80), 6);
    a.dispose();
  });

  it('follows a learning-rate schedule of the update count', () => {
    // at x = 1, y = 0: dloss/dw = dloss/db = 2 (w + b). Update 1 uses lr(0) = 0.1: w = 1 - 0.2 = 0.8,
    // b = -0.2; update 2 uses lr(1) = 0: w stays 0.8, though its gradient is 1.2 (a rate stuck at
    // 0.1 would give 0.68)
    const a = new Approximation(scalarModel(1), { optimizer: 'sgd', lr: (step) => (step === 0 ? 0.1 : 0) });
    a.reinforce(lossAt(a, 1, 0));
    a.reinforce(lossAt(a, 1, 0));
    expect(weightOf(a)).toBeCloseTo(0.8, 6);
    a.dispose();
  });

  it('throws a NumericError naming the approximation and the update on a non-finite loss', () => {
    const a = new Approximation(scalarModel(1), { name: 'critic', optimizer: 'sgd', lr: 0.1 });
    expect(() => a.reinforce(() => tf.mul(tf.sum(a.forward(tf.tensor2d([[1]]))), NaN) as tf.Scalar)).toThrow(NumericError);
    expect(() => a.reinforce(() => tf.mul(tf.sum(a.forward(tf.tensor2d([[1]]))), NaN) as tf.Scalar)).toThrow(/critic: the loss is NaN at update 1/);
    expect(weightOf(a)).toBe(1);
    a.dispose();
  });

  it('refreshes a fixed target every N updates', () => {
    const a = new Approximation(scalarModel(1), { optimizer: 'sgd', lr: 0.1, target: new FixedTarget(2) });
    const targetOut = () => tf.tidy(() => a.target(tf.tensor2d([[1]])).dataSync()[0]!);
    a.reinforce(lossAt(a, 2, 0)); // w = 0.2, target still 1
    expect(targetOut()).toBeCloseTo(1, 6);
    a.reinforce(lossAt(a, 2, 0)); // second update: target refreshed to the online weights
    // online after two updates, at x = 1: w + b
    const online = tf.tidy(() => a.forward(tf.tensor2d([[1]])).dataSync()[0]!);
    expect(targetOut()).toBeCloseTo(online, 6);
    expect(online).not.toBeCloseTo(1, 2);
    a.dispose();
  });

  it('soft-updates a polyak target', () => {
    // online w goes 1 -> 0.2 (grad 8) and b goes 0 -> -0.4 (grad 2 (w x - y) = 4);
    // target w = 0.5 * 0.2 + 0.5 * 1 = 0.6, target b = 0.5 * -0.4 = -0.2; output at x = 1: 0.4
    const a = new Approximation(scalarModel(1), { optimizer: 'sgd', lr: 0.1, target: new PolyakTarget(0.5) });
    a.reinforce(lossAt(a, 2, 0));
    expect(tf.tidy(() => a.target(tf.tensor2d([[1]])).dataSync()[0]!)).toBeCloseTo(0.4, 6);
    a.dispose();
  });

  it('logs the loss and checkpoints periodically', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-ckpt-'));
    const losses: number[] = [];
    const logger = { addLoss: (_n: string, v: number) => losses.push(v) } as unknown as Logger;
    const a = new Approximation(scalarModel(1), {
      name: 'q',
      optimizer: 'sgd',
      lr: 0.1,
      logger,
      checkpointer: new PeriodicCheckpointer(2),
      checkpointDir: dir,
    });
    a.reinforce(lossAt(a, 2, 0));
    expect(fs.existsSync(path.join(dir, 'q.weights'))).toBe(false);
    a.reinforce(lossAt(a, 2, 0));
    const saved = readWeightsFile(path.join(dir, 'q.weights'));
    expect(saved.data[0]).toBeCloseTo(weightOf(a), 6);
    expect(losses).toHaveLength(2);
    a.dispose();
  });

  it('leaks no tensors over many updates with Adam', () => {
    const a = new Approximation(new Sequential([new Linear(3, 4, new Random(0)), new Linear(4, 2, new Random(1))]), {
      target: new FixedTarget(3),
    });
    const x = tf.tensor2d([[1, 2, 3]]);
    const step = () => a.reinforce(() => tf.sum(tf.square(a.forward(x))) as tf.Scalar);
    expectNoTensorLeak(() => {
      for (let i = 0; i < 50; i++) step();
    }, step);
    x.dispose();
    a.dispose();
  });
});
