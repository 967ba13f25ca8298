/**
 * examples/functional_checkpoint_fork.ts run as a user runs it (a plain Node process): the
 * checkpoint loads back bit-exact, the forks leave the loaded values untouched, and the two forks,
 * trained differently, end with different policies' returns measured.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

it('checkpoints an explicit-state DQN by value and forks it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-fork-test-'));
  const root = path.join(__dirname, '..', '..');
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', path.join(root, '__tests__/helpers/register_ts.js'), path.join(root, 'examples/functional_checkpoint_fork.ts'), '8000', dir],
      (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
    );
  });
  expect(stdout).toContain('loaded values identical to the saved ones: true');
  expect(stdout).toContain('original values unchanged by training the forks: true');
  expect(stdout).toMatch(/parent [\d.]+, fork A \(lr as saved\) [\d.]+, fork B \(lr \/ 10\) [\d.]+/);
  expect(fs.readdirSync(dir)).toEqual(['dqn_checkpoint.json']);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'dqn_checkpoint.json'), 'utf8'));
  expect(json.format).toBe('allts-functional-records');
  expect(Object.keys(json.records)).toEqual(['params', 'policyState', 'optimState', 'key']);
  fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);
