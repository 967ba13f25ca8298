import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, FileFormatError, NumericError, StateError } from '../../../lib/core/errors';
import { readEventFile } from '../../../lib/logging/tensorboard/event_file_reader';
import { EventFileWriter } from '../../../lib/logging/tensorboard/event_file_writer';
import { runNodeSync, startNode, transpileWriter } from './child_process_helper';
import { decodePlain, EventType, HParamsPluginDataType } from './tensorboard_schema';
const CRC32C: { buf(data: Uint8Array): number } = require('crc-32/crc32c');

/** TFRecord's masked CRC, written out here independently of the library. */
const maskedCrc = (bytes: Uint8Array): number => {
  const crc = CRC32C.buf(bytes) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) % 2 ** 32;
};

/** Splits a file into records, checking both CRCs with crc-32; returns each record decoded by protobufjs. */
function readWithProtobufjs(file: string): Array<Record<string, any>> {
  const bytes = fs.readFileSync(file);
  const events: Array<Record<string, any>> = [];
  let pos = 0;
  while (pos < bytes.length) {
    expect(pos + 12).toBeLessThanOrEqual(bytes.length);
    const length = Number(bytes.readBigUInt64LE(pos));
    expect(bytes.readUInt32LE(pos + 8)).toBe(maskedCrc(bytes.subarray(pos, pos + 8)));
    expect(pos + 16 + length).toBeLessThanOrEqual(bytes.length);
    const data = bytes.subarray(pos + 12, pos + 12 + length);
    expect(bytes.readUInt32LE(pos + 12 + length)).toBe(maskedCrc(data));
    events.push(decodePlain(EventType, data));
    pos += 16 + length;
  }
  expect(pos).toBe(bytes.length);
  return events;
}

let tmpRoot: string;
beforeAll(() => {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-tb-'));
});
afterAll(() => {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});
afterEach(() => {
  jest.useRealTimers();
});

let dirCounter = 0;
const freshDir = (): string => path.join(tmpRoot, `run${dirCounter++}`, 'nested');

describe('EventFileWriter', () => {
  it('creates the directory and events.out.tfevents.<secs>.<host> starting with the file_version record', () => {
    const dir = freshDir();
    const before = Math.floor(Date.now() / 1000);
    const w = new EventFileWriter(dir);
    const after = Math.floor(Date.now() / 1000);
    try {
      expect(path.dirname(w.path)).toBe(path.resolve(dir));
      const m = /^events\.out\.tfevents\.(\d{10})\.(.+)$/.exec(path.basename(w.path));
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(before);
      expect(Number(m![1])).toBeLessThanOrEqual(after);
      expect(m![2]).toBe(os.hostname());
      // The header is on disk at once, before any flush.
      const events = readWithProtobufjs(w.path);
      expect(events).toHaveLength(1);
      expect(events[0]!.file_version).toBe('brain.Event:2');
      expect(events[0]!.wall_time).toBeGreaterThanOrEqual(before);
    } finally {
      w.close();
    }
  });

  it('round-trips scalars, histograms and hparams; protobufjs decodes every record and both CRCs match', () => {
    const dir = freshDir();
    const w = new EventFileWriter(dir);
    w.addScalar('loss/q', 0.25, 10, 1700000000.5);
    w.addScalar('loss/q', 0, 20);
    w.addScalar('eval/nan', NaN, 30);
    w.addScalar('eval/inf', Infinity, 31);
    w.addScalar('eval/ninf', -Infinity, 32);
    w.addScalar('big/step', 1, 2 ** 40);
    w.addHistogram('weights', [1, 2, 3, 4], 40, 2);
    w.addHistogram('acts', Float32Array.of(-0.5, 0, 0.5, 0.5), 41);
    w.addHparams({ lr: 0.001, agent: 'dqn', double: false, batch: 64 }, { 'eval/returns': 195.5, 'eval/len': 200 }, 50);
    w.close();

    const events = readWithProtobufjs(w.path);
    expect(events.map((e) => e.what)).toEqual(['file_version', ...Array(8).fill('summary'), ...Array(5).fill('summary')]);
    const values = events.slice(1).map((e) => ({ step: e.step ?? 0, ...e.summary.value[0] }));
    expect(events.slice(1).every((e) => e.summary.value.length === 1)).toBe(true);

    expect(events[1]!.wall_time).toBe(1700000000.5);
    expect(values[0]).toMatchObject({ step: 10, tag: 'loss/q', simple_value: 0.25, value: 'simple_value' });
    expect(values[1]).toMatchObject({ step: 20, tag: 'loss/q', simple_value: 0, value: 'simple_value' });
    expect(values[2]!.simple_value).toBeNaN();
    expect(values[3]!.simple_value).toBe(Infinity);
    expect(values[4]!.simple_value).toBe(-Infinity);
    expect(values[5]).toMatchObject({ step: 2 ** 40, tag: 'big/step' });

    // [1,2,3,4] in 2 equal-width buckets: width 1.5 -> indices 0,0,1,1; sum 10, squares 30
    expect(values[6]).toMatchObject({
      step: 40,
      tag: 'weights',
      value: 'histo',
      histo: { min: 1, max: 4, num: 4, sum: 10, sum_squares: 30, bucket_limit: [2.5, 4], bucket: [2, 2] },
    });
    const acts = values[7]!.histo;
    expect(acts).toMatchObject({ min: -0.5, max: 0.5, num: 4, sum_squares: 0.75 });
    expect(acts.sum).toBe(0.5); // -0.5 + 0 + 0.5 + 0.5
    expect(acts.bucket.reduce((a: number, b: number) => a + b, 0)).toBe(4);

    // hparams block: experiment, session start, the metric scalars, session end.
    const hp = values.slice(8);
    expect(hp.map((v) => v.tag)).toEqual([
      '_hparams_/experiment',
      '_hparams_/session_start_info',
      'eval/returns',
      'eval/len',
      '_hparams_/session_end_info',
    ]);
    for (const v of [hp[0]!, hp[1]!, hp[4]!]) {
      expect(v.step).toBe(0);
      expect(v.value).toBe('tensor');
      expect(v.tensor).toEqual({ dtype: 1, tensor_shape: { dim: [{}] } });
      expect(v.metadata.plugin_data.plugin_name).toBe('hparams');
    }
    const plugin = (i: number): Record<string, any> => decodePlain(HParamsPluginDataType, hp[i]!.metadata.plugin_data.content);
    const experiment = plugin(0);
    expect(experiment.data).toBe('experiment');
    expect(experiment.version).toBeUndefined();
    expect(experiment.experiment.hparam_infos).toEqual([
      { name: 'agent', type: 1 },
      { name: 'batch', type: 3 },
      { name: 'double', type: 2 },
      { name: 'lr', type: 3 },
    ]);
    expect(experiment.experiment.metric_infos).toEqual([{ name: { tag: 'eval/returns' } }, { name: { tag: 'eval/len' } }]);
    const start = plugin(1);
    expect(start.data).toBe('session_start_info');
    expect(start.session_start_info.hparams).toEqual({
      agent: { string_value: 'dqn', kind: 'string_value' },
      batch: { number_value: 64, kind: 'number_value' },
      double: { bool_value: false, kind: 'bool_value' },
      lr: { number_value: 0.001, kind: 'number_value' },
    });
    expect(start.session_start_info.group_name).toMatch(/^[0-9a-f]{64}$/);
    expect(hp[2]).toMatchObject({ step: 50, simple_value: 195.5, value: 'simple_value' });
    expect(hp[3]).toMatchObject({ step: 50, simple_value: 200 });
    const end = plugin(4);
    expect(end.data).toBe('session_end_info');
    expect(end.session_end_info.status).toBe(1);
    expect(end.session_end_info.end_time_secs).toBeGreaterThan(1e9);

    // Our own reader agrees with protobufjs.
    const ours = readEventFile(w.path);
    expect(ours).toHaveLength(events.length);
    expect(ours[0]!.fileVersion).toBe('brain.Event:2');
    ours.slice(1).forEach((e, i) => {
      expect(e.step).toBe(values[i]!.step);
      expect(e.summary!.value[0]!.tag).toBe(values[i]!.tag);
    });
    expect(ours[1]!.summary!.value[0]!.simpleValue).toBe(0.25);
    expect(ours[3]!.summary!.value[0]!.simpleValue).toBeNaN();
    expect(ours[7]!.summary!.value[0]!.histo!.bucket).toEqual([2, 2]);
  });

  it('keeps records in memory until the timer fires, then flushes them', () => {
    jest.useFakeTimers();
    const w = new EventFileWriter(freshDir(), { flushIntervalMs: 500 });
    const headerSize = fs.statSync(w.path).size;
    w.addScalar('x', 1, 1);
    w.addScalar('x', 2, 2);
    jest.advanceTimersByTime(499);
    expect(fs.statSync(w.path).size).toBe(headerSize);
    jest.advanceTimersByTime(1);
    expect(readEventFile(w.path).map((e) => e.summary?.value[0]?.simpleValue)).toEqual([undefined, 1, 2]);
    w.addScalar('x', 3, 3);
    jest.advanceTimersByTime(500);
    expect(readEventFile(w.path)).toHaveLength(4);
    w.close();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('flushes on demand and on close; close is idempotent and later writes throw StateError', () => {
    const w = new EventFileWriter(freshDir(), { flushIntervalMs: 3_600_000 });
    w.addScalar('a', 1, 1);
    w.flush();
    expect(readEventFile(w.path)).toHaveLength(2);
    w.addScalar('a', 2, 2);
    expect(readEventFile(w.path)).toHaveLength(2);
    w.close();
    expect(w.closed).toBe(true);
    expect(readEventFile(w.path)).toHaveLength(3);
    const size = fs.statSync(w.path).size;
    expect(() => w.close()).not.toThrow();
    expect(() => w.flush()).not.toThrow();
    expect(() => w.addScalar('a', 3, 3)).toThrow(StateError);
    expect(() => w.addHistogram('h', [1], 3)).toThrow(/closed; addHistogram\("h"\) was called after close\(\)/);
    expect(() => w.addHparams({ a: 1 }, {})).toThrow(StateError);
    expect(fs.statSync(w.path).size).toBe(size);
  });

  it('gives a second writer started in the same second its own file', () => {
    jest.useFakeTimers({ now: new Date('2024-01-02T03:04:05Z') });
    const dir = freshDir();
    const a = new EventFileWriter(dir);
    const b = new EventFileWriter(dir);
    a.addScalar('which', 1, 0);
    b.addScalar('which', 2, 0);
    a.close();
    b.close();
    expect(path.basename(a.path)).toBe(`events.out.tfevents.1704164645.${os.hostname()}`);
    expect(b.path).toBe(`${a.path}.1`);
    expect(readEventFile(a.path)[1]!.summary!.value[0]!.simpleValue).toBe(1);
    expect(readEventFile(b.path)[1]!.summary!.value[0]!.simpleValue).toBe(2);
  });

  it('rejects bad arguments with typed errors and writes nothing for them', () => {
    expect(() => new EventFileWriter(freshDir(), { flushIntervalMs: 0 })).toThrow(ConfigError);
    expect(() => new EventFileWriter('')).toThrow(ConfigError);
    const w = new EventFileWriter(freshDir());
    expect(() => w.addScalar('', 1, 0)).toThrow(/tag must be a non-empty string/);
    expect(() => w.addScalar('t', 1, 0.5)).toThrow(/step must be a safe integer/);
    expect(() => w.addScalar('t', '1' as unknown as number, 0)).toThrow(ConfigError);
    expect(() => w.addHistogram('h', [NaN], 0)).toThrow(NumericError);
    expect(() => w.addHparams({ a: [1] as unknown as number }, {})).toThrow(ConfigError);
    expect(() => w.addHparams({ a: 1 }, { m: 1 }, 1.5)).toThrow(ConfigError);
    w.close();
    expect(readEventFile(w.path)).toHaveLength(1);
  });

  it('reports a failed timer flush on the next call instead of crashing the process', () => {
    jest.useFakeTimers();
    const w = new EventFileWriter(freshDir(), { flushIntervalMs: 100 });
    w.addScalar('x', 1, 1);
    // Pull the file descriptor out from under the writer so its next write fails with EBADF.
    fs.closeSync((w as unknown as { fd: number }).fd);
    expect(() => jest.advanceTimersByTime(100)).not.toThrow();
    expect(() => w.addScalar('x', 2, 2)).toThrow(/EBADF/);
    expect(() => w.close()).toThrow(/EBADF/);
    expect(w.closed).toBe(true);
  });
});

describe('readEventFile', () => {
  it('throws FileFormatError for a torn last record, a flipped bit and a missing file', () => {
    const w = new EventFileWriter(freshDir());
    w.addScalar('x', 1, 1);
    w.close();
    const bytes = fs.readFileSync(w.path);
    const torn = path.join(path.dirname(w.path), 'events.out.tfevents.torn');
    fs.writeFileSync(torn, bytes.subarray(0, bytes.length - 3));
    expect(() => readEventFile(torn)).toThrow(FileFormatError);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 6]! ^= 0x40;
    fs.writeFileSync(torn, flipped);
    expect(() => readEventFile(torn)).toThrow(/data CRC/);
    expect(() => readEventFile(path.join(tmpRoot, 'nope'))).toThrow(/Cannot read event file .*ENOENT/);
  });
});

describe('EventFileWriter in a separate process', () => {
  let indexJs: string;
  beforeAll(() => {
    indexJs = transpileWriter(path.join(tmpRoot, 'compiled'));
  });

  it('leaves only whole records when the process exits without close (unflushed records are lost)', () => {
    const dir = freshDir();
    const script = `
      const { EventFileWriter } = require(${JSON.stringify(indexJs)});
      const w = new EventFileWriter(${JSON.stringify(dir)}, { flushIntervalMs: 3600000 });
      for (let i = 0; i < 5; i++) w.addScalar('x', i, i);
      w.flush();
      for (let i = 5; i < 8; i++) w.addScalar('x', i, i);
      process.stdout.write(w.path);
      process.exit(0);`;
    const res = runNodeSync(script);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const events = readWithProtobufjs(res.stdout);
    expect(events.map((e) => e.step ?? 0)).toEqual([0, 0, 1, 2, 3, 4]);
  });

  it('does not keep the process alive: the unref\'d timer lets node exit on its own', () => {
    const dir = freshDir();
    const script = `
      const { EventFileWriter } = require(${JSON.stringify(indexJs)});
      const w = new EventFileWriter(${JSON.stringify(dir)}, { flushIntervalMs: 50 });
      w.addScalar('x', 1, 1);
      process.stdout.write(w.path);`;
    const res = runNodeSync(script, 20000);
    // A ref'd interval would keep node running until spawnSync's timeout killed it with SIGTERM.
    expect(res.signal).toBeNull();
    expect(res.status).toBe(0);
    expect(readWithProtobufjs(res.stdout).length).toBeGreaterThanOrEqual(1);
  });

  it('leaves only whole records when the process is SIGKILLed while writing', async () => {
    const dir = freshDir();
    const script = `
      const { EventFileWriter } = require(${JSON.stringify(indexJs)});
      const w = new EventFileWriter(${JSON.stringify(dir)}, { flushIntervalMs: 5 });
      process.stdout.write(w.path + '\\n');
      const values = Array.from({ length: 2000 }, (_, i) => Math.sin(i));
      let step = 0;
      function burst() {
        for (let i = 0; i < 50; i++) {
          w.addScalar('loss', Math.random(), step);
          w.addHistogram('h', values, step++, 30);
          if (i % 7 === 0) w.flush();
        }
        setImmediate(burst);
      }
      burst();`;
    const child = startNode(script);
    const file = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const nl = out.indexOf('\n');
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    // Let it write until the file holds many records, then kill it without warning.
    await new Promise<void>((resolve) => {
      const poll = (): void => {
        if (fs.statSync(file).size > 200_000) resolve();
        else setTimeout(poll, 10);
      };
      poll();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const events = readWithProtobufjs(file);
    expect(events.length).toBeGreaterThan(10);
    expect(events[0]!.file_version).toBe('brain.Event:2');
    expect(readEventFile(file)).toHaveLength(events.length);
  });
});
