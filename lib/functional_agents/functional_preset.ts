/**
 * A preset around an explicit-state agent, so runExperiment (and everything else that takes a
 * PresetBuilder) can run it: `runExperiment([functionalPreset('functional_dqn', (env) => new
 * FunctionalDQN(envSizes(env)))], [env], 10_000, { logdir })`. Its `agent()` is `asAgent(...)`
 * training from the preset's records, `testAgent()` acts greedily on a copy of the trained
 * records, and `save(dir)` writes them by value (checkpoint.ts) with a preset.json describing the
 * agent. With `numEnvs > 1` it is a parallel preset (asParallelAgent, run by ParallelEnvExperiment).
 * Differs from registered presets: it is not in presets/registry.ts, so `loadPreset` and the
 * CLI do not know it; load its records with `loadRecords(dir + '/records.json')`.
 */
import * as path from 'node:path';
import { writeFileAtomic } from '../core/atomic_file';
import { ConfigError } from '../core/errors';
import type { Agent, ParallelAgent } from '../agents/agent';
import { PresetBuilder } from '../../presets/builder';
import type { ParamValue } from '../../presets/hyperparameters';
import { Preset, sanitizeNumbers, type AgentOptions, type EnvSpec } from '../../presets/preset';
import type { BaseAgent, RolloutBatch, TransitionBatch } from './base_agent';
import { FunctionalAgentAdapter, FunctionalParallelAgentAdapter } from './as_agent';
import { positiveInt } from './checks';
import { saveRecords } from './checkpoint';
import { foldIn, makeKey, splitKey, type Key } from './key';
import type { AgentRecords, LearnerOptions } from './learner';
import { cloneRecord, disposeRecord, type OptimOutput, type OptimState, type Params, type PolicyOutput, type PolicyState } from './records';

/** What the preset holds of an adapter: values out, release. */
type Holder = FunctionalAgentAdapter<Params, PolicyState, OptimState> | FunctionalParallelAgentAdapter<Params, PolicyState, OptimState>;

type AnyBaseAgent = BaseAgent<Params, PolicyState, OptimState, TransitionBatch | RolloutBatch, PolicyOutput, OptimOutput>;

/** The observation size and action count of a discrete-action environment, for an agent's options. */
export function envSizes(env: EnvSpec): { observationSize: number; numActions: number } {
  const n = (env.actionSpace as { n?: number }).n;
  if (typeof n !== 'number') {
    throw new ConfigError(`Explicit-state agents take discrete actions; ${env.name} has a ${env.actionSpace.constructor.name} action space. Pick a Discrete-action environment such as CartPole-v1`);
  }
  return { observationSize: env.observationSpace.shape.reduce((a, b) => a * b, 1), numActions: n };
}

/** A built preset of an explicit-state agent (see the file header). */
export class FunctionalPreset extends Preset<Record<string, ParamValue>> {
  private readonly initial: AgentRecords;
  private trainer: Holder | undefined;
  private readonly testAgents: Holder[] = [];
  private readonly key: Key;

  constructor(
    id: string,
    name: string,
    env: EnvSpec,
    seed: number,
    /** The explicit-state agent. */
    readonly functionalAgent: AnyBaseAgent,
    /** Environments the training agent acts on at once (1: an Agent; more: a ParallelAgent). */
    readonly numEnvs = 1,
  ) {
    super(id, 'functional', name, env, { ...settingsOf(functionalAgent), numEnvs }, seed);
    positiveInt('FunctionalPreset', 'numEnvs', numEnvs);
    const [run, kp, ks, ko] = splitKey(makeKey(seed), 4);
    this.key = run!;
    const params = functionalAgent.initParams(kp!);
    this.initial = { params, policyState: functionalAgent.initPolicy(ks!), optimState: functionalAgent.initOptimizer(params, ko!) };
  }

  /** A training agent (asAgent) starting from the preset's records; the latest one is what testAgent and save see. */
  agent(options?: AgentOptions): Agent | ParallelAgent {
    const salt = options?.rng?.childSeed() ?? 1;
    const trainer = this.adapter(this.numEnvs > 1, {
      key: foldIn(this.key, 1 + (salt % 1_000_000)),
      onUpdate: options?.logger === undefined ? undefined : (out) => options.logger!.addLoss('loss', out.loss),
    });
    this.trainer?.dispose();
    this.trainer = trainer;
    return trainer;
  }

  override get parallel(): boolean {
    return this.numEnvs > 1;
  }

  override get nEnvs(): number {
    return this.numEnvs;
  }

  /** An acting-only agent on a copy of the current records (evaluation policy). */
  testAgent(): Agent {
    const a = this.adapter(false, { key: foldIn(this.key, 0), train: false }) as FunctionalAgentAdapter<Params, PolicyState, OptimState>;
    this.testAgents.push(a);
    return a;
  }

  /** The parallel evaluation agent of a preset with numEnvs > 1. */
  override parallelTestAgent(): ParallelAgent | undefined {
    if (this.numEnvs === 1) return undefined;
    const a = this.adapter(true, { key: foldIn(this.key, 0), train: false }) as FunctionalParallelAgentAdapter<Params, PolicyState, OptimState>;
    this.testAgents.push(a);
    return a;
  }

  /** A copy of the current records (the caller owns it). */
  records(): AgentRecords {
    return this.trainer !== undefined ? this.trainer.records() : cloneRecord(this.initial as never);
  }

  /** Writes the current records (records.json, by value) and preset.json describing the agent. */
  override async save(dir: string): Promise<void> {
    const records = this.records();
    try {
      saveRecords(path.join(dir, 'records.json'), records as never, { agent: this.functionalAgent.name, preset: this.id });
    } finally {
      disposeRecord(records as never);
    }
    const json = {
      format: 'allts-functional-preset',
      version: 1,
      preset: this.id,
      agent: this.functionalAgent.name,
      seed: this.seed,
      env: { name: this.env.name, observationSpace: this.env.observationSpace.toJSON(), actionSpace: this.env.actionSpace.toJSON() },
      hyperparameters: this.hyperparameters,
      records: 'records.json',
    };
    writeFileAtomic(path.join(dir, 'preset.json'), JSON.stringify(json, sanitizeNumbers, 2) + '\n');
  }

  override loadWeightsFrom(_dir: string): void {
    throw new ConfigError('A functional preset loads by value: loadRecords(dir + "/records.json") and pass the records to asAgent');
  }

  override dispose(): void {
    this.trainer?.dispose();
    for (const a of this.testAgents) a.dispose();
    disposeRecord(this.initial as never);
  }

  /** Makes an adapter from the current records (the learner copies them; a temporary copy is released). */
  private adapter(parallel: boolean, options: Omit<LearnerOptions<Params, PolicyState, OptimState>, 'records'>): Holder {
    const copy = this.trainer?.records();
    try {
      const o = { ...options, records: copy ?? this.initial };
      return parallel ? new FunctionalParallelAgentAdapter(this.functionalAgent, o) : new FunctionalAgentAdapter(this.functionalAgent, o);
    } finally {
      if (copy !== undefined) disposeRecord(copy as never);
    }
  }
}

/** The agent's settings as hyperparameters (numbers, booleans, strings; other values as JSON). */
function settingsOf(agent: AnyBaseAgent): Record<string, ParamValue> {
  const s = (agent as unknown as { settings?: Record<string, unknown> }).settings ?? {};
  const out: Record<string, ParamValue> = { agent: agent.name };
  for (const [k, v] of Object.entries(s)) {
    out[k] = typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/**
 * A PresetBuilder of an explicit-state agent, for runExperiment.
 * @param id the preset id (run directories are named after it)
 * @param makeAgent builds the agent for an environment (see `envSizes`)
 * @param options `description` (one line), `numEnvs`: copies the training agent steps at once
 *   (more than 1 makes a parallel preset, run by ParallelEnvExperiment). Default 1.
 */
export function functionalPreset(
  id: string,
  makeAgent: (env: EnvSpec) => AnyBaseAgent,
  options: { description?: string; numEnvs?: number } = {},
): PresetBuilder<Record<string, never>, FunctionalPreset> {
  if (typeof id !== 'string' || id.trim() === '') throw new ConfigError(`functionalPreset needs a non-empty id; received ${JSON.stringify(id)}`);
  if (typeof makeAgent !== 'function') throw new ConfigError('functionalPreset needs a function (env) => explicit-state agent');
  const numEnvs = positiveInt('functionalPreset', 'numEnvs', options.numEnvs ?? 1);
  return new PresetBuilder(
    id,
    'functional',
    {},
    (a) => new FunctionalPreset(a.id, a.name, a.env, a.seed, makeAgent(a.env), numEnvs),
    options.description ?? 'explicit-state agent',
    numEnvs > 1,
  );
}
