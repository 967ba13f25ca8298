/**
 * The environments layer's public surface, for the package root to re-export.
 */
export type { Action, Dynamics, Environment, ResetOptions, RgbFrame, VectorEnvironment } from './environment';
export { GymEnvironment, type EnvironmentCore, type GymEnvironmentOptions, type StepResult } from './gym_environment';
export { DuplicateEnvironment } from './duplicate';
export {
  environmentSpec,
  listEnvironments,
  makeEnvironment,
  prepareEnvironment,
  registerEnvironment,
  type EnvironmentFactory,
  type EnvironmentMeta,
  type EnvironmentSpec,
} from './registry';
export { environmentRecipe, type EnvironmentRecipe } from './recipe';
export { CartPole, CART_POLE } from './classic_control/cart_pole';
export { MountainCar, MOUNTAIN_CAR } from './classic_control/mountain_car';
export { ContinuousMountainCar, CONTINUOUS_MOUNTAIN_CAR } from './classic_control/continuous_mountain_car';
export { Acrobot, ACROBOT } from './classic_control/acrobot';
export { Pendulum, PENDULUM } from './classic_control/pendulum';
export { LunarLander, BipedalWalker, BOX2D_IDS, lunarLanderShaping } from './box2d/index';
export { Asterix, Breakout, Freeway, Seaquest, SpaceInvaders, MinAtarCore, MINATAR_IDS, MINATAR_ACTIONS } from './minatar/index';
export type { MultiagentEnvironment } from './multiagent_environment';
export {
  isMultiagentEnvironment,
  listMultiagentEnvironments,
  makeMultiagentEnvironment,
  registerMultiagentEnvironment,
  type MultiagentEnvironmentSpec,
} from './multiagent_registry';
export {
  ConnectFour,
  MinimaxTicTacToeAgent,
  TicTacToe,
  TurnBasedEnvironment,
  makeConnectFour,
  makeTicTacToe,
  solveTicTacToe,
  type GameState,
  type MaskedGameState,
  type TurnBasedGameSpec,
} from './games/index';
export {
  CatchCore,
  CatchModel,
  CatchState,
  CATCH_ID,
  GameModel,
  connectFourModel,
  initialStateFor,
  lookaheadPlayer,
  minimaxPlayer,
  playMatch,
  playMatchBatched,
  randomPlayer,
  searchModelFor,
  ticTacToeModel,
  type GamePlayer,
  type MatchRecord,
} from './games/index';
export { MemoryLength, type MemoryLengthOptions } from './bsuite/index';
export { Ant, HalfCheetah, Hopper, Humanoid, InvertedDoublePendulum, InvertedPendulum, MujocoCore, MUJOCO_IDS, Reacher, Swimmer, Walker2d, loadMujoco } from './mujoco/index';
export type { CartPoleObserve } from './classic_control/cart_pole';
// the Python bridge (gym:<id>, pettingzoo:<family>/<name>)
export { closeSharedBridges, defaultPython, PythonBridge, PythonError, sharedBridge } from './bridge/bridge';
export { BridgedEnvironment, BridgedVectorEnvironment } from './bridge/bridged_environment';
export { BridgedMultiagentEnvironment } from './bridge/bridged_multiagent';
export { AtariEnvironment, AreaResize, ATARI_GAMES, type AtariOptions } from './atari/index';
