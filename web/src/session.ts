/**
 * A training or playing session the engine (engine.ts) advances in chunks: each
 * `advance(budgetMs, maxSteps)` runs environment steps until the time budget or step count is
 * spent, then returns, so the engine can report, draw and take the page's commands before the
 * next chunk (in a Web Worker, or between animation frames on the page's thread). The loop is
 * SingleEnvExperiment's: reset (seeded on the first episode), act, step, act on the last state of
 * an episode too (so the agent sees its end). Also TensorOwner, which frees what agents keep.
 */
import { tf, type Agent, type Environment, type ParallelAgent, type Preset, type State, type StateArray, type VectorEnvironment } from '../../browser';

/** What one chunk did. */
export interface ChunkResult {
  /** Returns of the episodes that ended in this chunk. */
  finished: number[];
  /** Whether the session is over (frame limit, or the single play episode ended). */
  done: boolean;
}

/** What the page advances, draws and reads: one environment or several copies. */
export interface Stepper {
  readonly frames: number;
  readonly episodes: number;
  readonly playing: boolean;
  readonly done: boolean;
  /** The environment the page draws (the first copy of a vector environment). */
  readonly env: Environment;
  advance(budgetMs: number, maxSteps: number): ChunkResult;
}

/** An agent stepping an environment until a frame limit (training) or one episode (playing). */
export class Session implements Stepper {
  frames = 0;
  episodes = 0;
  /** Actions taken, in order (recorded when playing, for comparison with Node). */
  readonly actions: (number | number[])[] = [];
  private state: State | undefined;
  private action: unknown;
  private episodeReturn = 0;
  private seedPending: number | undefined;

  constructor(
    readonly env: Environment,
    readonly agent: Agent,
    seed: number,
    /** Frames to train for; for playing, Infinity (the session ends with its first episode). */
    readonly maxFrames: number,
    readonly playing: boolean,
  ) {
    this.seedPending = seed;
  }

  /** Runs steps for at most `budgetMs` milliseconds and `maxSteps` steps. */
  advance(budgetMs: number, maxSteps: number): ChunkResult {
    const finished: number[] = [];
    const end = performance.now() + budgetMs;
    let steps = 0;
    while (steps < maxSteps && performance.now() < end) {
      if (this.done) break;
      if (this.state === undefined) {
        this.state = this.env.reset(this.seedPending === undefined ? {} : { seed: this.seedPending });
        this.seedPending = undefined;
        this.action = this.agent.act(this.state);
        this.episodeReturn = 0;
      }
      if (this.playing) this.actions.push(typeof this.action === 'number' ? this.action : Array.from(this.action as Float32Array));
      this.state = this.env.step(this.action as never);
      this.action = this.agent.act(this.state);
      this.episodeReturn += this.state.reward;
      this.frames += 1;
      steps += 1;
      if (this.state.done) {
        finished.push(this.episodeReturn);
        this.episodes += 1;
        if (!this.playing) this.state = undefined;
      }
    }
    return { finished, done: this.done };
  }

  /** Whether the session is over. */
  get done(): boolean {
    return this.playing ? this.episodes > 0 : this.frames >= this.maxFrames;
  }

  /** The return of the episode in progress. */
  get currentReturn(): number {
    return this.episodeReturn;
  }
}

/**
 * A parallel preset's agent stepping copies of an environment (ParallelEnvExperiment's loop):
 * every step acts on all copies, a copy whose episode ended is reset by its next step, and each
 * step counts one frame per copy.
 */
export class ParallelSession implements Stepper {
  frames = 0;
  episodes = 0;
  readonly playing = false;
  private states: StateArray | undefined;
  private readonly returns: Float64Array;

  constructor(
    readonly vector: VectorEnvironment,
    readonly agent: ParallelAgent,
    private readonly seed: number,
    /** Frames to train for, counted over all copies. */
    readonly maxFrames: number,
  ) {
    this.returns = new Float64Array(vector.numEnvs);
  }

  get env(): Environment {
    return this.vector.envs[0]!;
  }

  get done(): boolean {
    return this.frames >= this.maxFrames;
  }

  advance(budgetMs: number, maxSteps: number): ChunkResult {
    const finished: number[] = [];
    const end = performance.now() + budgetMs;
    const n = this.vector.numEnvs;
    let steps = 0;
    while (steps < maxSteps && performance.now() < end && !this.done) {
      const states = this.vector.step(this.agent.act(this.states ?? this.vector.reset({ seed: this.seed })) as never);
      this.states = states;
      this.frames += n;
      steps += 1;
      for (let i = 0; i < n; i++) {
        this.returns[i]! += states.reward[i]!;
        if (states.terminated[i] || states.truncated[i]) {
          finished.push(this.returns[i]!);
          this.returns[i] = 0;
          this.episodes += 1;
        }
      }
    }
    return { finished, done: this.done };
  }
}

/** The parts of tfjs's engine that scope tensor tracking (internal, but stable across tfjs 4). */
interface EngineScopes {
  startScope(name?: string): void;
  endScope(result?: unknown): void;
  state: { activeScope: { track: { isDisposed: boolean; dispose(): void }[] } | null };
  registeredVariables: Record<string, { dispose(): void }>;
}

/**
 * The tensors and variables a run of the page makes and keeps (a preset's agent: its target
 * networks, optimizer state, ...; or a test agent's copy of the weights). Agents have no
 * `dispose`, so the tensors and variables made inside `run(...)` and still alive when it returns
 * are taken as theirs; `release()` frees them when the user switches agent. Tensors inside `run`
 * behave as outside it (the survivors are kept).
 */
export class TensorOwner {
  private readonly engine = tf.engine() as unknown as EngineScopes;
  private owned: { isDisposed: boolean; dispose(): void }[] = [];
  private variables = new Set<string>();

  /** Runs `fn` (which must not return a tensor), taking the tensors and variables it leaves alive. */
  run<T>(fn: () => T): T {
    const before = new Set(Object.keys(this.engine.registeredVariables));
    this.engine.startScope('allts-page-run');
    try {
      return fn();
    } finally {
      const made = (this.engine.state.activeScope?.track ?? []).filter((t) => !t.isDisposed);
      for (const t of made) tf.keep(t as never); // kept past endScope: the agent uses them
      this.engine.endScope();
      if (this.owned.length > 1000) this.owned = this.owned.filter((t) => !t.isDisposed);
      this.owned.push(...made);
      for (const name of Object.keys(this.engine.registeredVariables)) if (!before.has(name)) this.variables.add(name);
    }
  }

  /** Frees the tensors and variables the runs made that are still alive. */
  release(): void {
    for (const name of this.variables) this.engine.registeredVariables[name]?.dispose();
    for (const t of this.owned) if (!t.isDisposed) t.dispose();
    this.owned = [];
    this.variables.clear();
  }
}

/**
 * The test agent of a preset on a fresh environment, as a play session of one episode, and the
 * owner of the tensors it made (the test agent's copy of the weights): release it when done.
 */
export function playSession(preset: Preset, env: Environment, seed: number): { session: Session; owner: TensorOwner } {
  const owner = new TensorOwner();
  const agent = owner.run(() => preset.testAgent());
  return { session: new Session(env, agent, seed, Infinity, true), owner };
}
