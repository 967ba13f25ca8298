/**
 * The AlphaZero preset of the `games` family (lib/agents/alphazero.ts) for the environments it
 * has a ground-truth model of: `tictactoe_v3`, `connect_four_v3` (self-play, both seats are the
 * agent) and `Catch-bsuite`. The network is an MLP (hiddenLayers x hidden, ReLU) whose last layer
 * gives the policy logits and the value head side by side; Adam.
 *
 * Defaults, measured on tic-tac-toe (README's AlphaZero section, __tests__/agents/alphazero_learning):
 * pUCT search with 32 simulations in training and 100 for the test player, 64 self-play games at a
 * time, the first 4 moves of a game drawn from the visit counts, training on the board's symmetries
 * (without them 3 seeds of 5 kept losing to minimax), replay 20,000 positions, batch 64, one update
 * per 2 moves, value weight 1, L2 1e-4, a scalar value head, Adam lr 3e-3, outcome value targets,
 * a 2 x 128 MLP. With these, 1,000 games never lose to minimax on seeds 0-4. Gumbel with 16
 * simulations learned worse on tic-tac-toe (10-22% losses to minimax, seed 0). `frames` in runs
 * count moves.
 */
import { Random } from '../../lib/core/random';
import { Approximation } from '../../lib/approximation/approximation';
import { AlphaZero, AlphaZeroNetwork, AlphaZeroTestAgent, type AlphaZeroOptions } from '../../lib/agents/alphazero';
import { Flatten, Sequential, mlp } from '../../lib/nn/module';
import type { SearchModel } from '../../lib/search/model';
import { initialStateFor, searchModelFor } from '../../environments/games/search_models';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import { Preset, type AgentOptions, type PresetArgs } from '../preset';
import { count, discount, learningRate, nonNegative, unitInterval } from '../specs';

/** AlphaZero's hyperparameters and their defaults. */
export const ALPHAZERO_HYPERPARAMETERS = {
  ...discount(1),
  ...learningRate(3e-3),
  search: { default: 'puct', doc: 'tree search: gumbel (Gumbel MuZero) or puct (AlphaZero/MuZero pUCT)', choices: ['gumbel', 'puct'] },
  simulations: count(32, 'simulations per search in training'),
  testSearch: { default: 'puct', doc: 'tree search of the test agent: gumbel (without noise) or puct (without noise, most visited action)', choices: ['gumbel', 'puct'] },
  testSimulations: count(100, 'simulations per search of the test agent'),
  temperatureMoves: count(4, 'moves per episode sampled from the visit counts at temperature 1 (puct)', 0),
  dirichletAlpha: nonNegative(0.3, 'Dirichlet alpha of the root noise (puct)'),
  dirichletFraction: unitInterval(0.25, 'share of Dirichlet noise in the root prior (puct)'),
  maxConsideredActions: count(16, 'root actions sampled by Gumbel-top-k (gumbel)'),
  parallelGames: count(64, 'self-play games played at once (their leaf evaluations share network calls)'),
  replayCapacity: count(20000, 'replay capacity in positions'),
  replayStart: count(256, 'positions in replay before training starts'),
  minibatchSize: count(64, 'positions per gradient step'),
  updatesPerPosition: nonNegative(0.5, 'gradient steps per position added to the replay'),
  valueWeight: nonNegative(1, 'weight of the value loss'),
  l2: nonNegative(1e-4, 'L2 coefficient on the weight matrices'),
  valueHead: { default: 'scalar', doc: 'value head: scalar (squared error) or categorical (two-hot cross-entropy)', choices: ['scalar', 'categorical'] },
  valueBins: count(21, 'bins of the categorical value head', 2),
  valueMin: { default: -1, doc: 'lowest bin of the categorical value head' },
  valueMax: { default: 1, doc: 'highest bin of the categorical value head' },
  bootstrapSteps: count(0, 'n of the n-step bootstrapped value target; 0 uses the outcome', 0),
  augment: { default: true, doc: "also train on each position's images under the board's symmetries (tic-tac-toe 8, connect four 2; none for Catch)" },
  hidden: count(128, 'width of each hidden layer'),
  hiddenLayers: count(2, 'hidden layers'),
} satisfies ParamSpecs;

type H = ParamValues<typeof ALPHAZERO_HYPERPARAMETERS>;

/** The AlphaZero options of the hyperparameters. */
export function alphaZeroOptions(h: H): AlphaZeroOptions {
  return {
    search: h.search as 'gumbel' | 'puct',
    simulations: h.simulations,
    discount: h.discountFactor,
    temperatureMoves: h.temperatureMoves,
    dirichletAlpha: h.dirichletAlpha,
    dirichletFraction: h.dirichletFraction,
    maxConsideredActions: h.maxConsideredActions,
    parallelGames: h.parallelGames,
    replayCapacity: h.replayCapacity,
    replayStart: h.replayStart,
    minibatchSize: h.minibatchSize,
    updatesPerPosition: h.updatesPerPosition,
    valueWeight: h.valueWeight,
    l2: h.l2,
    valueHead: h.valueHead as 'scalar' | 'categorical',
    valueBins: h.valueBins,
    valueMin: h.valueMin,
    valueMax: h.valueMax,
    bootstrapSteps: h.bootstrapSteps,
    augment: h.augment,
  };
}

/** AlphaZero on a game with a ground-truth model (see the file header). */
export class AlphaZeroPreset extends Preset<H> {
  /** The model the search plans with. */
  readonly searchModel: SearchModel<any>;
  private readonly approximation: Approximation;
  private readonly network: AlphaZeroNetwork;

  constructor(args: PresetArgs<H>) {
    super(...args);
    this.searchModel = searchModelFor(this.env.name);
    const h = this.h;
    const inputs = this.searchModel.observationShape.reduce((a, b) => a * b, 1);
    const valueOutputs = h.valueHead === 'scalar' ? 1 : h.valueBins;
    const sizes = [inputs, ...new Array<number>(h.hiddenLayers).fill(h.hidden), this.searchModel.actionCount + valueOutputs];
    // flatten the board first: the MLP reads [batch, inputs]
    const model = new Sequential([new Flatten(), ...mlp(sizes, new Random(this.seed)).layers]);
    this.models.network = model;
    this.approximation = new Approximation(model, { name: 'alphazero', lr: h.lr });
    this.network = new AlphaZeroNetwork(this.approximation, this.searchModel.actionCount, alphaZeroOptions(h));
  }

  /** A training agent on this preset's network; `selfPlay(games)` trains by (batched) self-play, `act` by playing. */
  agent(options: AgentOptions = {}): AlphaZero<any> {
    const network = new AlphaZeroNetwork(
      new Approximation(this.models.network!, { name: 'alphazero', lr: this.h.lr, logger: options.logger }),
      this.searchModel.actionCount,
      alphaZeroOptions(this.h),
    );
    return new AlphaZero(this.searchModel, initialStateFor(this.env.name), network, alphaZeroOptions(this.h), this.agentRng(options, 13), options.logger);
  }

  /** The greedy search player on the current network (shared, not copied: it sees later training). */
  testAgent(): AlphaZeroTestAgent<any> {
    const options = { ...alphaZeroOptions(this.h), search: this.h.testSearch as 'gumbel' | 'puct', simulations: this.h.testSimulations };
    return new AlphaZeroTestAgent(this.searchModel, this.network, options, new Random(this.seed + 1));
  }
}

/** `games.alphazero`: AlphaZero / Gumbel MuZero search with a policy-value network, trained by self-play. */
export const alphazero = definePreset({
  id: 'alphazero',
  family: 'games',
  specs: ALPHAZERO_HYPERPARAMETERS,
  preset: AlphaZeroPreset,
  description: 'AlphaZero (Gumbel MuZero or pUCT search over the true rules) on tictactoe_v3, connect_four_v3, Catch-bsuite',
});
