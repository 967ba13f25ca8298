/**
 * Presets around explicit-state agents (lib/functional_agents), so runExperiment, loadPreset and
 * everything else that takes a PresetBuilder can run them. A FunctionalPreset holds the agent's
 * records (params, policy state, optim state) by value: `agent()` is `asAgent(...)` /
 * `asParallelAgent(...)` training from the preset's records, `testAgent()` acts with the
 * evaluation policy on a copy of the latest records, and `save(dir)` writes `records.json` (by
 * value, lib/functional_agents/checkpoint.ts) before `preset.json`. `loadWeightsFrom(dir)` reads the
 * records back, checked against the layout the agent makes, so registered functional presets
 * (presets/functional: `dqn`, `a2c`, `ppo`) round-trip through `loadPreset`.
 *
 * `functionalPreset(id, (env) => agent)` wraps any explicit-state agent as an unregistered preset:
 * runExperiment runs it in this process, but worker processes and `loadPreset` cannot rebuild it
 * (its hyperparameters are the agent's settings, not a spec table); read its records with
 * `loadRecords(dir + '/records.json')`. Differs from ALL's presets: the state is records, not models.
 */
import * as path from 'node:path';
import { ConfigError, FileFormatError } from '../../lib/core/errors';
import type { Agent, ParallelAgent } from '../../lib/agents/agent';
import type { BaseAgent, RolloutBatch, TransitionBatch } from '../../lib/functional_agents/base_agent';
import { FunctionalAgentAdapter, FunctionalParallelAgentAdapter } from '../../lib/functional_agents/as_agent';
import { positiveInt } from '../../lib/functional_agents/checks';
import { loadRecords, saveRecords } from '../../lib/functional_agents/checkpoint';
import { foldIn, makeKey, splitKey, type Key } from '../../lib/functional_agents/key';
import type { AgentRecords, LearnerOptions } from '../../lib/functional_agents/learner';
import {
  cloneRecord,
  disposeRecord,
  recordLayoutDifference,
  type OptimOutput,
  type OptimState,
  type Params,
  type PolicyOutput,
  type PolicyState,
} from '../../lib/functional_agents/records';
import { PresetBuilder } from '../builder';
import type { ParamValue } from '../hyperparameters';
import { Preset, type AgentOptions, type EnvSpec, type PresetArgs } from '../preset';

/** What the preset holds of an adapter: values out, release. */
type Holder = FunctionalAgentAdapter<Params, PolicyState, OptimState> | FunctionalParallelAgentAdapter<Params, PolicyState, OptimState>;

/** Any explicit-state agent, as the preset drives it. */
export type AnyBaseAgent = BaseAgent<Params, PolicyState, OptimState, TransitionBatch | RolloutBatch, PolicyOutput, OptimOutput>;

/** The file, inside a saved preset's directory, that holds its records. */
export const RECORDS_FILE = 'records.json';

/** The observation size and action count of a discrete-action environment, for an agent's options. */
export function envSizes(env: EnvSpec): { observationSize: number; numActions: number } {
  const n = (env.actionSpace as { n?: number }).n;
  if (typeof n !== 'number') {
    throw new ConfigError(`Explicit-state agents take discrete actions; ${env.name} has a ${env.actionSpace.constructor.name} action space. Pick a Discrete-action environment such as CartPole-v1`);
  }
  return { observationSize: env.observationSpace.shape.reduce((a, b) => a * b, 1), numActions: n };
}

/** A built preset of an explicit-state agent (see the file header). */
export class FunctionalPreset<H extends object = Record<string, ParamValue>> extends Preset<H> {
  private initial: AgentRecords;
  private trainer: Holder | undefined;
  private readonly testAgents: Holder[] = [];
  private readonly key: Key;

  /**
   * @param args the preset's id, family, name, environment, hyperparameters, seed (and spec table)
   * @param functionalAgent the explicit-state agent
   * @param numEnvs environments the training agent acts on at once (1: an Agent; more: a ParallelAgent)
   * @param alwaysParallel make a ParallelAgent even for one environment (registered presets, whose builders say parallel)
   */
  constructor(
    args: PresetArgs<H>,
    readonly functionalAgent: AnyBaseAgent,
    readonly numEnvs = 1,
    private readonly alwaysParallel = false,
  ) {
    super(...args);
    positiveInt('FunctionalPreset', 'numEnvs', numEnvs);
    const [run, kp, ks, ko] = splitKey(makeKey(this.seed), 4);
    this.key = run!;
    const params = functionalAgent.initParams(kp!);
    this.initial = { params, policyState: functionalAgent.initPolicy(ks!), optimState: functionalAgent.initOptimizer(params, ko!) };
  }

  /** A training agent (asAgent) starting from the preset's records; the latest one is what testAgent and save see. */
  agent(options?: AgentOptions): Agent | ParallelAgent {
    const salt = options?.rng?.childSeed() ?? 1;
    const trainer = this.adapter(this.parallel, {
      key: foldIn(this.key, 1 + (salt % 1_000_000)),
      onUpdate: options?.logger === undefined ? undefined : (out) => options.logger!.addLoss('loss', out.loss),
    });
    this.trainer?.dispose();
    this.trainer = trainer;
    return trainer;
  }

  override get parallel(): boolean {
    return this.alwaysParallel || this.numEnvs > 1;
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

  /** The parallel evaluation agent of a parallel preset. */
  override parallelTestAgent(): ParallelAgent | undefined {
    if (!this.parallel) return undefined;
    const a = this.adapter(true, { key: foldIn(this.key, 0), train: false }) as FunctionalParallelAgentAdapter<Params, PolicyState, OptimState>;
    this.testAgents.push(a);
    return a;
  }

  /** A copy of the current records (the caller owns it). */
  records(): AgentRecords {
    return this.trainer !== undefined ? this.trainer.records() : cloneRecord(this.initial as never);
  }

  /** Writes the current records (records.json, by value), then preset.json as every preset does. */
  override async save(dir: string): Promise<void> {
    const records = this.records();
    try {
      saveRecords(path.join(dir, RECORDS_FILE), records as never, { agent: this.functionalAgent.name, preset: this.id, family: this.family });
    } finally {
      disposeRecord(records as never);
    }
    await super.save(dir);
  }

  /**
   * Replaces the preset's records with those saved in `dir` (what `loadPreset` calls); training
   * and test agents made afterwards start from them.
   * @throws FileFormatError when records.json is missing, of another agent, or laid out differently
   */
  override loadWeightsFrom(dir: string): void {
    const file = path.join(dir, RECORDS_FILE);
    const { records, meta } = loadRecords(file);
    const fail = (why: string): never => {
      disposeRecord(records);
      throw new FileFormatError(`${file} ${why}; it was not saved by this preset (${this.family}/${this.id}, agent ${this.functionalAgent.name}) with these hyperparameters`);
    };
    if (meta.agent !== this.functionalAgent.name) fail(`holds the records of agent ${JSON.stringify(meta.agent)}`);
    for (const part of ['params', 'policyState', 'optimState'] as const) {
      if (!(part in records)) fail(`has no ${part}`);
      const diff = recordLayoutDifference(this.initial[part], records[part]!, part);
      if (diff !== undefined) fail(`does not fit the agent: ${diff}`);
    }
    this.trainer?.dispose();
    this.trainer = undefined;
    disposeRecord(this.initial as never);
    this.initial = records as unknown as AgentRecords;
  }

  override dispose(): void {
    this.trainer?.dispose();
    this.trainer = undefined;
    for (const a of this.testAgents.splice(0)) a.dispose();
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
 * A PresetBuilder of any explicit-state agent, for runExperiment in this process (unregistered:
 * see the file header; the registered ones are `functional.dqn`, `functional.a2c`, `functional.ppo`).
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
    (a) => {
      const agent = makeAgent(a.env);
      return new FunctionalPreset([a.id, a.family, a.name, a.env, { ...settingsOf(agent), numEnvs }, a.seed], agent, numEnvs);
    },
    options.description ?? 'explicit-state agent',
    numEnvs > 1,
  );
}
