import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { claimRunDirectory } from '../../lib/logging/experiment_logger';

describe('claimRunDirectory', () => {
  it('never hands out a directory that already exists: a name another process took is drawn again', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-claim-'));
    fs.mkdirSync(path.join(root, 'run_a'));
    const names = ['run_a', 'run_a', 'run_b'];
    const dir = claimRunDirectory(root, () => names.shift()!);
    expect(dir).toBe(path.join(root, 'run_b'));
    expect(names).toEqual([]);
    // nested names (namespaced ids such as MinAtar/Breakout-v1) get their parent made
    expect(claimRunDirectory(root, () => 'MinAtar/run_c')).toBe(path.join(root, 'MinAtar', 'run_c'));
    expect(fs.statSync(path.join(root, 'MinAtar', 'run_c')).isDirectory()).toBe(true);
  });
});
