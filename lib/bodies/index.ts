/** Bodies: agent wrappers that change what an agent sees (ALL's all/bodies). */
export { Body, withChanges, withArrayChanges, type ParallelActions } from './body';
export { ClipRewards } from './clip_rewards';
export { EpisodicLives } from './episodic_lives';
export { FrameStack, stackFrames, stackedShape } from './frame_stack';
export { DeepmindAtariBody, type DeepmindAtariBodyOptions } from './deepmind_atari_body';
