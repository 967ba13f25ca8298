/** The games family: agents that plan with a ground-truth model (tictactoe_v3, connect_four_v3, Catch-bsuite). */
import { alphazero } from './alphazero';

export { AlphaZeroPreset, ALPHAZERO_HYPERPARAMETERS, alphaZeroOptions } from './alphazero';
/** The `games` presets by id (CLI: `allts games <env> alphazero`). */
export const games = { alphazero };
