/**
 * DeepmindAtariBody: the bodies ALL's Atari presets wrap every agent and test agent in
 * (all/bodies/atari.py): FrameStack(4) innermost, then ClipRewards, then EpisodicLives outermost,
 * so a state passes EpisodicLives first and the agent receives stacked frames, clipped rewards and
 * life-lost terminals. Each part can be switched off, as in ALL.
 *
 * Difference from ALL: no `lazy_frames` switch; stacks are plain arrays, and replay memories
 * avoid storing each frame four times themselves (lib/memory/frame_stack_store.ts).
 */
import type { Agent, ParallelAgent } from '../agents/agent';
import { Body } from './body';
import { ClipRewards } from './clip_rewards';
import { EpisodicLives } from './episodic_lives';
import { FrameStack } from './frame_stack';

/** Options of DeepmindAtariBody (ALL's defaults). */
export interface DeepmindAtariBodyOptions {
  /** Frames per stack; 1 turns stacking off. Default 4. */
  frameStack?: number;
  /** Pass sign(reward). Default true. */
  clipRewards?: boolean;
  /** Lost lives are terminal for the agent. Default true. */
  episodicLives?: boolean;
}

/** The Nature-DQN body: frame stacking, reward clipping and episodic lives around `agent`. */
export class DeepmindAtariBody extends Body {
  constructor(agent: Agent | ParallelAgent, options: DeepmindAtariBodyOptions = {}) {
    const { frameStack = 4, clipRewards = true, episodicLives = true } = options;
    let inner: Agent | ParallelAgent = agent;
    if (frameStack > 1) inner = new FrameStack(inner, frameStack);
    if (clipRewards) inner = new ClipRewards(inner);
    if (episodicLives) inner = new EpisodicLives(inner);
    super(inner);
  }
}
