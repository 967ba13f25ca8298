/**
 * Writes a TensorBoard event file (`events.out.tfevents.<secs>.<host>`) with no native dependency.
 *
 * Ports the behaviour of TensorBoard's `EventFileWriter` (tensorboard/summary/writer/
 * event_file_writer.py, https://github.com/tensorflow/tensorboard): a file_version record first,
 * then one Event per call, buffered in memory and flushed periodically and on close.
 * Deliberately differs: no background thread or queue; a flush is one synchronous positional
 * write of whole records (a failed write is truncated away), so a crash or kill loses at most the
 * records since the last flush and never leaves a torn record. The flush timer is unref'd, so an
 * open writer never keeps Node alive; call `close()` (or `flush()`) before exiting.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, StateError } from '../../core/errors';
import { encodeEvent, FILE_VERSION, type EventData } from './event_proto';
import { computeHistogram } from './histogram';
import {
  encodeExperimentContent,
  encodeSessionEndContent,
  encodeSessionStartContent,
  HPARAMS_EXPERIMENT_TAG,
  HPARAMS_SESSION_END_INFO_TAG,
  HPARAMS_SESSION_START_INFO_TAG,
  hparamsSummaryValue,
  sessionGroupName,
  SessionStatus,
  validateHparams,
  type HparamValue,
} from './hparams';
import { encodeRecord } from './tfrecord';

/** Options of {@link EventFileWriter}. */
export interface EventFileWriterOptions {
  /**
   * Milliseconds between automatic flushes. Default 2000: TensorBoard's own writers wait 120 s, we
   * flush sooner so a live run shows up quickly (each flush is one small append).
   */
  flushIntervalMs?: number;
  /**
   * Continue an existing event file (a resumed run) instead of creating one: `file` (in `logdir`)
   * is cut back to `bytes`, the length its writer had reached at the checkpoint, and appended to.
   */
  resume?: { file: string; bytes: number };
}

/** Default flush interval, milliseconds. */
export const DEFAULT_FLUSH_INTERVAL_MS = 2000;
/** Pending bytes above which a write flushes at once instead of waiting for the timer. */
const MAX_PENDING_BYTES = 1 << 20;
/** How many `.1`, `.2`, ... suffixes to try when the file name is already taken. */
const MAX_NAME_ATTEMPTS = 1000;

function nowSeconds(): number {
  return Date.now() / 1000;
}

/** Writes scalars, histograms and hyperparameters to one TensorBoard event file. */
export class EventFileWriter {
  /** Absolute path of the event file. */
  readonly path: string;
  private readonly fd: number;
  private readonly timer: NodeJS.Timeout;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Bytes of whole records already in the file. */
  private position = 0;
  private isClosed = false;
  private timerError: unknown = undefined;

  /**
   * Creates `logdir` (recursively) and a new event file in it, then writes the file_version record.
   * If a file of the same name exists (two writers in one second), `.1`, `.2`, ... is appended.
   * @param logdir directory of the run; TensorBoard shows it as one run
   * @param options flush interval
   */
  constructor(logdir: string, options: EventFileWriterOptions = {}) {
    const flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    if (typeof flushIntervalMs !== 'number' || !Number.isFinite(flushIntervalMs) || flushIntervalMs <= 0) {
      throw new ConfigError(
        `EventFileWriter: flushIntervalMs must be a positive number of milliseconds; received ${String(flushIntervalMs)}. ` +
          `Omit it for the default ${DEFAULT_FLUSH_INTERVAL_MS}.`,
      );
    }
    if (typeof logdir !== 'string' || logdir === '') {
      throw new ConfigError(`EventFileWriter: logdir must be a non-empty path; received ${String(logdir)}.`);
    }
    const dir = path.resolve(logdir);
    fs.mkdirSync(dir, { recursive: true });
    if (options.resume !== undefined) {
      // A resumed run continues its own file: whatever was flushed after its checkpoint goes, so
      // no record appears twice once the run writes those steps again.
      const { file, bytes } = options.resume;
      this.path = path.resolve(dir, file);
      this.fd = fs.openSync(this.path, 'r+');
      const size = fs.fstatSync(this.fd).size;
      if (size < bytes) {
        fs.closeSync(this.fd);
        throw new StateError(`EventFileWriter: ${this.path} holds ${size} bytes but the checkpoint recorded ${bytes}; the file was cut short after the checkpoint, so it cannot be resumed.`);
      }
      fs.ftruncateSync(this.fd, bytes);
      this.position = bytes;
      this.timer = setInterval(() => this.flushFromTimer(), flushIntervalMs);
      this.timer.unref();
      return;
    }
    const created = nowSeconds();
    const base = `events.out.tfevents.${String(Math.floor(created)).padStart(10, '0')}.${os.hostname()}`;
    const { fd, file } = openExclusive(dir, base);
    this.fd = fd;
    this.path = file;
    try {
      this.enqueue({ wallTime: created, step: 0, fileVersion: FILE_VERSION });
      this.flush();
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
    this.timer = setInterval(() => this.flushFromTimer(), flushIntervalMs);
    this.timer.unref();
  }

  /** Bytes of whole records written to the file so far (call `flush()` first to include pending ones). */
  get bytesWritten(): number {
    return this.position;
  }

  /** True once `close()` has been called. */
  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Logs a scalar (stored as float32; NaN and ±Infinity are written as they are).
   * @param tag time-series name, e.g. "loss/q"
   * @param value the scalar
   * @param step integer step (environment frames in allts)
   * @param wallTimeSeconds seconds since the Unix epoch (default: now)
   */
  addScalar(tag: string, value: number, step: number, wallTimeSeconds?: number): void {
    this.checkOpen(`addScalar("${tag}")`);
    checkTag(tag, 'addScalar');
    if (typeof value !== 'number') {
      throw new ConfigError(`addScalar("${tag}"): value must be a number; received ${typeof value} (${String(value)}).`);
    }
    this.addEvent({ wallTime: wallTimeSeconds ?? nowSeconds(), step, summary: { value: [{ tag, simpleValue: value }] } });
  }

  /**
   * Logs a histogram of `values`.
   * @param tag time-series name
   * @param values finite numbers (an empty list gives an empty histogram)
   * @param step integer step
   * @param bucketCount equal-width buckets between min and max; omit for TensorFlow's exponential buckets
   */
  addHistogram(tag: string, values: ArrayLike<number>, step: number, bucketCount?: number): void {
    this.checkOpen(`addHistogram("${tag}")`);
    checkTag(tag, 'addHistogram');
    const histo = computeHistogram(values, bucketCount, tag);
    this.addEvent({ wallTime: nowSeconds(), step, summary: { value: [{ tag, histo }] } });
  }

  /**
   * Logs hyperparameters with their metrics for TensorBoard's HPARAMS tab: an experiment summary
   * declaring the hparams and metric tags, a session start with the values, each metric as an
   * ordinary scalar under its tag, and a session end with status SUCCESS. Call once per file:
   * TensorBoard keeps only the first hparams metadata of a run.
   * @param hparams name → string / number / boolean
   * @param metrics scalar tag → value, e.g. { "eval/returns": 195.3 }
   * @param step step of the metric scalars (default 0); the hparams records are at step 0 as in TensorBoard
   */
  addHparams(hparams: Record<string, HparamValue>, metrics: Record<string, number>, step = 0): void {
    this.checkOpen('addHparams');
    validateHparams(hparams, metrics);
    const wallTime = nowSeconds();
    const metricTags = Object.keys(metrics);
    const hparamsEvent = (tag: string, content: Uint8Array): EventData => ({
      wallTime,
      step: 0,
      summary: { value: [hparamsSummaryValue(tag, content)] },
    });
    // Encode everything first so a bad step cannot leave half an hparams block behind.
    const events: EventData[] = [
      hparamsEvent(HPARAMS_EXPERIMENT_TAG, encodeExperimentContent(hparams, metricTags, wallTime)),
      hparamsEvent(HPARAMS_SESSION_START_INFO_TAG, encodeSessionStartContent(hparams, wallTime, sessionGroupName(hparams))),
      ...metricTags.map((tag) => ({ wallTime, step, summary: { value: [{ tag, simpleValue: metrics[tag] as number }] } })),
      hparamsEvent(HPARAMS_SESSION_END_INFO_TAG, encodeSessionEndContent(SessionStatus.SUCCESS, wallTime)),
    ];
    const records = events.map((e) => encodeRecord(encodeEvent(e)));
    for (const record of records) this.push(record);
    this.maybeFlushEarly();
  }

  /**
   * Logs an arbitrary Event (advanced: several values at one step, custom plugin metadata).
   * @param event wall time, step and summary; fileVersion is reserved for the first record
   */
  addEvent(event: EventData): void {
    this.checkOpen('addEvent');
    if (event.fileVersion !== undefined) {
      throw new ConfigError('addEvent: fileVersion is written once by the constructor; pass a summary instead.');
    }
    this.enqueue(event);
    this.maybeFlushEarly();
  }

  /**
   * Appends every pending record to the file in one synchronous write. If the write fails, the
   * file is truncated back to its last whole record, the records stay pending, and the error is
   * thrown. A no-op after `close()`.
   */
  flush(): void {
    this.rethrowTimerError();
    if (this.isClosed || this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    let written = 0;
    try {
      while (written < data.length) {
        written += fs.writeSync(this.fd, data, written, data.length - written, this.position + written);
      }
    } catch (err) {
      try {
        fs.ftruncateSync(this.fd, this.position);
      } catch {
        // The original error is the useful one.
      }
      throw err;
    }
    this.position += data.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Flushes, stops the timer and closes the file. Idempotent; later add* calls throw StateError. */
  close(): void {
    if (this.isClosed) return;
    clearInterval(this.timer);
    try {
      this.flush();
    } finally {
      this.isClosed = true;
      fs.closeSync(this.fd);
    }
  }

  private enqueue(event: EventData): void {
    this.push(encodeRecord(encodeEvent(event)));
  }

  private push(record: Uint8Array): void {
    this.pending.push(record);
    this.pendingBytes += record.length;
  }

  private maybeFlushEarly(): void {
    if (this.pendingBytes >= MAX_PENDING_BYTES) this.flush();
  }

  private flushFromTimer(): void {
    try {
      this.flush();
    } catch (err) {
      // Throwing from a timer would crash the process; report it on the next call instead.
      this.timerError = err;
    }
  }

  private rethrowTimerError(): void {
    if (this.timerError === undefined) return;
    const err = this.timerError;
    this.timerError = undefined;
    throw err;
  }

  private checkOpen(call: string): void {
    if (this.isClosed) {
      throw new StateError(
        `EventFileWriter ${this.path} is closed; ${call} was called after close(). ` +
          'Create a new EventFileWriter to keep logging.',
      );
    }
    this.rethrowTimerError();
  }
}

function checkTag(tag: unknown, call: string): void {
  if (typeof tag !== 'string' || tag === '') {
    throw new ConfigError(`${call}: tag must be a non-empty string such as "loss/q"; received ${String(tag)}.`);
  }
}

function openExclusive(dir: string, base: string): { fd: number; file: string } {
  for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
    const file = path.join(dir, attempt === 0 ? base : `${base}.${attempt}`);
    try {
      return { fd: fs.openSync(file, 'wx'), file };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new StateError(
    `EventFileWriter: ${MAX_NAME_ATTEMPTS} event files named ${base}[.n] already exist in ${dir}; ` +
      'use a fresh log directory per run.',
  );
}

