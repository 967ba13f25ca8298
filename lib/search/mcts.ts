/**
 * Monte-Carlo tree search as pure functions over a SearchModel (lib/search/model.ts), batched
 * across many roots: every simulation descends one path in each tree, then ONE call of the
 * evaluator scores all the new leaves (tfjs calls cost microseconds of overhead each, so a
 * network is called once per simulation step, not once per leaf).
 *
 * - `puct`: AlphaZero's search (Silver et al. 2018, https://arxiv.org/abs/1712.01815) with
 *   MuZero's pUCT rule (Schrittwieser et al. 2020, https://arxiv.org/abs/1911.08265, Appendix B):
 *   score = Q + P * sqrt(N) * (c1 + log((N + c2 + 1) / c2)) / (1 + n), c1 = 1.25, c2 = 19652,
 *   Q min-max normalised over the values seen in the tree (0 for an unvisited child), Dirichlet
 *   noise at the root (alpha 0.3, fraction 0.25), the action drawn from visit counts with a
 *   temperature; the policy target is the visit distribution.
 * - `gumbel`: Gumbel MuZero (Danihelka et al. 2022, "Policy improvement by planning with Gumbel",
 *   https://openreview.net/forum?id=bERaNdoegnO), following mctx's `gumbel_muzero_policy`:
 *   Gumbel-top-k of up to 16 root actions, sequential halving of the simulation budget, the
 *   completed Q-values with the mixed value, sigma(q) = (50 + max n) * 0.1 * q after min-max
 *   rescaling, the deterministic interior selection, and softmax(logits + sigma(completed q)) as
 *   the improved policy target. Works with as few as 2 simulations.
 *
 * Deliberate differences from mctx: the model is the ground truth (a `SearchModel`), not a learned
 * recurrent function, so terminal states are known and score 0 beyond their reward; the mixed
 * value uses the network's raw value at the node (the paper's v-hat) rather than mctx's running
 * node average; completed Q-values are rescaled over the legal actions only. Two-player games use
 * the convention of model.ts (values from the mover's view; the backup negates when the player to
 * move changes), which is mctx's `discount = -1` for alternating games.
 */
import { ConfigError, StateError } from '../core/errors';
import { Random, sampleGamma } from '../core/random';
import type { SearchModel } from './model';

/** The first pUCT constant of MuZero (c1). */
export const PUCT_C1 = 1.25;
/** The second pUCT constant of MuZero (c2). */
export const PUCT_C2 = 19652;
/** AlphaZero's Dirichlet alpha for chess-like games (0.3) and its root noise fraction (0.25). */
export const DIRICHLET_ALPHA = 0.3;
/** See DIRICHLET_ALPHA. */
export const DIRICHLET_FRACTION = 0.25;

/** What an evaluator returns for `count` states: `logits` [count * actionCount] and `values` [count] (mover's view). */
export interface Evaluation {
  /** Prior logits, row-major [count, actionCount]; illegal actions are masked by the search. */
  logits: Float32Array;
  /** Value estimates in the view of each state's player to move. */
  values: Float32Array;
}

/**
 * Scores `count` states at once: `observations` holds their observations back to back
 * (count * size of the model's observationShape). A network evaluator makes one forward call here.
 */
export type Evaluator = (observations: Float32Array, count: number) => Evaluation;

/** What a search returns for one root. */
export interface SearchResult {
  /** The action to take. */
  action: number;
  /** The policy target: visit distribution (puct) or improved policy (gumbel); 0 on illegal actions. */
  policy: Float32Array;
  /** Visits of each root action. */
  visits: Int32Array;
  /** Q of each root action in the root mover's view (reward + discount * signed child value); 0 when unvisited. */
  qValues: Float32Array;
  /** The root's value: the mean of its backed-up values, in the mover's view. */
  value: number;
  /** The evaluator's raw value of the root. */
  rawValue: number;
}

/** Options every search takes. */
export interface SearchOptions<S> {
  /** The ground-truth model. */
  model: SearchModel<S>;
  /** The states to search from, one tree each (batched together); none may be terminal. */
  roots: readonly S[];
  /** Scores leaves, many at a time. */
  evaluate: Evaluator;
  /** Simulations per root (>= 1). */
  simulations: number;
  /** Noise and sampling generator. Default: `new Random(0)`. */
  rng?: Random;
  /** Discount per step (the sign for a change of player is applied separately). Default 1. */
  discount?: number;
}

/** Options of `puct`. */
export interface PuctOptions<S> extends SearchOptions<S> {
  /** Default PUCT_C1 (1.25). */
  c1?: number;
  /** Default PUCT_C2 (19652). */
  c2?: number;
  /** Dirichlet alpha of the root noise. Default 0.3. */
  dirichletAlpha?: number;
  /** Share of the noise in the root prior; 0 disables the noise. Default 0.25. */
  dirichletFraction?: number;
  /** Temperature of the action drawn from visit counts; 0 takes the most visited. Default 1. */
  temperature?: number;
}

/** Options of `gumbel`. */
export interface GumbelOptions<S> extends SearchOptions<S> {
  /** Root actions sampled without replacement by Gumbel-top-k. Default 16. */
  maxConsideredActions?: number;
  /** Scale of the Gumbel noise; 0 for a deterministic (evaluation) search. Default 1. */
  gumbelScale?: number;
  /** sigma's visit offset (mctx maxvisit_init). Default 50. */
  maxVisitInit?: number;
  /** sigma's scale (mctx value_scale). Default 0.1. */
  valueScale?: number;
}

class Node<S> {
  visits = 0;
  valueSum = 0;
  logits: Float32Array | undefined;
  prior: Float32Array | undefined;
  rawValue = 0;
  readonly children: (Node<S> | undefined)[];
  readonly legal: Uint8Array;
  constructor(
    readonly state: S,
    readonly toPlay: number,
    readonly reward: number,
    readonly terminal: boolean,
    model: SearchModel<S>,
  ) {
    this.children = new Array(model.actionCount).fill(undefined);
    this.legal = terminal ? new Uint8Array(model.actionCount) : model.legalMask(state);
  }
  get value(): number {
    return this.visits === 0 ? 0 : this.valueSum / this.visits;
  }
  get expanded(): boolean {
    return this.prior !== undefined;
  }
}

/** Running min and max of the Q-values seen in one tree (MuZero's MinMaxStats). */
export class MinMaxStats {
  min = Infinity;
  max = -Infinity;
  /** Records a value. */
  update(v: number): void {
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }
  /** (v - min) / (max - min) once two different values were seen; `v` unchanged before. */
  normalize(v: number): number {
    return this.max > this.min ? (v - this.min) / (this.max - this.min) : v;
  }
}

interface Tree<S> {
  root: Node<S>;
  stats: MinMaxStats;
  /** Gumbel noise of the root actions (gumbel only). */
  gumbel?: Float32Array;
  /** Number of root actions considered (gumbel only). */
  considered?: number;
}

/**
 * MuZero's pUCT score of one child.
 * @param q the child's normalised Q (0 when unvisited)
 * @param prior the child's prior probability
 * @param parentVisits N, the parent's visit count
 * @param childVisits n, the child's visit count
 */
export function puctScore(q: number, prior: number, parentVisits: number, childVisits: number, c1 = PUCT_C1, c2 = PUCT_C2): number {
  return q + (prior * Math.sqrt(parentVisits) * (c1 + Math.log((parentVisits + c2 + 1) / c2))) / (1 + childVisits);
}

export { sampleGamma };

/**
 * A Dirichlet(alpha) sample over the legal actions (0 on illegal ones).
 * @param legal 1 per legal action
 */
export function dirichletNoise(rng: Random, alpha: number, legal: Uint8Array): Float32Array {
  const out = new Float32Array(legal.length);
  let sum = 0;
  for (let a = 0; a < legal.length; a++) {
    if (!legal[a]) continue;
    const g = sampleGamma(rng, alpha);
    out[a] = g;
    sum += g;
  }
  if (sum > 0) for (let a = 0; a < out.length; a++) out[a]! /= sum;
  return out;
}

/** AlphaZero's root prior: (1 - fraction) * prior + fraction * noise. */
export function mixNoise(prior: Float32Array, noise: Float32Array, fraction: number): Float32Array {
  return prior.map((p, a) => (1 - fraction) * p + fraction * noise[a]!);
}

/** Softmax of `logits` over the legal actions (0 on illegal ones). */
export function maskedSoftmax(logits: ArrayLike<number>, legal: Uint8Array): Float32Array {
  const out = new Float32Array(legal.length);
  let max = -Infinity;
  for (let a = 0; a < legal.length; a++) if (legal[a] && logits[a]! > max) max = logits[a]!;
  let sum = 0;
  for (let a = 0; a < legal.length; a++) {
    if (!legal[a]) continue;
    out[a] = Math.exp(logits[a]! - max);
    sum += out[a]!;
  }
  for (let a = 0; a < legal.length; a++) out[a]! /= sum;
  return out;
}

/**
 * An action drawn with probability proportional to visits^(1 / temperature); temperature 0 takes
 * the most visited action (the lowest index among ties).
 */
export function actionFromVisits(visits: ArrayLike<number>, temperature: number, rng: Random): number {
  let best = 0;
  for (let a = 1; a < visits.length; a++) if (visits[a]! > visits[best]!) best = a;
  if (temperature === 0) return best;
  const w = Array.from(visits, (n) => (n > 0 ? Math.pow(n / visits[best]!, 1 / temperature) : 0));
  const total = w.reduce((s, x) => s + x, 0);
  let u = rng.random() * total;
  for (let a = 0; a < w.length; a++) {
    u -= w[a]!;
    if (u < 0 && w[a]! > 0) return a;
  }
  return best;
}

/** An evaluator without a network: uniform logits and value 0 (plain MCTS with zero-valued leaves). */
export function uniformEvaluator(actionCount: number): Evaluator {
  return (_observations, count) => ({ logits: new Float32Array(count * actionCount), values: new Float32Array(count) });
}

/** Q of `child` in `parent`'s view. */
function qOf<S>(parent: Node<S>, child: Node<S>, discount: number): number {
  return child.reward + discount * (child.toPlay === parent.toPlay ? 1 : -1) * child.value;
}

function childQ<S>(node: Node<S>, discount: number): Float32Array {
  const q = new Float32Array(node.children.length);
  node.children.forEach((c, a) => {
    if (c !== undefined && c.visits > 0) q[a] = qOf(node, c, discount);
  });
  return q;
}

function childVisits<S>(node: Node<S>): Int32Array {
  return Int32Array.from(node.children, (c) => c?.visits ?? 0);
}

/** Backs `value` (the leaf mover's view) up `path`, updating the tree's min-max statistics. */
function backup<S>(tree: Tree<S>, path: Node<S>[], leafValue: number, discount: number): void {
  let v = leafValue;
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    node.valueSum += v;
    node.visits += 1;
    if (i > 0) {
      const parent = path[i - 1]!;
      v = node.reward + discount * (node.toPlay === parent.toPlay ? 1 : -1) * v;
      tree.stats.update(qOf(parent, node, discount));
    }
  }
}

function expand<S>(node: Node<S>, logits: Float32Array, value: number): void {
  node.logits = logits;
  node.prior = maskedSoftmax(logits, node.legal);
  node.rawValue = value;
}

function evaluateNodes<S>(model: SearchModel<S>, evaluate: Evaluator, nodes: Node<S>[]): Evaluation {
  const size = model.observationShape.reduce((a, b) => a * b, 1);
  const obs = new Float32Array(nodes.length * size);
  nodes.forEach((n, i) => obs.set(model.observation(n.state), i * size));
  const out = evaluate(obs, nodes.length);
  if (out.logits.length !== nodes.length * model.actionCount || out.values.length !== nodes.length) {
    throw new ConfigError(
      `Search evaluator returned ${out.logits.length} logits and ${out.values.length} values for ${nodes.length} states; ` +
        `expected ${nodes.length * model.actionCount} logits (count x actionCount) and ${nodes.length} values`,
    );
  }
  return out;
}

function checkOptions<S>(o: SearchOptions<S>, name: string): void {
  if (!Number.isInteger(o.simulations) || o.simulations < 1) {
    throw new ConfigError(`mcts.${name}: simulations must be an integer >= 1; received ${o.simulations}`);
  }
  o.roots.forEach((r, i) => {
    if (o.model.isTerminal(r)) throw new StateError(`mcts.${name}: root ${i} is terminal; search only states where an action can be taken`);
  });
}

/** Builds and evaluates the roots (one evaluator call). */
function makeTrees<S>(o: SearchOptions<S>): Tree<S>[] {
  const roots = o.roots.map((s) => new Node(o.model.clone(s), o.model.toPlay(s), 0, false, o.model));
  const ev = evaluateNodes(o.model, o.evaluate, roots);
  const A = o.model.actionCount;
  return roots.map((root, i) => {
    expand(root, ev.logits.slice(i * A, (i + 1) * A), ev.values[i]!);
    root.valueSum = ev.values[i]!;
    root.visits = 1;
    return { root, stats: new MinMaxStats() };
  });
}

type Selector<S> = (tree: Tree<S>, node: Node<S>) => number;

/** Runs `simulations` simulations in every tree, one evaluator call per simulation step. */
function simulate<S>(o: SearchOptions<S>, trees: Tree<S>[], selectRoot: Selector<S>, selectInterior: Selector<S>): void {
  const discount = o.discount ?? 1;
  const A = o.model.actionCount;
  for (let sim = 0; sim < o.simulations; sim++) {
    const leaves: { tree: Tree<S>; path: Node<S>[] }[] = [];
    for (const tree of trees) {
      const path = [tree.root];
      let node = tree.root;
      for (;;) {
        const a = node === tree.root ? selectRoot(tree, node) : selectInterior(tree, node);
        let child = node.children[a];
        if (child === undefined) {
          const out = o.model.step(node.state, a);
          child = new Node(out.state, out.terminal ? node.toPlay : o.model.toPlay(out.state), out.reward, out.terminal, o.model);
          node.children[a] = child;
          path.push(child);
          if (child.terminal) backup(tree, path, 0, discount);
          else leaves.push({ tree, path });
          break;
        }
        path.push(child);
        if (child.terminal) {
          backup(tree, path, 0, discount);
          break;
        }
        node = child;
      }
    }
    if (leaves.length === 0) continue;
    const ev = evaluateNodes(o.model, o.evaluate, leaves.map((l) => l.path[l.path.length - 1]!));
    leaves.forEach((l, i) => {
      const leaf = l.path[l.path.length - 1]!;
      expand(leaf, ev.logits.slice(i * A, (i + 1) * A), ev.values[i]!);
      backup(l.tree, l.path, ev.values[i]!, discount);
    });
  }
}

function argmaxLegal(scores: ArrayLike<number>, legal: Uint8Array): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let a = 0; a < legal.length; a++) {
    if (legal[a] && (best < 0 || scores[a]! > bestScore)) {
      best = a;
      bestScore = scores[a]!;
    }
  }
  return best;
}

/**
 * AlphaZero's search with MuZero's pUCT rule (see the file header), one tree per root, batched.
 * @returns one SearchResult per root, in order
 */
export function puct<S>(options: PuctOptions<S>): SearchResult[] {
  checkOptions(options, 'puct');
  const rng = options.rng ?? new Random(0);
  const c1 = options.c1 ?? PUCT_C1;
  const c2 = options.c2 ?? PUCT_C2;
  const discount = options.discount ?? 1;
  const fraction = options.dirichletFraction ?? DIRICHLET_FRACTION;
  const alpha = options.dirichletAlpha ?? DIRICHLET_ALPHA;
  const temperature = options.temperature ?? 1;
  const trees = makeTrees(options);
  if (fraction > 0) for (const t of trees) t.root.prior = mixNoise(t.root.prior!, dirichletNoise(rng, alpha, t.root.legal), fraction);
  const select: Selector<S> = (tree, node) => {
    const scores = new Float32Array(node.children.length);
    for (let a = 0; a < scores.length; a++) {
      if (!node.legal[a]) continue;
      const c = node.children[a];
      const n = c?.visits ?? 0;
      const q = n > 0 ? tree.stats.normalize(qOf(node, c!, discount)) : 0;
      scores[a] = puctScore(q, node.prior![a]!, node.visits, n, c1, c2);
    }
    return argmaxLegal(scores, node.legal);
  };
  simulate(options, trees, select, select);
  return trees.map(({ root }) => {
    const visits = childVisits(root);
    const total = visits.reduce((s, n) => s + n, 0);
    return {
      action: actionFromVisits(visits, temperature, rng),
      policy: Float32Array.from(visits, (n) => n / total),
      visits,
      qValues: childQ(root, discount),
      value: root.value,
      rawValue: root.rawValue,
    };
  });
}

/**
 * mctx's `get_sequence_of_considered_visits`: the visit count a root action must have to be
 * selected at each simulation of sequential halving with `m` considered actions.
 */
export function consideredVisitSequence(m: number, simulations: number): number[] {
  if (m <= 1) return Array.from({ length: simulations }, (_, i) => i);
  const log2max = Math.ceil(Math.log2(m));
  const sequence: number[] = [];
  const visits = new Array<number>(m).fill(0);
  let considered = m;
  while (sequence.length < simulations) {
    const extra = Math.max(1, Math.floor(simulations / (log2max * considered)));
    for (let k = 0; k < extra; k++) {
      sequence.push(...visits.slice(0, considered));
      for (let i = 0; i < considered; i++) visits[i]! += 1;
    }
    considered = Math.max(2, Math.floor(considered / 2));
  }
  return sequence.slice(0, simulations);
}

/**
 * Gumbel MuZero's sigma(completed Q) of `node`'s actions (mctx qtransform_completed_by_mix_value):
 * visited actions keep their Q, unvisited ones get the mixed value; min-max rescaled over the
 * legal actions, then times (maxVisitInit + max n) * valueScale.
 */
function completedQ<S>(node: Node<S>, discount: number, maxVisitInit = 50, valueScale = 0.1): Float32Array {
  const q = childQ(node, discount);
  const visits = childVisits(node);
  const prior = node.prior!;
  let sumN = 0;
  let sumP = 0;
  let maxN = 0;
  for (let a = 0; a < visits.length; a++) {
    if (visits[a]! > 0) {
      sumN += visits[a]!;
      sumP += Math.max(prior[a]!, 1e-38);
      maxN = Math.max(maxN, visits[a]!);
    }
  }
  let weighted = 0;
  for (let a = 0; a < visits.length; a++) if (visits[a]! > 0) weighted += (Math.max(prior[a]!, 1e-38) * q[a]!) / sumP;
  const mixed = sumN > 0 ? (node.rawValue + sumN * weighted) / (sumN + 1) : node.rawValue;
  const completed = new Float32Array(q.length);
  let min = Infinity;
  let max = -Infinity;
  for (let a = 0; a < q.length; a++) {
    if (!node.legal[a]) continue;
    completed[a] = visits[a]! > 0 ? q[a]! : mixed;
    min = Math.min(min, completed[a]!);
    max = Math.max(max, completed[a]!);
  }
  const scale = (maxVisitInit + maxN) * valueScale;
  for (let a = 0; a < q.length; a++) completed[a] = node.legal[a] ? (scale * (completed[a]! - min)) / Math.max(max - min, 1e-8) : 0;
  return completed;
}

function sampleGumbel(rng: Random): number {
  const u = Math.min(Math.max(rng.random(), 1e-12), 1 - 1e-12);
  return -Math.log(-Math.log(u));
}

/**
 * Gumbel MuZero's search (see the file header), one tree per root, batched.
 * @returns one SearchResult per root, in order; `policy` is the improved policy softmax(logits + sigma(completed Q))
 */
export function gumbel<S>(options: GumbelOptions<S>): SearchResult[] {
  checkOptions(options, 'gumbel');
  const rng = options.rng ?? new Random(0);
  const discount = options.discount ?? 1;
  const m = options.maxConsideredActions ?? 16;
  const scale = options.gumbelScale ?? 1;
  const maxVisitInit = options.maxVisitInit ?? 50;
  const valueScale = options.valueScale ?? 0.1;
  const trees = makeTrees(options);
  const sequences = new Map<number, number[]>();
  for (const t of trees) {
    t.gumbel = Float32Array.from(t.root.legal, () => scale * sampleGumbel(rng));
    const legalCount = t.root.legal.reduce((s, x) => s + x, 0);
    t.considered = Math.min(m, legalCount);
    if (!sequences.has(t.considered)) sequences.set(t.considered, consideredVisitSequence(t.considered, options.simulations));
  }
  const sigma = (node: Node<S>) => completedQ(node, discount, maxVisitInit, valueScale);
  // mctx score_considered: max(-1e9, g + logits - max(logits) + sigma(q)) among actions with the given visit count
  const considered = (tree: Tree<S>, visitsWanted: number): number => {
    const root = tree.root;
    const s = sigma(root);
    const visits = childVisits(root);
    let maxLogit = -Infinity;
    for (let a = 0; a < visits.length; a++) if (root.legal[a]) maxLogit = Math.max(maxLogit, root.logits![a]!);
    const scores = new Float64Array(visits.length);
    for (let a = 0; a < visits.length; a++) {
      const base = Math.max(-1e9, tree.gumbel![a]! + root.logits![a]! - maxLogit + s[a]!);
      scores[a] = visits[a] === visitsWanted ? base : -Infinity;
    }
    return argmaxLegal(scores, root.legal);
  };
  const selectRoot: Selector<S> = (tree, root) => {
    const index = childVisits(root).reduce((s, n) => s + n, 0);
    return considered(tree, sequences.get(tree.considered!)![index]!);
  };
  const selectInterior: Selector<S> = (_tree, node) => {
    const visits = childVisits(node);
    const total = visits.reduce((s, n) => s + n, 0);
    const s = sigma(node);
    const probs = maskedSoftmax(node.logits!.map((l, a) => l + s[a]!), node.legal);
    return argmaxLegal(probs.map((p, a) => p - visits[a]! / (1 + total)), node.legal);
  };
  simulate(options, trees, selectRoot, selectInterior);
  return trees.map((tree) => {
    const root = tree.root;
    const visits = childVisits(root);
    const s = sigma(root);
    return {
      action: considered(tree, Math.max(...visits)),
      policy: maskedSoftmax(root.logits!.map((l, a) => l + s[a]!), root.legal),
      visits,
      qValues: childQ(root, discount),
      value: root.value,
      rawValue: root.rawValue,
    };
  });
}
