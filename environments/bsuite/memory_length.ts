/**
 * bsuite's memory-length task (Osband et al. 2020, "Behaviour Suite for Reinforcement Learning",
 * https://openreview.net/forum?id=rygf-kSYwH; bsuite/environments/memory_chain.py `MemoryChain`):
 * a context of `numBits` random bits (shown as +-1) appears on the first observation only; after
 * `memoryLength` steps the agent must report the queried bit with its action (reward +1 if right,
 * -1 if wrong, 0 on every other step). An agent without memory answers right half the time.
 *
 * Observation (numBits + 2 values, flat): [time left 1 - t / memoryLength, the query index (shown
 * only at t = memoryLength - 1), the context bits as +-1 (shown only at t = 0)]. Actions: 2.
 * Like bsuite, the observation returned by a step is that of the time *before* the step, so the
 * first two observations of an episode both show the context and the episode takes
 * memoryLength + 1 actions, the last one answering (bsuite's own quirk, kept so results compare).
 * Deliberate differences: the observation is flat ([numBits + 2], bsuite: [1, numBits + 2]); the
 * bits and the query come from the environment's seeded generator at each reset.
 */
import { ConfigError } from '../../lib/core/errors';
import type { Random } from '../../lib/core/random';
import { Box, Discrete } from '../../lib/core/spaces';
import type { Action, RgbFrame } from '../environment';
import type { EnvironmentCore, StepResult } from '../gym_environment';
import { createFrame } from '../render/raster';

/** Options of the memory-length task. */
export interface MemoryLengthOptions {
  /** Steps between seeing the context and answering. Default 10 (bsuite sweeps 1 to 100). */
  memoryLength?: number;
  /** Bits of context (the query asks one of them). Default 1, as bsuite's memory_len. */
  numBits?: number;
}

/**
 * The memory-length core. Physical state: [t, query, bit_0, ..., bit_{n-1}] (bits 0/1).
 */
export class MemoryLength implements EnvironmentCore {
  readonly memoryLength: number;
  readonly numBits: number;
  readonly observationSpace: Box;
  readonly actionSpace = new Discrete(2);
  private readonly s: Float64Array;
  private readonly result: StepResult = { reward: 0, terminated: false };

  /** @param options memory length and number of bits */
  constructor(options: MemoryLengthOptions = {}) {
    this.memoryLength = options.memoryLength ?? 10;
    this.numBits = options.numBits ?? 1;
    for (const [name, v] of [['memoryLength', this.memoryLength], ['numBits', this.numBits]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`MemoryLength-bsuite: ${name} must be a positive integer; received ${v}`);
    }
    this.s = new Float64Array(2 + this.numBits);
    const low = [0, 0, ...new Array<number>(this.numBits).fill(-1)];
    const high = [1, this.numBits - 1, ...new Array<number>(this.numBits).fill(1)];
    this.observationSpace = new Box(low, high);
  }

  get state(): Float64Array {
    return this.s;
  }

  set state(values: ArrayLike<number>) {
    for (let i = 0; i < this.s.length; i++) this.s[i] = values[i]!;
  }

  reset(rng: Random): void {
    this.s[0] = 0;
    for (let i = 0; i < this.numBits; i++) this.s[2 + i] = rng.random() < 0.5 ? 1 : 0;
    this.s[1] = rng.int(this.numBits);
    this.shown = this.observe(0);
  }

  /** The observation the next `observation()` returns (bsuite returns the pre-step one). */
  private shown: Float32Array = new Float32Array(0);

  private observe(t: number): Float32Array {
    const o = new Float32Array(2 + this.numBits);
    o[0] = 1 - t / this.memoryLength;
    if (t === this.memoryLength - 1) o[1] = this.s[1]!;
    if (t === 0) for (let i = 0; i < this.numBits; i++) o[2 + i] = 2 * this.s[2 + i]! - 1;
    return o;
  }

  step(action: Action): StepResult {
    const t = this.s[0]!;
    this.shown = this.observe(t);
    this.s[0] = t + 1;
    if (t < this.memoryLength) {
      this.result.reward = 0;
      this.result.terminated = false;
    } else {
      const wanted = this.s[2 + this.s[1]!]!;
      this.result.reward = action === wanted ? 1 : -1;
      this.result.terminated = true;
    }
    return this.result;
  }

  observation(): Float32Array {
    return Float32Array.from(this.shown);
  }

  renderText(): string {
    const bits = Array.from({ length: this.numBits }, (_, i) => this.s[2 + i]).join('');
    return `memory length ${this.memoryLength}: step ${this.s[0]}, context ${bits}, query bit ${this.s[1]}`;
  }

  renderRgb(): RgbFrame {
    return createFrame(64, 16);
  }
}
