/**
 * allts: the package's public surface. Everything users, examples and docs call is exported here
 * by name (DESIGN.md §2).
 */
// core
export { State, StateArray, shapeSize, type StateInit, type Info } from './lib/core/state';
export { MultiagentState, type MultiagentStateInit } from './lib/core/multiagent_state';
export { Box, Discrete, type Space } from './lib/core/spaces';
export { Random } from './lib/core/random';
export {
  AlltsError,
  BackendError,
  ConfigError,
  FileFormatError,
  NumericError,
  ShapeError,
  SpaceError,
  StateError,
} from './lib/core/errors';
export { tf, initBackend, currentBackend, BACKENDS, type BackendName } from './lib/tf';
export { setMatMulThreads, parallelMatMulStatus } from './lib/backend/parallel_matmul';
export { readFloats, readInts, readAllFloats } from './lib/read_back';

// environments
export * from './environments';

// agents, approximations, memory, policies, functional, nn, schedules
export type { Agent, ParallelAgent, Multiagent } from './lib/agents/agent';
export { DQN, DQNTestAgent, type DQNOptions } from './lib/agents/dqn';
export { DDQN, DDQNTestAgent, type DDQNOptions } from './lib/agents/ddqn';
export { C51, C51TestAgent, type C51Options } from './lib/agents/c51';
export { Rainbow, RainbowTestAgent, type RainbowOptions } from './lib/agents/rainbow';
export { VQN, VQNTestAgent, VQNParallelTestAgent, type VQNOptions } from './lib/agents/vqn';
export { VSarsa, VSarsaTestAgent, VSarsaParallelTestAgent, type VSarsaOptions } from './lib/agents/vsarsa';
export { VAC, VACTestAgent, type VACOptions } from './lib/agents/vac';
export { VPG, VPGTestAgent, type VPGOptions } from './lib/agents/vpg';
export { A2C, A2CTestAgent, type A2COptions } from './lib/agents/a2c';
export { PPO, PPOTestAgent, type PPOOptions } from './lib/agents/ppo';
export { DDPG, DDPGTestAgent, type DDPGOptions } from './lib/agents/ddpg';
export { TD3, TD3TestAgent, DelayedPolyakTarget, type TD3Options } from './lib/agents/td3';
export { SAC, SACTestAgent, type SACOptions } from './lib/agents/sac';
export { IndependentMultiagent } from './lib/agents/independent_multiagent';
export { AlphaZero, AlphaZeroNetwork, AlphaZeroReplay, AlphaZeroTestAgent, valueTargets, type AlphaZeroOptions, type SelfPlayResult, type ValueHead } from './lib/agents/alphazero';
export { RandomAgent } from './lib/agents/random_agent';
export { GreedyTestAgent, ParallelGreedyTestAgent, DeterministicTestAgent, StochasticTestAgent } from './lib/agents/test_agents';
export { ReplayAgent, type ReplaySettings } from './lib/agents/loops/replay_agent';
export { RolloutAgent, type ValidRows } from './lib/agents/loops/rollout_agent';
export { OnlineAgent, type OnlineBatch } from './lib/agents/loops/online_agent';
export { UpdateClock } from './lib/agents/loops/update_clock';
export { Approximation, type ApproximationOptions, type AuxTensors, type LossWithAux, type ReinforceResult } from './lib/approximation/approximation';
export { QNetwork } from './lib/approximation/q_network';
export { VNetwork } from './lib/approximation/v_network';
export { QDist, supportAtoms, expectedValues, type QDistOptions } from './lib/approximation/q_dist';
export { FeatureNetwork, reinforceShared, type SharedHead, type SharedLosses } from './lib/approximation/feature_network';
export { Identity } from './lib/approximation/identity';
export { QContinuous } from './lib/approximation/q_continuous';
export { FixedTarget, PolyakTarget, TrivialTarget, type TargetNetwork } from './lib/approximation/target';
export { DummyCheckpointer, PeriodicCheckpointer, type Checkpointer } from './lib/approximation/checkpointer';
export * from './lib/memory';
export * from './lib/bodies';
export { GreedyPolicy, ParallelGreedyPolicy, maskedGreedyActions, type GreedyOptions } from './lib/policies/greedy';
export { actionMaskOf, checkActionMask, maskedArgmax, maskProbabilities, randomLegalAction } from './lib/policies/action_mask';
export { SoftmaxPolicy } from './lib/policies/softmax';
export type { StochasticPolicy, SampleOptions } from './lib/policies/stochastic';
export { GaussianPolicy } from './lib/policies/gaussian';
export { DeterministicPolicy } from './lib/policies/deterministic';
export { SoftDeterministicPolicy, SquashedSampler } from './lib/policies/soft_deterministic';
export * as functional from './lib/functional';
export * as functionalAgents from './lib/functional_agents';
export * as mcts from './lib/search';
export type { SearchModel, StepOutcome, SearchResult, Evaluator, Evaluation } from './lib/search';
export { Activation, Dueling, Flatten, Linear, Sequential, linear0, mlp, type Module, type ApplyOptions } from './lib/nn/module';
export { NoisyLinear, NoisyFactorizedLinear } from './lib/nn/noisy';
export { CategoricalDueling } from './lib/nn/categorical_dueling';
export { Conv2d, conv2dOutputSize, type Conv2dOptions, type Conv2dPadding } from './lib/nn/conv2d';
export { copyWeights, polyakUpdate } from './lib/nn/weights';
export { FlatAdam } from './lib/optim/flat_adam';
export { FlatRMSprop, type RMSpropOptions } from './lib/optim/flat_rmsprop';
export { TfjsOptimizer } from './lib/optim/tfjs_optimizer';
export type { GradientList, Optimizer, OptimizerFactory } from './lib/optim/optimizer';
export { encodeGif, writeGif, type GifOptions } from './lib/render/gif';
export { constantSchedule, cosineSchedule, linearSchedule, polynomialSchedule, type Schedule } from './lib/optim/schedules';

// logging
export { DummyLogger, recordsDiagnostics, type Logger } from './lib/logging/logger';
export { PrefixedLogger } from './lib/logging/prefixed_logger';
export { ExperimentLogger } from './lib/logging/experiment_logger';
export { EventFileWriter, readEventFile } from './lib/logging/tensorboard';

// presets
export { classicControl } from './presets/classic_control';
export { continuous } from './presets/continuous';
export { minatar } from './presets/minatar';
export { atari } from './presets/atari';
export { games, AlphaZeroPreset, ALPHAZERO_HYPERPARAMETERS } from './presets/games';
export {
  functionalPresets,
  functionalPreset,
  FunctionalPreset,
  envSizes,
  FunctionalDQNPreset,
  FunctionalA2CPreset,
  FunctionalPPOPreset,
  FUNCTIONAL_DQN_HYPERPARAMETERS,
  FUNCTIONAL_A2C_HYPERPARAMETERS,
  FUNCTIONAL_PPO_HYPERPARAMETERS,
} from './presets/functional';
export { PresetBuilder } from './presets/builder';
export { Preset, type AgentOptions, type EnvSpec } from './presets/preset';
export { loadPreset, getPresetBuilder, FAMILIES } from './presets/registry';
export * as multiagent from './presets/multiagent';
export { independentMultiagent, loadMultiagentPreset, IndependentMultiagentPreset } from './presets/multiagent';
export { registerModel, modelNames, type ModelDefinition, type ModelContext } from './presets/models/registry';

// experiments
export { runExperiment, type RunExperimentOptions, type RunResult } from './experiments/run_experiment';
export { SingleEnvExperiment } from './experiments/single_env_experiment';
export { ParallelEnvExperiment } from './experiments/parallel_env_experiment';
export { Experiment, type TestResult } from './experiments/experiment';
export { MultiagentEnvExperiment, type MultiagentEnvExperimentOptions } from './experiments/multiagent_env_experiment';
export { runAlphaZeroExperiment, SELF_PLAY_GAMES } from './experiments/run_alphazero_experiment';
export { runMultiagentExperiment, type MultiagentRunResult, type RunMultiagentOptions } from './experiments/run_multiagent_experiment';
export { formatRecords, playEpisode, runAecEpisode, seatRecords, type SeatRecord } from './experiments/multiagent_evaluation';
export { plotReturns, loadRuns, type RunCurve } from './experiments/plots';
export { watch, type WatchOptions } from './experiments/watch';
// many runs: seeds in worker processes, sweeps, Slurm
export { runInParallel, type ParallelOptions } from './experiments/parallel_runs';
export { runSpec, runSpecs, type RunOutcome, type RunSpec } from './experiments/run_spec';
export { groupBySeed, summaryTable, type SeedGroup } from './experiments/run_summary';
export { parseSeeds } from './experiments/seeds';
export { runSweep, sweepConfigs, type SweepOptions, type SweepResult } from './experiments/sweep';
export { gridConfigs, parseSpace, randomConfigs, type SweepConfig, type SweepSpace } from './experiments/sweep_space';
export { slurmExperiment, type SlurmJob, type SlurmOptions } from './experiments/slurm';
export { slurmStatus, waitForSlurm, type SlurmStatus, type TaskStatus } from './experiments/slurm_status';

// recurrent Q-learning (issue 14): LSTM, recurrent agent, makeTrain
export { Lstm, lstmSequence, type LstmInit } from './lib/nn/lstm';
export { recurrentQModel, type RecurrentQModelSizes } from './lib/nn/recurrent_q_model';
export {
  RecurrentQ, ParallelRecurrentQ, RecurrentQTestAgent, RecurrentQCore, CarriedState, apexEpsilons, epsilonGreedyActor,
  type RecurrentQOptions, type RecurrentQParts, type ActorFn, type SequenceLossFn,
} from './lib/agents/recurrent_q';
export { recurrentQLoss, type RecurrentQLossOptions, type RecurrentQLossResult } from './lib/agents/recurrent_q_loss';
export {
  makeTrain, recurrentQTrainParts, RECURRENT_Q_TRAIN_DEFAULTS,
  type TrainParts, type TrainConfig, type TrainResults, type TrainLogger, type TrainEnvironment, type RecurrentNetwork,
  type OptimizerSettings, type RecurrentQTrainConfig,
} from './lib/train/make_train';
