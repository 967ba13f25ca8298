/** Replay memories and rollout buffers: plain typed arrays, never tensors (see each file's header). */
export { ExperienceReplayBuffer, type ExperienceReplayOptions } from './experience_replay';
export { PrioritizedReplayBuffer, type PrioritizedReplayOptions } from './prioritized_replay';
export { NStepReplayBuffer } from './n_step_replay';
export { SumSegmentTree, MinSegmentTree } from './segment_tree';
export { ObservationRing, type ObservationRingOptions } from './observation_ring';
export { NStepAdvantageBuffer, type NStepAdvantageOptions } from './n_step_advantage';
export { GeneralizedAdvantageBuffer, type GeneralizedAdvantageOptions } from './generalized_advantage';
export type {
  MemoryAction,
  ObservationRef,
  ObservedTransition,
  ReplayBatch,
  ReplayBuffer,
  RolloutBatch,
  SequenceBatch,
  StoredRecurrentState,
  Transition,
  TransitionReplayBuffer,
  ValueFunction,
} from './types';
export { SequenceReplayBuffer, sequencePriority } from './sequence_replay';
export type { SequenceReplayOptions, SequenceStep } from './sequence_replay';
export { FrameStackStore, type FrameStackStoreOptions } from './frame_stack_store';
export type { ObservationStore } from './observation_store';
