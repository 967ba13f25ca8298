/**
 * Which run directory a resumed run continues. `resume: '<dir>'` names it; `resume: true` looks in
 * the logdir for an unfinished run (run.json status 'training', with a checkpoint) of the same
 * preset, environment, seed, frames and hyperparameters, and takes the one checkpointed last, so a
 * requeued Slurm task or a rerun script finds its own run without being told where it is.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../lib/core/errors';
import { CHECKPOINT_FILE, readCheckpoint, type Checkpoint } from './checkpoint';

/** What identifies a run in its run.json. */
export interface RunIdentity {
  preset: string;
  family: string;
  env: string;
  /** The environment's options (makeEnvironment's second argument); undefined for none. */
  envOptions?: Record<string, unknown> | undefined;
  seed: number;
  frames: number;
  hyperparameters: unknown;
  /**
   * The preset's default per hyperparameter. A hyperparameter missing from an older run.json
   * (added to the preset after the run started) matches when it is asked at its default, which by
   * this project's convention keeps the behaviour the run had.
   */
  defaults?: Record<string, unknown>;
}

/** run.json of a run directory, or undefined when it has none or it is not JSON. */
export function readRunInfo(dir: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** How `info` (a run.json) differs from `wanted`, in words; empty when it is the same run. */
export function identityMismatch(info: Record<string, unknown>, wanted: RunIdentity): string[] {
  const out: string[] = [];
  for (const key of ['family', 'preset', 'env', 'seed', 'frames'] as const) {
    if (info[key] !== wanted[key]) out.push(`${key} ${JSON.stringify(info[key])} (asked: ${JSON.stringify(wanted[key])})`);
  }
  if (!sameJson(info.envOptions ?? {}, wanted.envOptions ?? {})) {
    out.push(`environment options ${JSON.stringify(info.envOptions ?? {})} (asked: ${JSON.stringify(wanted.envOptions ?? {})})`);
  }
  out.push(...hyperparameterMismatch(info.hyperparameters, wanted));
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How the run's hyperparameters differ from the asked ones, one phrase per name (see RunIdentity.defaults). */
function hyperparameterMismatch(recorded: unknown, wanted: RunIdentity): string[] {
  // run.json writes non-finite numbers as strings: compare through the same encoding
  const encode = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)));
  const had = encode(recorded);
  const asked = encode(wanted.hyperparameters);
  if (!isRecord(had) || !isRecord(asked)) return sameJson(had, asked) ? [] : ['the hyperparameters'];
  const out: string[] = [];
  for (const [name, value] of Object.entries(asked)) {
    if (name in had) {
      if (!sameJson(had[name], value)) out.push(`hyperparameter ${name} ${JSON.stringify(had[name])} (asked: ${JSON.stringify(value)})`);
    } else if (!(wanted.defaults !== undefined && name in wanted.defaults && sameJson(encode(wanted.defaults[name]), value))) {
      out.push(`hyperparameter ${name}, which that run does not record (asked: ${JSON.stringify(value)}; only its default resumes such a run)`);
    }
  }
  for (const name of Object.keys(had)) if (!(name in asked)) out.push(`hyperparameter ${name} ${JSON.stringify(had[name])}, which the preset no longer has`);
  return out;
}

/** Hyperparameters asked at their defaults that the run's run.json does not record (added to the preset since). */
export function adoptedDefaults(info: Record<string, unknown>, wanted: RunIdentity): string[] {
  const had = info.hyperparameters;
  const asked = wanted.hyperparameters;
  if (!isRecord(had) || !isRecord(asked)) return [];
  return Object.keys(asked).filter((name) => !(name in had)).map((name) => `${name}=${JSON.stringify(asked[name])}`);
}

/** The run directory to continue, or undefined to start a new run. */
export function findRunToResume(resume: true | string, logdir: string, wanted: RunIdentity): string | undefined {
  if (typeof resume === 'string') {
    const info = readRunInfo(resume);
    if (info === undefined) throw new ConfigError(`--resume ${resume}: no readable run.json there; give the run directory runExperiment or the CLI created`);
    const mismatch = identityMismatch(info, wanted);
    if (mismatch.length > 0) {
      throw new ConfigError(`--resume ${resume}: that run differs from the one asked for in ${mismatch.join('; ')}; ask for the same preset, environment, seed, frames and hyperparameters`);
    }
    if (info.status === 'done') throw new ConfigError(`--resume ${resume}: that run has already finished (run.json status "done"); nothing to resume`);
    if (!fs.existsSync(path.join(resume, CHECKPOINT_FILE))) {
      throw new ConfigError(`--resume ${resume}: the run has no ${CHECKPOINT_FILE} (it stopped before its first checkpoint); start it again without --resume`);
    }
    return resume;
  }
  let best: { dir: string; time: number } | undefined;
  for (const dir of runDirectories(logdir, 3)) {
    const checkpoint = path.join(dir, CHECKPOINT_FILE);
    if (!fs.existsSync(checkpoint)) continue;
    const info = readRunInfo(dir);
    if (info === undefined || info.status !== 'training' || identityMismatch(info, wanted).length > 0) continue;
    const time = fs.statSync(checkpoint).mtimeMs;
    if (best === undefined || time > best.time) best = { dir, time };
  }
  return best?.dir;
}

/** Directories holding a run.json under `root` (an id with a `/`, e.g. MinAtar/Breakout-v1, nests one level). */
function runDirectories(root: string, depth: number): string[] {
  if (depth === 0 || !fs.existsSync(root)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(root, entry.name);
    if (fs.existsSync(path.join(dir, 'run.json'))) out.push(dir);
    else out.push(...runDirectories(dir, depth - 1));
  }
  return out;
}

/** The run to continue and its checkpoint, or undefined to start a new run (see findRunToResume). */
export function runToResume(resume: true | string, logdir: string, wanted: RunIdentity): { dir: string; checkpoint: Checkpoint; info: Record<string, unknown> } | undefined {
  const dir = findRunToResume(resume, logdir, wanted);
  if (dir === undefined) return undefined;
  const checkpoint = readCheckpoint(dir);
  if (checkpoint === undefined) throw new ConfigError(`${dir} has no checkpoint to resume from`);
  return { dir, checkpoint, info: readRunInfo(dir) ?? {} };
}

/** run.json's opening record of a resumed run: its first start kept, this resume added to `resumes`. */
export function resumedRunInfo(info: Record<string, unknown>, previous: Record<string, unknown>, checkpoint: Checkpoint, at: number): Record<string, unknown> {
  const resumes = Array.isArray(previous.resumes) ? previous.resumes : [];
  const { frame, episode, envSaved, replay } = checkpoint.meta;
  return {
    ...info,
    started: previous.started ?? info.started,
    resumes: [...resumes, { at: new Date(at).toISOString(), frame, episode, envRestored: envSaved, replayRestored: replay }],
  };
}

/** The console line of a resume; `adopted` lists hyperparameters the run did not record, taken at their defaults. */
export function resumeLine(dir: string, checkpoint: Checkpoint, adopted: readonly string[] = []): string {
  const { frame, episode, envSaved, replay } = checkpoint.meta;
  return `resuming ${dir} at frame ${frame}, episode ${episode}` +
    (replay ? '' : ' (replay buffer not saved: the agent refills it before training again)') +
    (envSaved ? '' : ' (environment not saved: a new episode starts)') +
    (adopted.length === 0 ? '' : ` (added to the preset since the run started, at their defaults: ${adopted.join(', ')})`);
}
