/**
 * PPO's diagnostics over the minibatches of one update: the approximate KL divergence between the
 * policy that collected the rollout and the policy being trained, the fraction of rows whose
 * probability ratio lies outside the clip range, and the mean entropy. The figures users watch in
 * Stable-Baselines3 and CleanRL (`approx_kl`, `clip_fraction`, `entropy`); ALL logs none of them.
 *
 * The KL estimate per row is (r - 1) - log r with r = pi(a|s) / pi_old(a|s), an unbiased and
 * never-negative estimator of KL(pi_old || pi) from samples of pi_old (Schulman 2020,
 * "Approximating KL Divergence", http://joschu.net/blog/kl-approx.html). Each minibatch adds its
 * sums, either computed on the host (the fused softmax loss has them at hand) or as a small
 * tensor kept until `read`, which reads everything back once per update.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';

/** PPO's diagnostics, means over every row of every minibatch added. */
export interface SurrogateFigures {
  /** Mean of (r - 1) - log r, in nats; 0 while the policy equals the old one. */
  approxKl: number;
  /** Fraction of rows with |r - 1| > epsilon. */
  clipFraction: number;
  /** Mean entropy of the policy at the rows, in nats. */
  entropy: number;
}

/** Sums PPO's diagnostics over minibatches (see the file header). */
export class SurrogateStats {
  private rows = 0;
  private readonly hostSums = [0, 0, 0];
  private readonly deviceSums: Tensor[] = [];

  /**
   * Adds one minibatch's sums computed on the host.
   * @param rows rows in the minibatch
   * @param klSum sum over rows of (r - 1) - log r
   * @param clipped number of rows with |r - 1| > epsilon
   * @param entropySum sum of the rows' entropies
   */
  addSums(rows: number, klSum: number, clipped: number, entropySum: number): void {
    this.rows += rows;
    this.hostSums[0]! += klSum;
    this.hostSums[1]! += clipped;
    this.hostSums[2]! += entropySum;
  }

  /**
   * Adds one minibatch from its tensors (inside a loss closure or a tf.tidy); the sums stay on the
   * device until `read`. Nothing here is differentiated.
   * @param logProb log pi(a|s) [B]
   * @param oldLogProb log pi_old(a|s) [B]
   * @param entropy entropy of pi(.|s) [B]
   * @param epsilon the clip range
   */
  addTensors(logProb: Tensor, oldLogProb: Tensor, entropy: Tensor, epsilon: number): void {
    this.rows += logProb.shape[0]!;
    this.deviceSums.push(
      tf.keep(
        tf.tidy(() => {
          const logRatio = tf.sub(logProb, oldLogProb);
          const ratio = tf.exp(logRatio);
          const kl = tf.sum(tf.sub(tf.sub(ratio, 1), logRatio));
          const clipped = tf.sum(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), epsilon), 'float32'));
          return tf.stack([kl, clipped, tf.sum(entropy)]);
        }),
      ),
    );
  }

  /** The means over every row added (NaN before any); reads the device sums back once and releases them. */
  read(): SurrogateFigures {
    const sums = [...this.hostSums];
    if (this.deviceSums.length > 0) {
      const total = tf.tidy(() => tf.addN(this.deviceSums));
      const values = total.dataSync();
      total.dispose();
      tf.dispose(this.deviceSums);
      this.deviceSums.length = 0;
      for (let i = 0; i < 3; i++) sums[i]! += values[i]!;
    }
    return { approxKl: sums[0]! / this.rows, clipFraction: sums[1]! / this.rows, entropy: sums[2]! / this.rows };
  }
}
