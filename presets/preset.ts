/**
 * Preset: a built, ready-to-use agent recipe for one environment (ALL's all/presets/preset.py).
 * It owns the models, so `agent()` and `testAgent()` share trained weights, and `save(dir)` /
 * `loadPreset(dir)` round-trip hyperparameters and weights. Saving writes the weight files first
 * and `preset.json` last, each atomically: a crash leaves the previous save loadable.
 */
import { writeFileAtomic } from '../lib/core/atomic_file';
import { ConfigError, FileFormatError } from '../lib/core/errors';
import { nodeBuiltin } from '../lib/core/node_builtins';
import { Random } from '../lib/core/random';
import type { Box, Space } from '../lib/core/spaces';
import type { Agent, ParallelAgent } from '../lib/agents/agent';
import type { Logger } from '../lib/logging/logger';
import type { Module } from '../lib/nn/module';
import { loadWeights, serializeWeights } from '../lib/nn/weights';
import { decodeWeights, encodeWeights } from '../lib/nn/weights_codec';
import { readWeightsFile } from '../lib/nn/weights_file';
import type { ParamSpecs, ParamValue } from './hyperparameters';
import { buildModel } from './models/registry';

// save(dir) / loadWeightsFrom(dir) are Node-only; files() / loadWeightsFromFiles() work anywhere (issue 20)
const fs = nodeBuiltin('fs');
const path = nodeBuiltin('path');

/** A saved preset as file contents by file name: `preset.json` (text) and `<model>.weights` (bytes). */
export type PresetFiles = Record<string, string | Uint8Array>;

/** What a preset needs to know of an environment (any Environment satisfies it). */
export interface EnvSpec {
  readonly name: string;
  readonly observationSpace: Box;
  readonly actionSpace: Space;
}

/** Options of `preset.agent()`. */
export interface AgentOptions {
  /** Where losses and schedules go. Default: dropped. */
  logger?: Logger;
  /** Training length in environment frames, for schedules that decay over the run. Default Infinity. */
  trainSteps?: number;
  /** The run's random generator (exploration, replay sampling). Default: one seeded from the preset's seed. */
  rng?: Random;
}

/** The file format version of preset.json. */
export const PRESET_FORMAT = 1;

/** The resolved hyperparameters a preset class reads (its spec table's `ParamValues`). */
export type PresetHyperparameters = Readonly<Record<string, ParamValue>>;

/** The arguments of every preset class's constructor, as one tuple: those of `Preset`'s. */
export type PresetArgs<H extends object = PresetHyperparameters> = [
  id: string,
  family: string,
  name: string,
  env: EnvSpec,
  hyperparameters: H,
  seed: number,
  specs?: ParamSpecs,
];

/**
 * A built preset. Subclasses create their models in the constructor and register them in `models`.
 * `H` types the hyperparameters a subclass reads (`this.h.lr`).
 */
export abstract class Preset<H extends object = PresetHyperparameters> {
  /** Models by name; saved as `<name>.weights`. */
  protected readonly models: Record<string, Module> = {};

  constructor(
    /** The preset id, e.g. `dqn`. */
    readonly id: string,
    /** The family, e.g. `classic`. */
    readonly family: string,
    /** The name shown in logs and run directories (default: the id). */
    readonly name: string,
    readonly env: EnvSpec,
    readonly hyperparameters: Readonly<H>,
    /** Seed of the weight initialisation and the default agent generator. */
    readonly seed: number,
    /** The spec table it was built from (its builder's); model hyperparameters say their kind there. */
    readonly specs?: ParamSpecs,
  ) {}

  /** The hyperparameters, typed: a short name for the recipes in `agent()` and `testAgent()`. */
  protected get h(): Readonly<H> {
    return this.hyperparameters;
  }

  /** True for presets whose agents act on a batch of environments (`ParallelEnvExperiment`). */
  get parallel(): boolean {
    return false;
  }

  /** Number of environments a parallel preset runs; 1 otherwise. */
  get nEnvs(): number {
    return 1;
  }

  /** A training agent that shares this preset's models. */
  abstract agent(options?: AgentOptions): Agent | ParallelAgent;

  /** An evaluation agent on a copy of the current weights (no training, no exploration noise). */
  abstract testAgent(): Agent;

  /** A parallel evaluation agent, for parallel presets. */
  parallelTestAgent(): ParallelAgent | undefined {
    return undefined;
  }

  /**
   * The files `save(dir)` writes, as contents by file name (the weights files first, `preset.json`
   * last): what a browser offers for download, and what `loadPresetFiles` reads back.
   */
  files(): PresetFiles {
    const out: PresetFiles = {};
    for (const [name, model] of Object.entries(this.models)) {
      out[`${name}.weights`] = encodeWeights(serializeWeights(model.variables), { preset: this.id, model: name });
    }
    const json = {
      format: 'allts-preset',
      version: PRESET_FORMAT,
      family: this.family,
      preset: this.id,
      name: this.name,
      seed: this.seed,
      env: { name: this.env.name, observationSpace: this.env.observationSpace.toJSON(), actionSpace: this.env.actionSpace.toJSON() },
      hyperparameters: this.hyperparameters,
      models: Object.keys(this.models),
    };
    out['preset.json'] = JSON.stringify(json, sanitizeNumbers, 2) + '\n';
    return out;
  }

  /** Saves hyperparameters and weights to `dir` (created if needed). Node-only: in a browser use `files()`. */
  async save(dir: string): Promise<void> {
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, contents] of Object.entries(this.files())) writeFileAtomic(path.join(dir, name), contents);
  }

  /** Loads weights saved by `save` into this preset's models. Node-only: in a browser use `loadWeightsFromFiles`. */
  loadWeightsFrom(dir: string): void {
    for (const [name, model] of Object.entries(this.models)) {
      const file = path.join(dir, `${name}.weights`);
      loadWeights(model.variables, readWeightsFile(file), file);
    }
  }

  /**
   * Loads weights from file contents by name (`<model>.weights`, as `files()` gives them).
   * @param source names the files' origin (a directory, a URL) in errors
   * @throws FileFormatError when a model's weights file is missing or corrupt
   */
  loadWeightsFromFiles(files: Readonly<Record<string, string | Uint8Array | undefined>>, source = 'the preset files'): void {
    for (const [name, model] of Object.entries(this.models)) {
      const file = `${name}.weights`;
      const contents = files[file];
      if (contents === undefined || typeof contents === 'string') {
        throw new FileFormatError(
          `${source} has no ${file}${contents === undefined ? '' : ' as bytes'}; a saved "${this.id}" preset holds preset.json and ${Object.keys(this.models).map((m) => `${m}.weights`).join(', ')}`,
        );
      }
      loadWeights(model.variables, decodeWeights(contents, `${source}/${file}`), `${source}/${file}`);
    }
  }

  /** Releases the models. */
  dispose(): void {
    for (const m of Object.values(this.models)) m.dispose();
  }

  /**
   * Builds the network that the model hyperparameter `key` names (presets/models/registry.ts),
   * checked to be of the kind its spec says, with its sizes from the hyperparameters and its
   * initial weights from `rng`. A preset saved before its model hyperparameter existed gets the
   * default, today's network.
   * @param key the model hyperparameter, e.g. `model` or `policyModel`
   * @throws ConfigError when the spec table has no model hyperparameter `key`, or its value does not fit
   */
  protected buildModel(key: string, rng: Random): Module {
    const kind = this.specs?.[key]?.model;
    if (kind === undefined) {
      throw new ConfigError(
        `Preset "${this.id}" has no model hyperparameter "${key}" in ${this.specs === undefined ? 'its (missing) spec table' : 'its spec table'}; ` +
          'build presets through their PresetBuilder (e.g. definePreset), whose specs name each network with modelSpec',
      );
    }
    const hyperparameters = this.hyperparameters as Readonly<Record<string, unknown>>;
    return buildModel(String(hyperparameters[key]), kind, { env: this.env, hyperparameters, rng, preset: this.id, key });
  }

  /** A fresh generator for an agent, seeded from the preset's seed unless one is given. */
  protected agentRng(options: AgentOptions | undefined, salt: number): Random {
    return options?.rng ?? new Random(this.seed * 7919 + salt);
  }
}

/** JSON has no Infinity: store it as the string "Infinity" (read back by `reviveNumbers`). */
export function sanitizeNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** Reverses `sanitizeNumbers` for values whose default is a number. */
export function reviveNumbers(value: unknown): unknown {
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (value === 'NaN') return NaN;
  return value;
}
