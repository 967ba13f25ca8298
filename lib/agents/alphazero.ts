/**
 * AlphaZero (Silver et al. 2018, https://arxiv.org/abs/1712.01815), with Gumbel MuZero's search as
 * an option (Danihelka et al. 2022, https://openreview.net/forum?id=bERaNdoegnO), in the shape of
 * jaxneurorl's AlphaZero agent (github.com/wcarvalho/jaxneurorl): a network with a policy head and
 * a value head (a scalar, or categorical over bins with a two-hot target), trained on a replay of
 * (observation, search policy, value target) from its own search-driven play; loss = policy
 * cross-entropy + valueWeight * value loss + l2 * (sum of squared weights).
 *
 * Two ways to train: `selfPlay(games)` plays many games (or episodes) at once, batching every
 * leaf evaluation of all their searches into one network call per simulation step (for two-player
 * games both sides are this agent: true self-play), or `act(state)`, the Agent interface, which
 * searches from the state an observation shows (the model's `fromObservation`), records the
 * episode and trains when it ends. `AlphaZeroTestAgent` plays greedily from the search.
 *
 * Value targets: the outcome (Monte-Carlo return) by default; with `bootstrapSteps` n > 0, the
 * n-step return bootstrapped from the search value n moves later (MuZero's target). Rewards and
 * values are from the mover's view; an opponent's reward counts negatively (zero-sum games).
 * Differences from the paper: small MLPs instead of residual towers, replay sampled uniformly,
 * the temperature schedule by move number as in the AlphaZero pseudocode (1 for the first moves,
 * then 0).
 */
import { ConfigError } from '../core/errors';
import { Random } from '../core/random';
import type { State } from '../core/state';
import type { Approximation } from '../approximation/approximation';
import { DummyLogger, type Logger } from '../logging/logger';
import { gumbel, puct, type Evaluator, type SearchResult } from '../search/mcts';
import type { SearchModel } from '../search/model';
import { tf, type Scalar, type Tensor } from '../tf';
import type { Agent } from './agent';

/** The value head: a scalar regressed with squared error, or a categorical over bins with a two-hot target. */
export type ValueHead = 'scalar' | 'categorical';

/** AlphaZero's settings. */
export interface AlphaZeroOptions {
  /** `puct` (AlphaZero with MuZero's pUCT) or `gumbel` (Gumbel MuZero). */
  search: 'puct' | 'gumbel';
  /** Simulations per search. */
  simulations: number;
  /** Discount per move (1 for games and Catch). */
  discount: number;
  /** Moves (per episode) played at temperature 1 from the visit counts; later moves take the most visited (puct). */
  temperatureMoves: number;
  /** Dirichlet alpha of the root noise (puct). */
  dirichletAlpha: number;
  /** Share of Dirichlet noise in the root prior (puct); 0 disables it. */
  dirichletFraction: number;
  /** Root actions Gumbel-top-k considers (gumbel). */
  maxConsideredActions: number;
  /** Games (or episodes) played at once by `selfPlay`. */
  parallelGames: number;
  /** Replay capacity in positions. */
  replayCapacity: number;
  /** Positions in replay before training starts. */
  replayStart: number;
  /** Positions per minibatch. */
  minibatchSize: number;
  /** Gradient steps per position added to the replay (e.g. 0.25: one step per 4 new positions). */
  updatesPerPosition: number;
  /** Weight of the value loss. */
  valueWeight: number;
  /** L2 coefficient on every weight matrix (biases excluded). */
  l2: number;
  /** Value head kind. */
  valueHead: ValueHead;
  /** Bins of the categorical value head, spread evenly over [valueMin, valueMax]. */
  valueBins: number;
  /** Value of the lowest bin (targets below are clipped to it). */
  valueMin: number;
  /** Value of the highest bin (targets above are clipped to it). */
  valueMax: number;
  /** n of the n-step bootstrapped value target; 0 uses the outcome (the whole return). */
  bootstrapSteps: number;
  /** Also store each position's images under the model's symmetries (when it has any); updates still count moves. */
  augment?: boolean;
}

/** The network: outputs [batch, actionCount + valueOutputs] (policy logits, then the value head). */
export class AlphaZeroNetwork {
  /** Outputs of the value head: 1 (scalar) or valueBins. */
  readonly valueOutputs: number;
  private readonly support: Float32Array;

  /**
   * @param approximation the trained network and its optimizer (logs `loss/<name>`)
   * @param actionCount number of actions
   * @param options the value head's settings
   */
  constructor(
    readonly approximation: Approximation,
    readonly actionCount: number,
    readonly options: Pick<AlphaZeroOptions, 'valueHead' | 'valueBins' | 'valueMin' | 'valueMax'>,
  ) {
    this.valueOutputs = options.valueHead === 'scalar' ? 1 : options.valueBins;
    if (options.valueHead === 'categorical' && !(options.valueBins >= 2 && options.valueMax > options.valueMin)) {
      throw new ConfigError(`AlphaZero's categorical value head needs valueBins >= 2 and valueMax > valueMin; received ${options.valueBins} bins over [${options.valueMin}, ${options.valueMax}]`);
    }
    this.support = Float32Array.from({ length: this.valueOutputs }, (_, i) =>
      this.valueOutputs === 1 ? 0 : options.valueMin + ((options.valueMax - options.valueMin) * i) / (this.valueOutputs - 1),
    );
  }

  /** Splits network outputs into logits [batch, A] and value [batch] (inside tf.tidy). */
  heads(out: Tensor): { logits: Tensor; valueLogits: Tensor; value: Tensor } {
    const [logits, v] = tf.split(out, [this.actionCount, this.valueOutputs], 1) as [Tensor, Tensor];
    if (this.valueOutputs === 1) return { logits, valueLogits: v, value: tf.reshape(v, [-1]) };
    const value = tf.sum(tf.mul(tf.softmax(v), tf.tensor1d(this.support)), 1);
    return { logits, valueLogits: v, value };
  }

  /** An Evaluator for the search: one forward call per batch, typed arrays out. */
  evaluator(observationShape: readonly number[]): Evaluator {
    return (observations, count) =>
      tf.tidy(() => {
        const x = tf.tensor(observations, [count, ...observationShape]);
        const { logits, value } = this.heads(this.approximation.eval(x));
        return { logits: logits.dataSync() as Float32Array, values: value.dataSync() as Float32Array };
      });
  }

  /** The two-hot encoding of `targets` over the bins (jaxneurorl's scalar_to_two_hot). */
  twoHot(targets: Float32Array): Float32Array {
    const n = this.valueOutputs;
    const out = new Float32Array(targets.length * n);
    const { valueMin: lo, valueMax: hi } = this.options;
    targets.forEach((z, i) => {
      const x = ((Math.min(hi, Math.max(lo, z)) - lo) / (hi - lo)) * (n - 1);
      const below = Math.min(n - 2, Math.floor(x));
      const w = x - below;
      out[i * n + below] = 1 - w;
      out[i * n + below + 1] = w;
    });
    return out;
  }

  /**
   * One gradient step on a batch (see the file header for the loss).
   * @returns the policy and value losses
   */
  train(
    batch: { observations: Float32Array; policies: Float32Array; values: Float32Array; size: number },
    observationShape: readonly number[],
    valueWeight: number,
    l2: number,
  ): { policyLoss: number; valueLoss: number } {
    const categorical = this.valueOutputs > 1;
    return tf.tidy(() => {
      const x = tf.tensor(batch.observations, [batch.size, ...observationShape]);
      const pi = tf.tensor2d(batch.policies, [batch.size, this.actionCount]);
      const target = categorical ? tf.tensor2d(this.twoHot(batch.values), [batch.size, this.valueOutputs]) : tf.tensor1d(batch.values);
      const weights = this.approximation.model.variables.filter((v) => v.shape.length > 1);
      const out = this.approximation.reinforce(() => {
        const { logits, valueLogits, value } = this.heads(this.approximation.forward(x));
        const policyLoss = tf.neg(tf.mean(tf.sum(tf.mul(pi, tf.logSoftmax(logits)), 1))) as Scalar;
        const valueLoss = (categorical
          ? tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(valueLogits)), 1)))
          : tf.mean(tf.square(tf.sub(value, target)))) as Scalar;
        let loss = tf.add(policyLoss, tf.mul(valueWeight, valueLoss)) as Scalar;
        if (l2 > 0) loss = tf.add(loss, tf.mul(l2, tf.addN(weights.map((w) => tf.sum(tf.square(w)))))) as Scalar;
        return { loss, aux: { policyLoss: tf.reshape(policyLoss, [1]), valueLoss: tf.reshape(valueLoss, [1]) } };
      });
      return { policyLoss: out.aux.policyLoss[0]!, valueLoss: out.aux.valueLoss[0]! };
    });
  }
}

/** One recorded move of an episode. */
export interface MoveRecord {
  /** The mover's observation. */
  observation: Float32Array;
  /** The search's policy target. */
  policy: Float32Array;
  /** Who moved. */
  mover: number;
  /** Reward to the mover for this move. */
  reward: number;
  /** The search's value of the position (mover's view), for bootstrapping. */
  rootValue: number;
}

/**
 * Value targets of an episode's moves, each from its mover's view: with n = 0 (or n beyond the
 * end) the discounted sum of every later reward, an opponent's reward counting negatively; with
 * n > 0 the n-step return plus gamma^n times the search value n moves later (sign by mover).
 */
export function valueTargets(moves: readonly Pick<MoveRecord, 'mover' | 'reward' | 'rootValue'>[], discount: number, n: number): Float32Array {
  const T = moves.length;
  const out = new Float32Array(T);
  for (let t = 0; t < T; t++) {
    const me = moves[t]!.mover;
    const horizon = n > 0 ? Math.min(T, t + n) : T;
    let z = 0;
    let g = 1;
    for (let k = t; k < horizon; k++) {
      z += g * (moves[k]!.mover === me ? 1 : -1) * moves[k]!.reward;
      g *= discount;
    }
    if (n > 0 && t + n < T) z += g * (moves[t + n]!.mover === me ? 1 : -1) * moves[t + n]!.rootValue;
    out[t] = z;
  }
  return out;
}

/** A fixed-size ring of training positions (observation, policy target, value target); the oldest is overwritten. */
export class AlphaZeroReplay {
  private readonly observations: Float32Array;
  private readonly policies: Float32Array;
  private readonly values: Float32Array;
  private next = 0;
  /** Positions stored (at most the capacity). */
  size = 0;

  constructor(
    readonly capacity: number,
    readonly observationSize: number,
    readonly actionCount: number,
  ) {
    this.observations = new Float32Array(capacity * observationSize);
    this.policies = new Float32Array(capacity * actionCount);
    this.values = new Float32Array(capacity);
  }

  /** Adds one position. */
  add(observation: Float32Array, policy: Float32Array, value: number): void {
    this.observations.set(observation, this.next * this.observationSize);
    this.policies.set(policy, this.next * this.actionCount);
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** A uniform sample (with replacement) of `n` positions. */
  sample(n: number, rng: Random): { observations: Float32Array; policies: Float32Array; values: Float32Array; size: number } {
    const observations = new Float32Array(n * this.observationSize);
    const policies = new Float32Array(n * this.actionCount);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const j = rng.int(this.size);
      observations.set(this.observations.subarray(j * this.observationSize, (j + 1) * this.observationSize), i * this.observationSize);
      policies.set(this.policies.subarray(j * this.actionCount, (j + 1) * this.actionCount), i * this.actionCount);
      values[i] = this.values[j]!;
    }
    return { observations, policies, values, size: n };
  }
}

/** What one `selfPlay` call produced. */
export interface SelfPlayResult {
  /** Return of each finished episode for player 0 (Catch: +1 / -1; games: +1 win, 0 draw, -1 loss). */
  returns: number[];
  /** Moves played. */
  moves: number;
}

/** Searches `roots` with the agent's settings. */
function search<S>(
  model: SearchModel<S>,
  roots: S[],
  evaluate: Evaluator,
  o: AlphaZeroOptions,
  rng: Random,
  training: boolean,
  moveNumbers: number[],
): SearchResult[] {
  if (o.search === 'gumbel') {
    return gumbel({ model, roots, evaluate, simulations: o.simulations, rng, discount: o.discount, maxConsideredActions: o.maxConsideredActions, gumbelScale: training ? 1 : 0 });
  }
  const results = puct({ model, roots, evaluate, simulations: o.simulations, rng, discount: o.discount, dirichletAlpha: o.dirichletAlpha, dirichletFraction: training ? o.dirichletFraction : 0, temperature: 0 });
  if (!training) return results;
  // the temperature schedule: sample from visits for the first moves of each episode
  return results.map((r, i) => {
    if (moveNumbers[i]! >= o.temperatureMoves) return r;
    const total = r.visits.reduce((s, n) => s + n, 0);
    let u = rng.random() * total;
    let action = r.action;
    for (let a = 0; a < r.visits.length; a++) {
      u -= r.visits[a]!;
      if (u < 0 && r.visits[a]! > 0) {
        action = a;
        break;
      }
    }
    return { ...r, action };
  });
}

/** The AlphaZero agent (see the file header). */
export class AlphaZero<S> implements Agent {
  /** The replay of training positions. */
  readonly replay: AlphaZeroReplay;
  private readonly evaluate: Evaluator;
  private readonly observationSize: number;
  private episode: MoveRecord[] = [];
  private pendingUpdates = 0;
  private lastAction = -1;
  /** Gradient steps taken. */
  updates = 0;

  /**
   * @param model the ground-truth model searched
   * @param initialState a fresh episode's first state (e.g. the empty board, or Catch with a random column)
   * @param network the policy-value network
   * @param options settings (see AlphaZeroOptions)
   * @param rng search noise, action sampling and replay sampling
   * @param logger receives `loss/policy`, `loss/value`
   */
  constructor(
    readonly model: SearchModel<S>,
    readonly initialState: (rng: Random) => S,
    readonly network: AlphaZeroNetwork,
    readonly options: AlphaZeroOptions,
    private readonly rng: Random,
    private readonly logger: Logger = new DummyLogger(),
  ) {
    if (!Number.isInteger(options.simulations) || options.simulations < 1) {
      throw new ConfigError(`AlphaZero needs simulations >= 1 (an integer); received ${options.simulations}`);
    }
    this.observationSize = model.observationShape.reduce((a, b) => a * b, 1);
    this.replay = new AlphaZeroReplay(options.replayCapacity, this.observationSize, model.actionCount);
    this.evaluate = network.evaluator(model.observationShape);
  }

  /**
   * Agent interface: the reward of the last move arrives with `state`; the search picks the next
   * move from the position `state.observation` shows. At the end of an episode the moves go to the
   * replay and the network trains. Every move recorded is taken to be this agent's (a single-player
   * task, or one seat of a two-player game); for self-play use `selfPlay`.
   */
  act(state: State): number {
    const last = this.episode[this.episode.length - 1];
    if (last !== undefined && state.reward !== 0) last.reward += state.reward;
    if (state.done) {
      this.finishEpisode(this.episode);
      this.episode = [];
      return this.lastAction >= 0 ? this.lastAction : 0;
    }
    const position = this.model.fromObservation(state.observation);
    const [r] = search(this.model, [position], this.evaluate, this.options, this.rng, true, [this.episode.length]);
    this.episode.push({ observation: this.model.observation(position), policy: r!.policy, mover: this.model.toPlay(position), reward: 0, rootValue: r!.value });
    this.lastAction = r!.action;
    return r!.action;
  }

  /**
   * Plays `games` episodes from `initialState`, `parallelGames` at a time, each move chosen by a
   * search whose leaf evaluations of all games share one network call per simulation; trains as
   * positions arrive (updatesPerPosition).
   */
  selfPlay(games: number): SelfPlayResult {
    const returns: number[] = [];
    let moves = 0;
    let started = 0;
    type Game = { state: S; moves: MoveRecord[] };
    const active: Game[] = [];
    const start = (): void => {
      while (active.length < this.options.parallelGames && started < games) {
        active.push({ state: this.initialState(this.rng), moves: [] });
        started++;
      }
    };
    start();
    while (active.length > 0) {
      const results = search(this.model, active.map((g) => g.state), this.evaluate, this.options, this.rng, true, active.map((g) => g.moves.length));
      for (let i = active.length - 1; i >= 0; i--) {
        const g = active[i]!;
        const r = results[i]!;
        const out = this.model.step(g.state, r.action);
        g.moves.push({ observation: this.model.observation(g.state), policy: r.policy, mover: this.model.toPlay(g.state), reward: out.reward, rootValue: r.value });
        g.state = out.state;
        moves++;
        if (out.terminal) {
          returns.push(g.moves.reduce((s, m) => s + (m.mover === 0 ? m.reward : -m.reward), 0));
          this.finishEpisode(g.moves);
          active.splice(i, 1);
        }
      }
      start();
    }
    return { returns, moves };
  }

  /** Moves of a finished episode go to the replay; then the updates they are owed run. */
  private finishEpisode(moves: MoveRecord[]): void {
    if (moves.length === 0) return;
    const targets = valueTargets(moves, this.options.discount, this.options.bootstrapSteps);
    moves.forEach((m, t) => {
      this.replay.add(m.observation, m.policy, targets[t]!);
      if (this.options.augment && this.model.symmetries !== undefined) {
        for (const [o, p] of this.model.symmetries(m.observation, m.policy)) this.replay.add(o, p, targets[t]!);
      }
    });
    if (this.replay.size < this.options.replayStart) return;
    // updates are owed per move played (not per augmented image)
    this.pendingUpdates += moves.length * this.options.updatesPerPosition;
    while (this.pendingUpdates >= 1) {
      this.pendingUpdates -= 1;
      this.trainStep();
    }
  }

  /** One gradient step on a uniform minibatch. */
  trainStep(): void {
    const batch = this.replay.sample(this.options.minibatchSize, this.rng);
    const { policyLoss, valueLoss } = this.network.train(batch, this.model.observationShape, this.options.valueWeight, this.options.l2);
    this.updates++;
    if (this.logger.verbose !== false) {
      this.logger.addLoss('policy', policyLoss);
      this.logger.addLoss('value', valueLoss);
    }
  }
}

/** Plays greedily from the search, without noise or training (the evaluation player). */
export class AlphaZeroTestAgent<S> implements Agent {
  private readonly evaluate: Evaluator;
  /**
   * @param model the ground-truth model searched
   * @param network the trained network (shared, not copied: the player uses the current weights)
   * @param options the search settings (noise is off: no Dirichlet noise, temperature 0, Gumbel scale 0)
   * @param rng only used by the search's bookkeeping
   */
  constructor(
    readonly model: SearchModel<S>,
    network: AlphaZeroNetwork,
    readonly options: AlphaZeroOptions,
    private readonly rng: Random = new Random(0),
  ) {
    this.evaluate = network.evaluator(model.observationShape);
  }

  /** The search's greedy action in the position `state.observation` shows. */
  act(state: State): number {
    if (state.done) return 0;
    return this.actOn(this.model.fromObservation(state.observation));
  }

  /** The search's greedy action in `position`. */
  actOn(position: S): number {
    return this.actOnMany([position])[0]!;
  }

  /** The greedy actions in many positions, searched together (one network call per simulation step). */
  actOnMany(positions: S[]): number[] {
    if (positions.length === 0) return [];
    return search(this.model, positions, this.evaluate, this.options, this.rng, false, positions.map(() => 0)).map((r) => r.action);
  }
}
