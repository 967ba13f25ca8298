/**
 * FrameStack: the wrapped agent sees the last `size` observations stacked along the channel axis
 * (ALL's FrameStack in all/bodies/vision.py; Mnih et al. 2015 stack 4 frames). Observations of
 * shape [H, W, C] become [H, W, C * size] (channels last, allts's NHWC), oldest frame first;
 * flat observations [D] become [D * size].
 *
 * As ALL: the first state fills the whole stack with copies of itself, and the stack is never
 * reset afterwards, so the first stack of a new episode still holds the previous episode's last
 * frames. For a StateArray each copy of the environment has its own stack. The observation type
 * (uint8 frames) is kept. ALL's lazy frames (sharing frames between stacks in replay) are done by
 * the replay memory instead: a stacked State's `info.stackedFrames` says how many frames it holds,
 * and a replay buffer that sees it keeps each frame once (lib/memory/frame_stack_store.ts).
 */
import { ConfigError, ShapeError } from '../core/errors';
import { allocateLike, type Observation, type State, type StateArray } from '../core/state';
import type { Agent, ParallelAgent } from '../agents/agent';
import { Body, withArrayChanges, withChanges } from './body';

/** The shape of a stack of `size` observations of `shape`. */
export function stackedShape(shape: readonly number[], size: number): number[] {
  if (shape.length === 3) return [shape[0]!, shape[1]!, shape[2]! * size];
  if (shape.length === 1) return [shape[0]! * size];
  throw new ShapeError(`FrameStack stacks observations of shape [H, W, C] or [D]; received [${shape.join(', ')}]`);
}

/** Interleaves `frames` (oldest first) into one stacked observation. */
export function stackFrames(frames: readonly Observation[], shape: readonly number[], out: Observation): Observation {
  const k = frames.length;
  const c = shape.length === 3 ? shape[2]! : frames[0]!.length;
  const pixels = frames[0]!.length / c;
  for (let j = 0; j < k; j++) {
    const f = frames[j]!;
    for (let p = 0; p < pixels; p++) {
      const from = p * c;
      const to = p * c * k + j * c;
      for (let q = 0; q < c; q++) out[to + q] = f[from + q]!;
    }
  }
  return out;
}

/** Stacks the last `size` observations for the wrapped agent. */
export class FrameStack extends Body {
  private frames: Observation[][] = [];

  /**
   * @param agent the wrapped agent
   * @param size frames per stack (ALL: 4)
   */
  constructor(agent: Agent | ParallelAgent, readonly size = 4) {
    super(agent);
    if (!Number.isInteger(size) || size < 1) throw new ConfigError(`FrameStack size must be an integer >= 1; received ${size}`);
  }

  protected override processState(state: State<Observation>): State<Observation> {
    const shape = stackedShape(state.shape, this.size);
    const frames = this.push(0, state.observation, 1);
    return withChanges(state, {
      observation: stackFrames(frames, state.shape, allocateLike(state.observation, state.observation.length * this.size)),
      shape,
      info: { ...state.info, stackedFrames: this.size },
    });
  }

  protected override processStates(states: StateArray<Observation>): StateArray<Observation> {
    const shape = stackedShape(states.shape, this.size);
    const n = states.length;
    const d = states.observation.length / n;
    const out = allocateLike(states.observation, states.observation.length * this.size);
    for (let i = 0; i < n; i++) {
      const frames = this.push(i, states.observation.slice(i * d, (i + 1) * d), n);
      stackFrames(frames, states.shape, out.subarray(i * d * this.size, (i + 1) * d * this.size));
    }
    return withArrayChanges(states, { observation: out, shape });
  }

  /** Adds copy `i`'s newest frame and returns its stack (filled with the frame on first sight). */
  private push(i: number, frame: Observation, copies: number): Observation[] {
    if (this.frames.length !== copies) this.frames = Array.from({ length: copies }, () => []);
    const stack = this.frames[i]!;
    if (stack.length === 0) for (let j = 0; j < this.size; j++) stack.push(frame);
    else {
      stack.shift();
      stack.push(frame);
    }
    return stack;
  }
}
