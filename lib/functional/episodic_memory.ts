/**
 * k-nearest-neighbour queries and the episodic-memory intrinsic reward of Never Give Up. Ports
 * the semantics of rlax's `episodic_memory.knn_query` and
 * `exploration.episodic_memory_intrinsic_rewards`, written from Badia et al. 2020, "Never Give
 * Up: Learning Directed Exploration Strategies" (https://arxiv.org/abs/2002.06038), section 2.
 *
 * Deliberate differences: the reward uses squared distances d^2 >= 0 as the paper does; rlax
 * feeds it the *negated* distances of its k-NN query, which is the same except that the
 * `constant` added to the running mean distance acts with the opposite sign (with constant 0 the
 * two agree exactly, which is how the goldens test it). The memory is a host Float32Array in an
 * explicit state that each call copies and returns (values in, values out; nothing is mutated),
 * and the next write index wraps modulo the memory size.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ShapeError } from '../core/errors';
import { assertFloat, assertNumber, assertRank } from './checks';

/** The result of `knnQuery`, all sorted by increasing distance; the caller owns the tensors. */
export interface KnnQueryResult {
  /** The neighbours, float32 [Q, k, D]. */
  neighbors: Tensor;
  /** Their rows in `data`, int32 [Q, k]. */
  neighborIndices: Tensor;
  /** Minus their squared Euclidean distances, float32 [Q, k]. */
  neighborNegDistances: Tensor;
}

/**
 * The k nearest rows of `data` to each query point under the squared Euclidean distance
 * (k = min(numNeighbors, N)). As rlax's knn_query.
 * @param data float32 [N, D]; @param queryPoints float32 [Q, D]; @param numNeighbors integer >= 1.
 */
export function knnQuery(data: Tensor, queryPoints: Tensor, numNeighbors: number): KnnQueryResult {
  const fn = 'knnQuery';
  assertRank(fn, 'data', data, 2);
  assertRank(fn, 'queryPoints', queryPoints, 2);
  assertFloat(fn, 'data', data);
  assertFloat(fn, 'queryPoints', queryPoints);
  if (data.shape[1] !== queryPoints.shape[1]) {
    throw new ShapeError(`${fn}: data has ${data.shape[1]} features but queryPoints has ${queryPoints.shape[1]}; they must match`);
  }
  assertNumber(fn, 'numNeighbors', numNeighbors, { min: 1, integer: true });
  const k = Math.min(numNeighbors, data.shape[0] as number);
  const [neighbors, neighborIndices, neighborNegDistances] = tf.tidy(() => {
    const diff = tf.sub(tf.expandDims(queryPoints, 1), tf.expandDims(data, 0));
    const neg = tf.neg(tf.sum(tf.square(diff), 2));
    const { values, indices } = tf.topk(neg, k);
    return [tf.gather(data, indices), indices, values];
  });
  return {
    neighbors: neighbors as Tensor,
    neighborIndices: neighborIndices as Tensor,
    neighborNegDistances: neighborNegDistances as Tensor,
  };
}

/** The episodic memory and running distance statistics of `episodicMemoryIntrinsicRewards`. */
export interface IntrinsicRewardState {
  /** Embeddings, row-major [maxMemorySize, D]; unused rows hold Infinity. */
  memory: Float32Array;
  /** Embedding size D. */
  dim: number;
  /** Where the next embedding is written (ring buffer). */
  nextMemoryIndex: number;
  /** Sum of all k-NN squared distances seen so far. */
  distanceSum: number;
  /** Number of distances summed. */
  distanceCount: number;
}

/** Options of `episodicMemoryIntrinsicRewards` (defaults are rlax's, from the NGU paper). */
export interface EpisodicMemoryOptions {
  /** Pseudo-count constant c. Default 1e-3. */
  constant?: number;
  /** Kernel epsilon. Default 1e-4. */
  epsilon?: number;
  /** Cluster distance xi. Default 8e-3. */
  clusterDistance?: number;
  /** Maximum similarity s_max beyond which the reward is 0. Default 8. */
  maxSimilarity?: number;
  /** Memory rows. Default 30,000. */
  maxMemorySize?: number;
}

/**
 * NGU's episodic intrinsic reward for a batch of embeddings: with N_k the k nearest memory
 * entries and d_m^2 the running mean of k-NN squared distances,
 * K(x_i, x) = eps / (max(d^2 / (d_m^2 + c) - xi, 0) + eps), s = sqrt(sum K) + c, and
 * r = rewardScale / s (0 when s > s_max). The embeddings are then written to the memory.
 * Badia et al. 2020 (https://arxiv.org/abs/2002.06038), algorithm 1.
 * @param embeddings float32 [B, D]. @param numNeighbors k. @param rewardScale beta.
 * @param state the previous state; omit it to start an empty memory (k zero rows, the rest Infinity, as rlax).
 * @returns `{ rewards, state }`: rewards float32 [B] (caller owns it) and the new state.
 */
export function episodicMemoryIntrinsicRewards(
  embeddings: Tensor,
  numNeighbors: number,
  rewardScale: number,
  state?: IntrinsicRewardState,
  opts: EpisodicMemoryOptions = {},
): { rewards: Tensor; state: IntrinsicRewardState } {
  const fn = 'episodicMemoryIntrinsicRewards';
  const { constant = 1e-3, epsilon = 1e-4, clusterDistance = 8e-3, maxSimilarity = 8, maxMemorySize = 30000 } = opts;
  assertRank(fn, 'embeddings', embeddings, 2);
  assertFloat(fn, 'embeddings', embeddings);
  assertNumber(fn, 'numNeighbors', numNeighbors, { min: 1, integer: true });
  const [batch, dim] = embeddings.shape as [number, number];
  let prev = state;
  if (prev === undefined) {
    const memory = new Float32Array(maxMemorySize * dim).fill(Infinity);
    memory.fill(0, 0, Math.min(numNeighbors, maxMemorySize) * dim);
    prev = { memory, dim, nextMemoryIndex: 0, distanceSum: 0, distanceCount: 0 };
  } else if (prev.dim !== dim || prev.memory.length !== maxMemorySize * dim) {
    throw new ShapeError(`${fn}: the state's memory is [${prev.memory.length / prev.dim}, ${prev.dim}] but must be [${maxMemorySize}, ${dim}]`);
  }
  const dataT = tf.tensor2d(prev.memory, [maxMemorySize, dim]);
  const knn = knnQuery(dataT, embeddings, numNeighbors);
  const negD = knn.neighborNegDistances.arraySync() as number[][];
  tf.dispose([dataT, knn.neighbors, knn.neighborIndices, knn.neighborNegDistances]);
  let distanceSum = prev.distanceSum;
  let distanceCount = prev.distanceCount;
  for (const row of negD) for (const x of row) distanceSum -= x;
  distanceCount += negD.length * (negD[0]?.length ?? 0);
  const mean = distanceSum / distanceCount;
  const rewards = new Float32Array(batch);
  negD.forEach((row, b) => {
    let kernelSum = 0;
    for (const x of row) {
      const rate = Math.max(-x / (mean + constant) - clusterDistance, 0);
      kernelSum += epsilon / (rate + epsilon);
    }
    const similarity = Math.sqrt(kernelSum) + constant;
    rewards[b] = similarity > maxSimilarity ? 0 : rewardScale / similarity;
  });
  const memory = prev.memory.slice();
  const emb = embeddings.dataSync();
  const start = prev.nextMemoryIndex % maxMemorySize;
  for (let b = 0; b < batch; b++) {
    memory.set(emb.subarray(b * dim, (b + 1) * dim), ((start + b) % maxMemorySize) * dim);
  }
  return {
    rewards: tf.tensor1d(rewards, 'float32'),
    state: { memory, dim, nextMemoryIndex: (start + batch) % maxMemorySize, distanceSum, distanceCount },
  };
}
