/**
 * allts: the package's public surface. Everything users, examples and docs call is exported here
 * by name (DESIGN.md §2).
 */
// core
export { State, StateArray, shapeSize, type StateInit, type Info } from './lib/core/state';
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
export { setMatMulThreads, parallelMatMulStatus } from './lib/nn/parallel_matmul';
export { readFloats, readInts, readAllFloats } from './lib/read_back';

// environments
export * from './environments';

// agents, approximations, memory, policies, functional, nn, schedules
export type { Agent, ParallelAgent, Multiagent } from './lib/agents/agent';
export { DQN, DQNTestAgent, type DQNOptions } from './lib/agents/dqn';
export { DDQN } from './lib/agents/ddqn';
export { Approximation, type ApproximationOptions } from './lib/approximation/approximation';
export { QNetwork } from './lib/approximation/q_network';
export { VNetwork } from './lib/approximation/v_network';
export { QDist, supportAtoms, expectedValues, type QDistOptions } from './lib/approximation/q_dist';
export { FeatureNetwork, reinforceShared, type SharedHead, type SharedLosses } from './lib/approximation/feature_network';
export { Identity } from './lib/approximation/identity';
export { QContinuous } from './lib/approximation/q_continuous';
export { FixedTarget, PolyakTarget, TrivialTarget, type TargetNetwork } from './lib/approximation/target';
export { DummyCheckpointer, PeriodicCheckpointer, type Checkpointer } from './lib/approximation/checkpointer';
export * from './lib/memory';
export { GreedyPolicy, ParallelGreedyPolicy, type GreedyOptions } from './lib/policies/greedy';
export { SoftmaxPolicy } from './lib/policies/softmax';
export { GaussianPolicy } from './lib/policies/gaussian';
export { DeterministicPolicy } from './lib/policies/deterministic';
export { SoftDeterministicPolicy } from './lib/policies/soft_deterministic';
export * as functional from './lib/functional';
export { Activation, Dueling, Flatten, Linear, Sequential, linear0, mlp, type Module, type ApplyOptions } from './lib/nn/module';
export { NoisyLinear, NoisyFactorizedLinear } from './lib/nn/noisy';
export { CategoricalDueling } from './lib/nn/categorical_dueling';
export { copyWeights, polyakUpdate } from './lib/nn/weights';
export { FlatAdam } from './lib/optim/flat_adam';
export { encodeGif, writeGif, type GifOptions } from './lib/render/gif';
export { constantSchedule, cosineSchedule, linearSchedule, polynomialSchedule, type Schedule } from './lib/optim/schedules';

// logging
export { DummyLogger, type Logger } from './lib/logging/logger';
export { ExperimentLogger } from './lib/logging/experiment_logger';
export { EventFileWriter, readEventFile } from './lib/logging/tensorboard';

// presets
export { classicControl } from './presets/classic_control';
export { continuous } from './presets/continuous';
export { PresetBuilder } from './presets/builder';
export { Preset, type AgentOptions, type EnvSpec } from './presets/preset';
export { loadPreset, getPresetBuilder, FAMILIES } from './presets/registry';
export { registerModel, modelNames, type ModelDefinition, type ModelContext } from './presets/models/registry';

// experiments
export { runExperiment, type RunExperimentOptions, type RunResult } from './experiments/run_experiment';
export { SingleEnvExperiment } from './experiments/single_env_experiment';
export { ParallelEnvExperiment } from './experiments/parallel_env_experiment';
export { Experiment, type TestResult } from './experiments/experiment';
export { plotReturns, loadRuns, type RunCurve } from './experiments/plots';
export { watch, type WatchOptions } from './experiments/watch';
