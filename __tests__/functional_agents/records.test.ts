/** Records: one-call disposal, copies by value, exact JSON round trips, atomic checkpoints, layout comparison. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileFormatError } from '../../lib/core/errors';
import { tf } from '../../lib/tf';
import { loadRecords, saveRecords } from '../../lib/functional_agents/checkpoint';
import { cloneRecord, disposeRecord, recordFromJSON, recordLayoutDifference, recordTensors, recordToJSON, snapshotRecord } from '../../lib/functional_agents/records';

const sample = () => ({
  w: tf.tensor2d([1.5, -2, 3.25, 1e-7], [2, 2]),
  nested: { b: tf.tensor1d([0.1, 0.2]), i: tf.tensor1d([3, 4], 'int32') },
  list: [new Float32Array([1, 2, 3]), new Int32Array([-1, 5])],
  count: 12,
  inf: Infinity,
  flag: true,
  name: 'x',
  none: null,
});

describe('records', () => {
  it('dispose every tensor in one call', () => {
    const before = tf.memory().numTensors;
    const r = sample();
    expect(recordTensors(r)).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(before + 3);
    disposeRecord(r);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('copy by value: the copy survives disposing the original and equals it', () => {
    const r = sample();
    const c = cloneRecord(r);
    expect(snapshotRecord(c)).toEqual(snapshotRecord(r));
    c.list[0]![0] = 99;
    expect(r.list[0]![0]).toBe(1);
    disposeRecord(r);
    expect(Array.from(c.w.dataSync())).toEqual([1.5, -2, 3.25, Math.fround(1e-7)]);
    disposeRecord(c);
  });

  it('round-trip through JSON exactly (float32 bits, dtypes, Infinity)', () => {
    const r = sample();
    const back = recordFromJSON(JSON.parse(JSON.stringify(recordToJSON(r))));
    expect(snapshotRecord(back)).toEqual(snapshotRecord(r));
    expect((back as { nested: { i: tf.Tensor } }).nested.i.dtype).toBe('int32');
    disposeRecord(r, back);
    expect(() => recordFromJSON({ w: { $array: { kind: 'float32', data: Buffer.from([1, 2, 3]).toString('base64') } } })).toThrow(FileFormatError);
    expect(() => recordFromJSON({ w: { $tensor: { dtype: 'float32', shape: [3], data: Buffer.alloc(8).toString('base64') } } })).toThrow(/needs 3 values/);
  });

  it('save atomically (no temporary file left) and load back; a foreign file is a FileFormatError', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-records-'));
    const r = sample();
    const file = path.join(dir, 'ck.json');
    saveRecords(file, r, { note: 'test' });
    expect(fs.readdirSync(dir)).toEqual(['ck.json']);
    const { records, meta } = loadRecords(file);
    expect(meta).toEqual({ note: 'test' });
    expect(snapshotRecord(records)).toEqual(snapshotRecord(r));
    disposeRecord(r, records);
    fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ format: 'something-else' }));
    expect(() => loadRecords(path.join(dir, 'other.json'))).toThrow(FileFormatError);
    expect(() => loadRecords(path.join(dir, 'missing.json'))).toThrow(/cannot read/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('compare layouts, not values, and say where they first differ', () => {
    const a = sample();
    const b = cloneRecord(a);
    const other = tf.tensor2d([9, 9, 9, 9], [2, 2]);
    expect(recordLayoutDifference(a, { ...b, w: other })).toBeUndefined(); // other values, same layout
    const wide = tf.zeros([2, 3]);
    expect(recordLayoutDifference(a, { ...b, w: wide })).toBe('$.w is tensor float32 [2, 3], expected tensor float32 [2, 2]');
    expect(recordLayoutDifference(a, { ...b, nested: { ...b.nested, i: b.nested.b } }, 'params')).toBe('params.nested.i is tensor float32 [2], expected tensor int32 [2]');
    expect(recordLayoutDifference(a, { ...b, list: [new Float32Array(3), new Float32Array(2)] })).toBe('$.list[1] is Float32Array(2), expected Int32Array(2)');
    expect(recordLayoutDifference(a, { ...b, list: [new Float32Array(3)] })).toBe('$.list is array(1), expected array(2)');
    expect(recordLayoutDifference(a, { ...b, count: '12' })).toBe('$.count is string, expected number');
    const { none: _none, ...missing } = b;
    expect(recordLayoutDifference(a, missing)).toMatch(/^\$ has keys .*, expected count, flag, inf, list, name, nested, none, w$/);
    disposeRecord(a, b, other, wide);
  });
});
