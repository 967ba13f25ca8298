/**
 * The two-player board games (PettingZoo's classic family): pure game states, their AEC
 * environments, and one registration line per id.
 */
import { registerMultiagentEnvironment } from '../multiagent_registry';
import { ConnectFour } from './connect_four';
import { TicTacToe } from './tictactoe';
import { TurnBasedEnvironment } from './turn_based_environment';

export { TicTacToe, TICTACTOE_LINES } from './tictactoe';
export { ConnectFour } from './connect_four';
export type { GameState } from './game_state';
export { TurnBasedEnvironment, type MaskedGameState, type TurnBasedGameSpec } from './turn_based_environment';
export { MinimaxTicTacToeAgent, solveTicTacToe } from './tictactoe_minimax';

/** tictactoe_v3: `player_1` moves first. */
export function makeTicTacToe(): TurnBasedEnvironment<TicTacToe> {
  return new TurnBasedEnvironment({ name: 'tictactoe_v3', agents: ['player_1', 'player_2'], initial: () => new TicTacToe() });
}

/** connect_four_v3: `player_0` moves first. */
export function makeConnectFour(): TurnBasedEnvironment<ConnectFour> {
  return new TurnBasedEnvironment({ name: 'connect_four_v3', agents: ['player_0', 'player_1'], initial: () => new ConnectFour() });
}

registerMultiagentEnvironment('tictactoe_v3', makeTicTacToe, 'Tic-tac-toe, two players (PettingZoo classic)');
registerMultiagentEnvironment('connect_four_v3', makeConnectFour, 'Connect four, two players (PettingZoo classic)');
export { CatchCore, CatchModel, CatchState, CATCH_COLUMNS, CATCH_ID, CATCH_ROWS } from './catch';
export { GameModel, connectFourModel, initialStateFor, searchModelFor, ticTacToeModel, TICTACTOE_SYMMETRIES } from './search_models';
export { lookaheadPlayer, minimaxPlayer, playMatch, playMatchBatched, randomPlayer, type GamePlayer, type MatchRecord } from './game_players';
