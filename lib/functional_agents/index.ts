/**
 * Explicit-state agents in the baselax style (DESIGN.md section 1, issue 15): agents as pure
 * functions over value records, a batched training loop, checkpoints by value, and bridges to
 * allts' ordinary agents and presets. Re-exported from the package root as `functionalAgents`.
 */
export { makeKey, splitKey, foldIn, keyUniform, keyRandom, checkKey, type Key } from './key';
export {
  disposeRecord,
  cloneRecord,
  snapshotRecord,
  recordTensors,
  recordToJSON,
  recordLayoutDifference,
  recordFromJSON,
  type Leaf,
  type RecordTree,
  type RecordObject,
  type Params,
  type PolicyState,
  type OptimState,
  type PolicyOutput,
  type OptimOutput,
  type SerializedRecord,
} from './records';
export type { BaseAgent, TransitionBatch, RolloutBatch, Collection } from './base_agent';
export { initMlp, applyMlp, mlpLeaves, mlpFromLeaves, type MlpParams, type DenseParams } from './mlp';
export { initAdam, adamStep, type AdamState, type AdamOptions } from './adam';
export {
  FunctionalDQN,
  FUNCTIONAL_DQN_DEFAULTS,
  type FunctionalDQNOptions,
  type DQNParams,
  type DQNPolicyState,
  type DQNOptimState,
  type DQNPolicyOutput,
  type DQNOptimOutput,
  type DQNSettings,
} from './dqn';
export {
  FunctionalA2C,
  FUNCTIONAL_A2C_DEFAULTS,
  type FunctionalA2COptions,
  type A2CParams,
  type A2CPolicyState,
  type A2COptimState,
  type A2CPolicyOutput,
  type A2COptimOutput,
} from './a2c';
export {
  FunctionalPPO,
  FUNCTIONAL_PPO_DEFAULTS,
  type FunctionalPPOOptions,
  type PPOParams,
  type PPOPolicyState,
  type PPOOptimState,
  type PPOPolicyOutput,
  type PPOOptimOutput,
} from './ppo';
export { initActorCritic, softmaxActions, rolloutReturns, type ActorCriticParams } from './softmax_policy';
export { TransitionReplay } from './transition_replay';
export { FunctionalLearner, type AgentRecords, type LearnerOptions, type StepBatch } from './learner';
export { trainFunctional, type TrainFunctionalOptions, type TrainFunctionalResult } from './train';
export { evaluateFunctional } from './evaluate';
export { saveRecords, loadRecords, RECORDS_FORMAT } from './checkpoint';
export {
  asAgent,
  asParallelAgent,
  functionalPolicyOf,
  FunctionalAgentAdapter,
  FunctionalParallelAgentAdapter,
  type EmptyRecord,
} from './as_agent';
export { DQN_LEARNING_CONFIG } from './learning_config';
