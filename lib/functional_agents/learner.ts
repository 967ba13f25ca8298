/**
 * The stateful shell around an explicit-state agent that a training loop needs: it holds the
 * current records (replacing and releasing them after each predict and update), the random key,
 * and the data collection the agent asks for (a transition replay or a rollout), and turns each
 * batch of states reached into actions. trainFunctional (train.ts) and the `asAgent` bridge
 * (as_agent.ts) both drive one. This is where baselax's training script keeps its loop state.
 *
 * Transitions follow the vector-environment convention (ALL's and environments/duplicate.ts): a
 * copy whose previous state ended an episode was reset, so that step is no transition.
 */
import { ConfigError } from '../core/errors';
import type { BaseAgent, RolloutBatch, TransitionBatch } from './base_agent';
import { checkKey, splitKey, type Key } from './key';
import { cloneRecord, disposeRecord, type OptimOutput, type OptimState, type Params, type PolicyOutput, type PolicyState } from './records';
import { TransitionReplay } from './transition_replay';

/** One step's states, as a StateArray holds them (a single State can be viewed as a batch of 1). */
export interface StepBatch {
  /** rows x observationSize values */
  readonly observation: Float32Array;
  /** reward on arriving at each state */
  readonly reward: ArrayLike<number>;
  /** 1 where the state is a true terminal */
  readonly terminated: ArrayLike<number | boolean>;
  /** 1 where the episode was cut short (time limit) */
  readonly truncated: ArrayLike<number | boolean>;
}

/** The records of an agent at one moment. */
export interface AgentRecords<P extends Params = Params, S extends PolicyState = PolicyState, O extends OptimState = OptimState> {
  readonly params: P;
  readonly policyState: S;
  readonly optimState: O;
}

/** Options of a FunctionalLearner. */
export interface LearnerOptions<P extends Params, S extends PolicyState, O extends OptimState> {
  /** The random key of the run (split for every predict and every sample). */
  key: Key;
  /** Records to start from (copied; the caller keeps its own). Default: fresh ones from `key`. */
  records?: AgentRecords<P, S, O>;
  /** Train (collect and update) or only act. Default true. */
  train?: boolean;
  /** Called after each update with its output and the update's number. */
  onUpdate?: (output: OptimOutput, updates: number) => void;
}

/** Drives one explicit-state agent through a stream of state batches. */
export class FunctionalLearner<P extends Params, S extends PolicyState, O extends OptimState> {
  private params: P;
  private policyState: S;
  private optimState: O;
  private key: Key;
  private readonly train: boolean;
  private readonly replay: TransitionReplay | undefined;
  private rollout: RolloutBuffer | undefined;
  private prevObs: Float32Array | undefined;
  private prevActions: Int32Array | undefined;
  private prevDone: Uint8Array | undefined;
  private predicts = 0;
  private updateCount = 0;
  private readonly onUpdate: ((output: OptimOutput, updates: number) => void) | undefined;
  /** Output of the latest update, if any. */
  lastUpdate: OptimOutput | undefined;
  private disposed = false;

  constructor(
    readonly agent: BaseAgent<P, S, O, TransitionBatch | RolloutBatch, PolicyOutput, OptimOutput>,
    options: LearnerOptions<P, S, O>,
  ) {
    checkKey('FunctionalLearner', options.key);
    const [run, kp, ks, ko] = splitKey(options.key, 4);
    this.key = run!;
    if (options.records !== undefined) {
      this.params = cloneRecord(options.records.params);
      this.policyState = cloneRecord(options.records.policyState);
      this.optimState = cloneRecord(options.records.optimState);
    } else {
      this.params = agent.initParams(kp!);
      this.policyState = agent.initPolicy(ks!);
      this.optimState = agent.initOptimizer(this.params, ko!);
    }
    this.train = options.train ?? true;
    this.onUpdate = options.onUpdate;
    const c = agent.collection;
    this.replay = this.train && c.kind === 'replay' ? new TransitionReplay(c.capacity, agent.observationSize) : undefined;
  }

  /** Updates so far. */
  get updates(): number {
    return this.updateCount;
  }

  /** A copy of the current records (the caller owns it). */
  records(): AgentRecords<P, S, O> {
    this.checkLive();
    return { params: cloneRecord(this.params), policyState: cloneRecord(this.policyState), optimState: cloneRecord(this.optimState) };
  }

  /** The current records themselves (owned by the learner: do not dispose; valid until the next act). */
  peek(): AgentRecords<P, S, O> {
    return { params: this.params, policyState: this.policyState, optimState: this.optimState };
  }

  /**
   * Observes the states reached (rewards and flags for the previous actions), stores the
   * transitions, updates when the collection says so, and returns the next actions.
   */
  act(states: StepBatch): Int32Array {
    this.checkLive();
    const d = this.agent.observationSize;
    const rows = states.observation.length / d;
    if (!Number.isInteger(rows) || rows === 0) {
      throw new ConfigError(`FunctionalLearner.act: ${states.observation.length} observation values are not whole rows of ${this.agent.observationSize}`);
    }
    if (this.prevObs !== undefined && this.prevObs.length !== states.observation.length) {
      throw new ConfigError(`FunctionalLearner.act: the number of environments changed from ${this.prevObs.length / d} to ${rows}; use one learner per environment count`);
    }
    const done = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) done[i] = states.terminated[i] || states.truncated[i] ? 1 : 0;
    if (this.train) this.observe(states, rows, done);
    const [next, kAct] = splitKey(this.key, 2);
    this.key = next!;
    const { output, policyState } = this.agent.predict(this.params, this.policyState, states.observation, kAct!, !this.train);
    disposeRecord(this.policyState);
    this.policyState = policyState;
    const actions = Int32Array.from(output.actions as Int32Array);
    disposeRecord(output);
    this.predicts += 1;
    this.prevObs = states.observation.slice();
    this.prevActions = actions;
    this.prevDone = done;
    return actions;
  }

  private observe(states: StepBatch, rows: number, done: Uint8Array): void {
    const gamma = this.agent.discount;
    const c = this.agent.collection;
    if (c.kind === 'replay') {
      const replay = this.replay!;
      if (this.prevObs !== undefined) {
        for (let i = 0; i < rows; i++) {
          if (this.prevDone![i]) continue;
          const discountT = states.terminated[i] ? 0 : gamma;
          replay.add(this.prevObs, i, this.prevActions![i]!, states.reward[i]!, discountT, states.observation, i);
        }
      }
      if (replay.size >= c.startSize && this.predicts % c.updateEvery === 0) {
        const [next, kSample] = splitKey(this.key, 2);
        this.key = next!;
        this.doUpdate(replay.sample(kSample!, c.batchSize));
      }
      return;
    }
    this.rollout ??= new RolloutBuffer(c.length, rows, this.agent.observationSize);
    const buf = this.rollout;
    if (this.prevObs !== undefined) {
      buf.record(this.prevObs, this.prevActions!, this.prevDone!, states, gamma);
      if (buf.full) {
        this.doUpdate(buf.batch(states.observation));
        buf.clear();
      }
    }
  }

  private doUpdate(batch: TransitionBatch | RolloutBatch): void {
    const { output, params, optimState } = this.agent.update(this.params, this.optimState, batch);
    disposeRecord(this.params, this.optimState);
    this.params = params;
    this.optimState = optimState;
    this.updateCount += 1;
    this.lastUpdate = output;
    this.onUpdate?.(output, this.updateCount);
  }

  private checkLive(): void {
    if (this.disposed) throw new ConfigError('FunctionalLearner: used after dispose(); take records() before disposing');
  }

  /** Releases the records. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeRecord(this.params, this.policyState, this.optimState);
  }
}

/** A rollout being gathered, time-major. */
class RolloutBuffer {
  private readonly obs: Float32Array;
  private readonly actions: Int32Array;
  private readonly rewards: Float32Array;
  private readonly discounts: Float32Array;
  private readonly valid: Uint8Array;
  private t = 0;

  constructor(readonly length: number, readonly numEnvs: number, readonly observationSize: number) {
    this.obs = new Float32Array((length + 1) * numEnvs * observationSize);
    this.actions = new Int32Array(length * numEnvs);
    this.rewards = new Float32Array(length * numEnvs);
    this.discounts = new Float32Array(length * numEnvs);
    this.valid = new Uint8Array(length * numEnvs);
  }

  get full(): boolean {
    return this.t === this.length;
  }

  record(prevObs: Float32Array, actions: Int32Array, prevDone: Uint8Array, states: StepBatch, gamma: number): void {
    const n = this.numEnvs;
    const row = this.t * n;
    this.obs.set(prevObs, row * this.observationSize);
    for (let i = 0; i < n; i++) {
      this.actions[row + i] = actions[i]!;
      this.valid[row + i] = prevDone[i] ? 0 : 1;
      this.rewards[row + i] = prevDone[i] ? 0 : states.reward[i]!;
      this.discounts[row + i] = states.terminated[i] ? 0 : gamma;
    }
    this.t += 1;
  }

  batch(lastObs: Float32Array): RolloutBatch {
    const obs = this.obs.slice();
    obs.set(lastObs, this.length * this.numEnvs * this.observationSize);
    return {
      length: this.length,
      numEnvs: this.numEnvs,
      obs,
      actions: this.actions.slice(),
      rewards: this.rewards.slice(),
      discounts: this.discounts.slice(),
      valid: this.valid.slice(),
    };
  }

  clear(): void {
    this.t = 0;
  }
}
