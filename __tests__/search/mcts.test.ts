/**
 * Monte-Carlo tree search (lib/search/mcts.ts) against known models: forced wins, minimax-optimal
 * tic-tac-toe moves, Gumbel search with 2 simulations, hand-computed pUCT scores and Dirichlet
 * noise, batching, and no tensor leak.
 */
import { Random } from '../../lib/core/random';
import {
  actionFromVisits,
  consideredVisitSequence,
  dirichletNoise,
  gumbel,
  mixNoise,
  puct,
  puctScore,
  uniformEvaluator,
  type Evaluator,
} from '../../lib/search/mcts';
import type { SearchModel } from '../../lib/search/model';
import { tf } from '../../lib/tf';
import { ConnectFour } from '../../environments/games/connect_four';
import { connectFourModel, ticTacToeModel } from '../../environments/games/search_models';
import { TicTacToe } from '../../environments/games/tictactoe';
import { optimalMoves, solveTicTacToe } from '../../environments/games/tictactoe_minimax';
import { expectNoTensorLeak } from '../helpers/leak_check';

const ttt = ticTacToeModel();

/** Values by random playouts (mover's view), uniform logits: no network, no knowledge. */
function rolloutEvaluator<S>(model: SearchModel<S>, rng: Random, playouts = 2): Evaluator {
  const size = model.observationShape.reduce((a, b) => a * b, 1);
  return (obs, count) => {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const start = model.fromObservation(obs.subarray(i * size, (i + 1) * size));
      const me = model.toPlay(start);
      let total = 0;
      for (let p = 0; p < playouts; p++) {
        let s = start;
        let value = 0;
        while (!model.isTerminal(s)) {
          const legal = [...model.legalMask(s)].flatMap((m, a) => (m ? [a] : []));
          const mover = model.toPlay(s);
          const out = model.step(s, legal[rng.int(legal.length)]!);
          if (out.reward !== 0) value = mover === me ? out.reward : -out.reward;
          s = out.state;
        }
        total += value;
      }
      values[i] = total / playouts;
    }
    return { logits: new Float32Array(count * model.actionCount), values };
  };
}

function empty(p: TicTacToe): number {
  return p.cells.filter((c) => c === 0).length;
}

/** Reachable non-terminal positions, depth-first from the empty board. */
function positions(): TicTacToe[] {
  const seen = new Map<string, TicTacToe>();
  const visit = (p: TicTacToe): void => {
    if (seen.has(p.key()) || p.over) return;
    seen.set(p.key(), p);
    for (let a = 0; a < 9; a++) if (p.isLegal(a)) visit(p.play(a));
  };
  visit(new TicTacToe());
  return [...seen.values()];
}

const ALL = positions();

describe('mcts on known models', () => {
  it('finds a forced win in one move (tic-tac-toe and connect four), with puct and gumbel', () => {
    // X (player 0) at cells 0 and 1, O at 3 and 4: X wins with cell 2
    const p = TicTacToe.fromCells([1, 1, 0, 2, 2, 0, 0, 0, 0]);
    expect(p.toPlay).toBe(0);
    const [a] = puct({ model: ttt, roots: [p], evaluate: uniformEvaluator(9), simulations: 50, dirichletFraction: 0, temperature: 0 });
    expect(a!.action).toBe(2);
    const [g] = gumbel({ model: ttt, roots: [p], evaluate: uniformEvaluator(9), simulations: 16, rng: new Random(1) });
    expect(g!.action).toBe(2);
    // connect four: player 0 has three in column 3 (bottom rows 5, 4, 3); column 3 wins
    let c = new ConnectFour();
    for (const m of [3, 0, 3, 0, 3, 6]) c = c.play(m);
    const c4 = connectFourModel();
    const [b] = puct({ model: c4, roots: [c], evaluate: uniformEvaluator(7), simulations: 100, dirichletFraction: 0, temperature: 0 });
    expect(b!.action).toBe(3);
    const [h] = gumbel({ model: c4, roots: [c], evaluate: uniformEvaluator(7), simulations: 8, rng: new Random(2) });
    expect(h!.action).toBe(3);
  });

  it('finds a forced win in two moves in every tic-tac-toe position that has one and no win in one', () => {
    // a win in two moves (mine, theirs, mine) scores 1 + (E - 3) in solveTicTacToe, E the empty cells now
    const cases = ALL.filter((p) => solveTicTacToe(p) > 0 && solveTicTacToe(p) === empty(p) - 2);
    expect(cases.length).toBeGreaterThan(50);
    const rng = new Random(3);
    const picked = Array.from({ length: 24 }, () => cases[rng.int(cases.length)]!);
    const results = puct({ model: ttt, roots: picked, evaluate: rolloutEvaluator(ttt, new Random(4)), simulations: 300, dirichletFraction: 0, temperature: 0 });
    const misses = picked.filter((p, i) => !optimalMoves(p).includes(results[i]!.action));
    expect(misses.map((p) => p.key())).toEqual([]);
    // the winning move's Q is a win (+1) from the mover's view once the tree is searched
    results.forEach((r) => expect(r.qValues[r.action]!).toBeGreaterThan(0.5));
    // (Gumbel search is not asserted here: with these noisy random-playout values its completed-Q
    // rescaling, as mctx's, can lock an interior node onto one child; it missed 2 of 24 at 200 simulations.)
  });

  it('with a uniform prior and enough simulations, visits concentrate on minimax-optimal moves', () => {
    const rng = new Random(5);
    // positions where some move is not optimal (so the test can fail)
    const candidates = ALL.filter((p) => optimalMoves(p).length < p.legalMask().reduce((s, m) => s + m, 0));
    const picked = [new TicTacToe(), ...Array.from({ length: 29 }, () => candidates[rng.int(candidates.length)]!)];
    const results = puct({ model: ttt, roots: picked, evaluate: rolloutEvaluator(ttt, new Random(6)), simulations: 800, dirichletFraction: 0, temperature: 0 });
    let share = 0;
    picked.forEach((p, i) => {
      const r = results[i]!;
      const optimal = optimalMoves(p);
      expect(optimal).toContain(r.action);
      const total = r.visits.reduce((s, n) => s + n, 0);
      expect(total).toBe(800);
      share += optimal.reduce((s, a) => s + r.visits[a]!, 0) / total;
    });
    // most of the search effort goes to optimal moves
    expect(share / picked.length).toBeGreaterThan(0.7);
  });

  it('gumbel with 2 simulations picks the better of two actions of known value', () => {
    // a one-step model: action 0 is worth 0.2, action 1 is worth 0.8 (terminal rewards)
    const model: SearchModel<number> = {
      actionCount: 2,
      observationShape: [1],
      clone: (s) => s,
      legalMask: (s) => (s === 0 ? new Uint8Array([1, 1]) : new Uint8Array(2)),
      step: (_s, a) => ({ state: a + 1, reward: a === 0 ? 0.2 : 0.8, terminal: true }),
      toPlay: () => 0,
      isTerminal: (s) => s !== 0,
      observation: (s) => new Float32Array([s]),
      fromObservation: (o) => o[0]!,
    };
    // even a prior that favours the worse action (logit +2) is overruled by the two Q-values
    const prior: Evaluator = (_o, n) => ({ logits: new Float32Array(n * 2).map((_, i) => (i % 2 === 0 ? 2 : 0)), values: new Float32Array(n) });
    const [det] = gumbel({ model, roots: [0], evaluate: prior, simulations: 2, gumbelScale: 0 });
    expect(Array.from(det!.visits)).toEqual([1, 1]);
    expect(det!.action).toBe(1);
    expect(det!.policy[1]!).toBeGreaterThan(det!.policy[0]!);
    // with Gumbel noise, over 200 searches (one batched call per simulation): a miss needs noise beyond sigma's gap
    const roots = new Array<number>(200).fill(0);
    const results = gumbel({ model, roots, evaluate: uniformEvaluator(2), simulations: 2, rng: new Random(7) });
    const right = results.filter((r) => r.action === 1).length;
    expect(right).toBeGreaterThanOrEqual(195);
    expect(results.every((r) => r.visits[0] === 1 && r.visits[1] === 1)).toBe(true);
  });

  it('sequential halving visits as mctx', () => {
    expect(consideredVisitSequence(4, 8)).toEqual([0, 0, 0, 0, 1, 1, 2, 2]);
    expect(consideredVisitSequence(2, 2)).toEqual([0, 0]);
    expect(consideredVisitSequence(1, 3)).toEqual([0, 1, 2]);
    // 16 actions, 32 simulations: 16 once, 8 once, 4 twice... (log2 16 = 4: extra = max(1, 32 / (4 m)))
    expect(consideredVisitSequence(16, 32)).toEqual([...new Array(16).fill(0), ...new Array(8).fill(1), 2, 2, 2, 2, 3, 3, 3, 3]);
  });
});

describe('puct arithmetic and noise against hand-computed values', () => {
  it('scores children as MuZero', () => {
    // 0.5 + 0.25 * sqrt(10) * (1.25 + ln(19663 / 19652)) / 3, computed by hand: 0.5 + 0.2635 * ...
    expect(puctScore(0.5, 0.25, 10, 2)).toBeCloseTo(0.5 + (0.25 * 3.1622776601683795 * 1.2505595) / 3, 6);
    expect(puctScore(0, 1, 1, 0)).toBeCloseTo(1.2501018, 6); // 1.25 + ln(19654 / 19652)
    expect(puctScore(0.3, 0.1, 100, 9, 2, 100)).toBeCloseTo(0.3 + (0.1 * 10 * (2 + Math.log(201 / 100))) / 10, 9);
  });

  it('first simulations follow the prior, then Q (hand-traced)', () => {
    // a one-step model with 3 actions of terminal reward 0, 1, 0 and prior 0.2, 0.5, 0.3
    const model: SearchModel<number> = {
      actionCount: 3,
      observationShape: [1],
      clone: (s) => s,
      legalMask: (s) => (s === 0 ? new Uint8Array([1, 1, 1]) : new Uint8Array(3)),
      step: (_s, a) => ({ state: a + 1, reward: a === 1 ? 1 : 0, terminal: true }),
      toPlay: () => 0,
      isTerminal: (s) => s !== 0,
      observation: (s) => new Float32Array([s]),
      fromObservation: (o) => o[0]!,
    };
    const logits = [Math.log(0.2), Math.log(0.5), Math.log(0.3)];
    const evaluate: Evaluator = (_o, n) => ({ logits: Float32Array.from({ length: 3 * n }, (_, i) => logits[i % 3]!), values: new Float32Array(n) });
    // sim 1: N = 1, all unvisited: scores = prior * 1.25005 -> action 1 (Q 1). Tree min = max = 1, so Q stays 1.
    // sim 2: N = 2: action 1 scores 1 + 0.5 * 1.414 * 1.2501 / 2 = 1.442; action 2 scores 0.3 * 1.768 = 0.530 -> 1 again
    // ... action 1 keeps winning: its Q = 1 dominates every prior term below 1 + ...; all 5 sims go to action 1
    const [r] = puct({ model, roots: [0], evaluate, simulations: 5, dirichletFraction: 0, temperature: 0 });
    expect(Array.from(r!.visits)).toEqual([0, 5, 0]);
    expect(r!.value).toBeCloseTo(5 / 6, 6); // root: 1 evaluation of 0 and 5 backups of 1
    expect(Array.from(r!.qValues)).toEqual([0, 1, 0]);
  });

  it('mixes Dirichlet noise as AlphaZero and samples Dirichlet(0.3) with the right moments', () => {
    const mixed = mixNoise(new Float32Array([0.5, 0.5, 0]), new Float32Array([0.2, 0.3, 0.5]), 0.25);
    expect(Array.from(mixed).map((x) => +x.toFixed(6))).toEqual([0.425, 0.45, 0.125]);
    const rng = new Random(8);
    const legal = new Uint8Array([1, 1, 0, 1, 1]);
    const n = 4000;
    const sums = new Float64Array(5);
    const squares = new Float64Array(5);
    for (let i = 0; i < n; i++) {
      const d = dirichletNoise(rng, 0.3, legal);
      expect(d[2]).toBe(0);
      expect(d.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
      d.forEach((x, a) => {
        sums[a]! += x;
        squares[a]! += x * x;
      });
    }
    // Dirichlet(0.3 x 4): mean 1/4, variance (1/4)(3/4) / (1.2 + 1) = 0.085227
    for (const a of [0, 1, 3, 4]) {
      const mean = sums[a]! / n;
      expect(mean).toBeCloseTo(0.25, 1);
      expect(squares[a]! / n - mean * mean).toBeCloseTo(0.0852, 2);
    }
  });

  it('draws actions from visits with a temperature', () => {
    const rng = new Random(9);
    expect(actionFromVisits([1, 7, 2], 0, rng)).toBe(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[actionFromVisits([1, 3, 0], 1, rng)]!++;
    expect(counts[2]).toBe(0);
    expect(counts[1]! / 6000).toBeCloseTo(0.75, 1);
    // temperature 0.5 squares the counts: 1 : 9
    const sq = [0, 0];
    for (let i = 0; i < 6000; i++) sq[actionFromVisits([1, 3], 0.5, rng)]!++;
    expect(sq[1]! / 6000).toBeCloseTo(0.9, 1);
  });
});

describe('batching and tensors', () => {
  it('a batch of roots equals searching each alone, with one evaluator call per simulation step', () => {
    const roots = [new TicTacToe(), TicTacToe.fromCells([1, 0, 0, 0, 2, 0, 0, 0, 0]), TicTacToe.fromCells([1, 2, 1, 0, 0, 0, 0, 0, 0])];
    let calls = 0;
    const evaluate: Evaluator = (obs, n) => {
      calls++;
      // a deterministic function of the observation
      const logits = new Float32Array(n * 9);
      const values = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        for (let a = 0; a < 9; a++) logits[i * 9 + a] = obs[i * 18 + a * 2]! - obs[i * 18 + a * 2 + 1]! + 0.1 * a;
        values[i] = Math.tanh(obs.subarray(i * 18, (i + 1) * 18).reduce((s, x, k) => s + x * (k % 3 - 1), 0));
      }
      return { logits, values };
    };
    const together = puct({ model: ttt, roots, evaluate, simulations: 40, dirichletFraction: 0, temperature: 0 });
    expect(calls).toBeLessThanOrEqual(41);
    const alone = roots.map((r) => puct({ model: ttt, roots: [r], evaluate, simulations: 40, dirichletFraction: 0, temperature: 0 })[0]!);
    expect(together.map((r) => Array.from(r.visits))).toEqual(alone.map((r) => Array.from(r.visits)));
    const g1 = gumbel({ model: ttt, roots, evaluate, simulations: 16, rng: new Random(10) });
    const g2 = gumbel({ model: ttt, roots, evaluate, simulations: 16, rng: new Random(10) });
    expect(g1.map((r) => r.action)).toEqual(g2.map((r) => r.action));
  });

  it('a network evaluator leaks no tensor across searches', () => {
    const w = tf.variable(tf.randomNormal([18, 10], 0, 0.1, 'float32', 1));
    const evaluate: Evaluator = (obs, n) =>
      tf.tidy(() => {
        const out = tf.matMul(tf.tensor2d(obs, [n, 18]), w);
        const [logits, value] = tf.split(out, [9, 1], 1);
        return { logits: logits!.dataSync() as Float32Array, values: tf.tanh(value!).dataSync() as Float32Array };
      });
    const roots = [new TicTacToe(), TicTacToe.fromCells([1, 0, 0, 0, 2, 0, 0, 0, 0])];
    expectNoTensorLeak(
      () => {
        for (let k = 0; k < 3; k++) {
          puct({ model: ttt, roots, evaluate, simulations: 20, rng: new Random(k) });
          gumbel({ model: ttt, roots, evaluate, simulations: 8, rng: new Random(k) });
        }
      },
      () => puct({ model: ttt, roots, evaluate, simulations: 2 }),
    );
    w.dispose();
  });
});
