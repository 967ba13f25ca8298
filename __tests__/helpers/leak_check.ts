/** Asserts that a piece of work leaves the number of live tensors unchanged. */
import { tf } from '../../lib/tf';

/**
 * Runs `warmup` once (for lazily created variables), then `body`, and expects tf.memory().numTensors
 * to be the same before and after `body`.
 */
export function expectNoTensorLeak(body: () => void, warmup?: () => void): void {
  warmup?.();
  const before = tf.memory().numTensors;
  body();
  const after = tf.memory().numTensors;
  expect(after - before).toBe(0);
}
