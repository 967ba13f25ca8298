/**
 * Checkpoints of a training run, so a killed run resumes instead of restarting (no ALL
 * counterpart: ALL saves only the final preset). One file, `<run dir>/checkpoint.bin`, replaced
 * atomically, holds:
 * - the experiment's counters (frame, episode, every training return, the pending returns100 window);
 * - the agent's whole graph (weights, optimizer moments, schedules' counters, generators, rollout
 *   buffers; the replay buffer only when asked, since it can be large), see lib/core/snapshot.ts;
 * - the environment's graph when it can be saved as data (our TypeScript environments can;
 *   MuJoCo's and Python's cannot, and are reset on resume instead);
 * - the logger's positions: the event file's and every CSV's length at that moment, so a resumed
 *   run cuts away what was written after the checkpoint and writes it again, once.
 * File layout: "ALLTSCK1", a little-endian uint32 header length, the JSON header, zero padding to
 * 8 bytes, then each part's bytes at the offsets the header gives.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../lib/core/atomic_file';
import { FileFormatError } from '../lib/core/errors';
import { captureSnapshot, findInstances, SnapshotError, type Snapshot, type SnapshotNode } from '../lib/core/snapshot';
import { UpdateClock } from '../lib/agents/loops/update_clock';
import { ExperienceReplayBuffer } from '../lib/memory/experience_replay';
import { NStepReplayBuffer } from '../lib/memory/n_step_replay';
import { SequenceReplayBuffer } from '../lib/memory/sequence_replay';
import type { LoggerPosition } from '../lib/logging/experiment_logger';

/** The checkpoint's file name in a run directory. */
export const CHECKPOINT_FILE = 'checkpoint.bin';
const MAGIC = 'ALLTSCK1';

/** When and what a run checkpoints. */
export interface CheckpointSettings {
  /** Environment frames between checkpoints (taken at the first episode end, or step, after each multiple). */
  every: number;
  /** Save the replay buffer too: then the resumed run is step for step the uninterrupted one. */
  replay: boolean;
}

/** What the header records besides the parts. */
export interface CheckpointMeta {
  version: 1;
  frame: number;
  episode: number;
  savedAt: string;
  /** Whether the replay buffer was saved (otherwise a resumed agent refills it before training again). */
  replay: boolean;
  /** Whether the environment was saved (otherwise it is reset on resume). */
  envSaved: boolean;
  /** Why the environment was not saved. */
  envNote?: string;
  logger: LoggerPosition;
}

/** A checkpoint read back: its header and the snapshot of each part. */
export interface Checkpoint {
  meta: CheckpointMeta;
  /** The experiment's counters and the agent, captured together (they may share objects). */
  run: Snapshot;
  /** The environment, when meta.envSaved. */
  env?: Snapshot;
}

function isLogger(value: object): boolean {
  const v = value as { addLoss?: unknown; addSummary?: unknown };
  return typeof v.addLoss === 'function' && typeof v.addSummary === 'function';
}

function isReplay(value: object): boolean {
  return value instanceof ExperienceReplayBuffer || value instanceof NStepReplayBuffer || value instanceof SequenceReplayBuffer;
}

/**
 * Captures a run: `run` holds the experiment's counters and the agent (loggers are never saved:
 * the resumed run's logger continues the files), `env` the environment.
 */
export function captureCheckpoint(
  run: object,
  env: object,
  meta: Omit<CheckpointMeta, 'version' | 'savedAt' | 'envSaved' | 'envNote'>,
): Checkpoint {
  const runSnapshot = captureSnapshot(run, (value) => isLogger(value) || (!meta.replay && isReplay(value)));
  let envSnapshot: Snapshot | undefined;
  let envNote: string | undefined;
  try {
    envSnapshot = captureSnapshot(env, isLogger);
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    envNote = e.message;
  }
  return {
    meta: { version: 1, ...meta, savedAt: new Date().toISOString(), envSaved: envSnapshot !== undefined, ...(envNote === undefined ? {} : { envNote }) },
    run: runSnapshot,
    ...(envSnapshot === undefined ? {} : { env: envSnapshot }),
  };
}

/**
 * After restoring an agent whose replay buffer was not saved: every replay clock waits for its
 * replay start again, so the agent refills its buffer before it samples from it.
 */
export function restartWarmUps(agent: object): void {
  for (const clock of findInstances(agent, UpdateClock)) clock.restartWarmUp();
}

/** Writes `checkpoint` to `<dir>/checkpoint.bin` atomically (the previous one survives a crash). */
export function writeCheckpoint(dir: string, checkpoint: Checkpoint): void {
  const parts: { name: string; tree: SnapshotNode; bytes: Uint8Array }[] = [{ name: 'run', ...checkpoint.run }];
  if (checkpoint.env !== undefined) parts.push({ name: 'env', ...checkpoint.env });
  let offset = 0;
  const layout = parts.map((p) => {
    const at = offset;
    offset += Math.ceil(p.bytes.length / 8) * 8;
    return { name: p.name, tree: p.tree, offset: at, length: p.bytes.length };
  });
  const header = Buffer.from(JSON.stringify({ meta: checkpoint.meta, parts: layout }), 'utf8');
  const start = Math.ceil((MAGIC.length + 4 + header.length) / 8) * 8;
  const file = new Uint8Array(start + offset);
  file.set(Buffer.from(MAGIC, 'ascii'), 0);
  new DataView(file.buffer).setUint32(MAGIC.length, header.length, true);
  file.set(header, MAGIC.length + 4);
  parts.forEach((p, i) => file.set(p.bytes, start + layout[i]!.offset));
  writeFileAtomic(path.join(dir, CHECKPOINT_FILE), file);
}

/** Reads `<dir>/checkpoint.bin`; undefined when there is none. A damaged file is a FileFormatError. */
export function readCheckpoint(dir: string): Checkpoint | undefined {
  const file = path.join(dir, CHECKPOINT_FILE);
  if (!fs.existsSync(file)) return undefined;
  const data = fs.readFileSync(file);
  const damaged = (why: string): FileFormatError =>
    new FileFormatError(`${file} is not a readable allts checkpoint (${why}); delete it to start the run over, or resume from a copy of the run taken earlier`);
  if (data.length < MAGIC.length + 4 || data.subarray(0, MAGIC.length).toString('ascii') !== MAGIC) throw damaged('it does not start with the checkpoint signature');
  const headerLength = data.readUInt32LE(MAGIC.length);
  if (MAGIC.length + 4 + headerLength > data.length) throw damaged('its header runs past the end of the file');
  let header: { meta: CheckpointMeta; parts: { name: string; tree: SnapshotNode; offset: number; length: number }[] };
  try {
    header = JSON.parse(data.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength).toString('utf8'));
  } catch (e) {
    throw damaged(`its header is not JSON: ${(e as Error).message}`);
  }
  if (header.meta?.version !== 1) throw damaged(`version ${String(header.meta?.version)}; this allts reads version 1`);
  const start = Math.ceil((MAGIC.length + 4 + headerLength) / 8) * 8;
  const parts = new Map<string, Snapshot>();
  for (const p of header.parts) {
    if (start + p.offset + p.length > data.length) throw damaged(`part "${p.name}" runs past the end of the file (cut short?)`);
    // a copy aligned at 0, so typed arrays can view it
    parts.set(p.name, { tree: p.tree, bytes: new Uint8Array(data.subarray(start + p.offset, start + p.offset + p.length)) });
  }
  const run = parts.get('run');
  if (run === undefined) throw damaged('it has no run part');
  const env = parts.get('env');
  return { meta: header.meta, run, ...(env === undefined ? {} : { env }) };
}
