/**
 * Independent DQN learns tic-tac-toe by self-play: two classic dqn presets at ALL's defaults,
 * one per seat, with masked acting and masked targets, 40,000 frames (turns, about 4,400 games),
 * then each seat's test agent plays 500 games against the random player: player_1 must win at
 * least 80% and lose at most 5%, player_2 (the harder seat) win at least 75% and lose at most 8%.
 * The rates against the exact minimax player are printed.
 *
 * Measured on seeds 0-4 (500 games per seat against random; 100 against minimax):
 *
 * | seed | player_1 vs random W / L | player_2 vs random W / L | player_1 vs minimax D | player_2 vs minimax D |
 * |---|---|---|---|---|
 * | 0 | 0.99 / 0.00 | 0.83 / 0.02 | 1.00 | 0.64 |
 * | 1 | 0.98 / 0.00 | 0.85 / 0.04 | 1.00 | 0.55 |
 * | 2 | 0.98 / 0.00 | 0.89 / 0.02 | 1.00 | 0.71 |
 * | 3 | 0.98 / 0.01 | 0.87 / 0.02 | 0.52 | 0.56 |
 * | 4 | 0.93 / 0.00 | 0.83 / 0.04 | 1.00 | 0.49 |
 * | mean (worst) | 0.97 (0.93) / 0.00 (0.01) | 0.85 (0.83) / 0.03 (0.04) | 0.90 (0.52) | 0.59 (0.49) |
 *
 * (No seed won a game against minimax; the rest are losses.) For scale: minimax itself beats
 * random 0.96-0.99 as player_1 and 0.78 as player_2 (it plays for the game value, not to exploit
 * random), and the best possible win rate against random is 0.995 and 0.939 (expectimax).
 * At 20,000 frames player_2 still lost 0.03-0.10 of its games (seeds 0-3), so the budget is 40,000.
 *
 * player_2's bar comes from seeds 0-9, not from seeds 0-4 alone: seeds 5-9 (measured later, at
 * commit 49949d3) give player_2 0.82 / 0.81 / 0.81 / 0.83 / 0.82 wins with 0.07 / 0.05 / 0.05 / 0.04 /
 * 0.06 losses, so the earlier bar of 80% / 5% held on seeds 0-4 by luck. After the SIMD products
 * of issue 19 (float32 summation order only), player_2 on seeds 0-9: wins 0.79 / 0.78 / 0.81 /
 * 0.83 / 0.87 / 0.85 / 0.83 / 0.80 / 0.81 / 0.84 (mean 0.821, before 0.836), losses 0.02-0.07
 * (before 0.02-0.07); player_1 on seeds 0-1: 0.98 / 0.95 wins, 0.00 / 0.02 losses.
 */
import { DummyLogger } from '../../lib/logging/logger';
import { Random } from '../../lib/core/random';
import { RandomAgent } from '../../lib/agents/random_agent';
import { makeMultiagentEnvironment } from '../../environments/multiagent_registry';
import '../../environments/games';
import { MinimaxTicTacToeAgent } from '../../environments/games/tictactoe_minimax';
import { classicControl } from '../../presets/classic_control';
import { independentMultiagent } from '../../presets/multiagent/independent';
import { MultiagentEnvExperiment } from '../../experiments/multiagent_env_experiment';
import { formatRecords, seatRecords } from '../../experiments/multiagent_evaluation';

const SEED = 0;
const FRAMES = 40_000;

describe('independent DQN self-play on tictactoe_v3', () => {
  it('beats the random player from both seats (player_1 >= 80% wins, <= 5% losses; player_2 >= 75%, <= 8%)', () => {
    const env = makeMultiagentEnvironment('tictactoe_v3');
    const preset = independentMultiagent(classicControl.dqn).env(env).seed(SEED).build();
    const experiment = new MultiagentEnvExperiment(preset, env, { logger: new DummyLogger(), quiet: true, trainSteps: FRAMES });
    experiment.train({ frames: FRAMES });
    const test = preset.testAgent();
    const vsRandom = seatRecords(env, test, new RandomAgent(9, new Random(SEED + 100)), 500);
    const vsMinimax = seatRecords(env, test, new MinimaxTicTacToeAgent(new Random(SEED + 200)), 100);
    console.log(
      `seed ${SEED}, ${FRAMES} frames, ${experiment.episode - 1} games\nagainst random:\n  ${formatRecords(vsRandom).join('\n  ')}` +
        `\nagainst minimax:\n  ${formatRecords(vsMinimax).join('\n  ')}`,
    );
    const bars = { player_1: { win: 0.8, loss: 0.05 }, player_2: { win: 0.75, loss: 0.08 } };
    for (const [seat, bar] of Object.entries(bars)) {
      expect(vsRandom[seat]!.winRate).toBeGreaterThanOrEqual(bar.win);
      expect(vsRandom[seat]!.lossRate).toBeLessThanOrEqual(bar.loss);
    }
    preset.dispose();
  }, 150_000);
});
