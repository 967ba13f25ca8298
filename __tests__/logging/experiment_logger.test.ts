/**
 * ExperimentLogger's run directory: a name that is legal on every platform (no `:` in the
 * timestamp, as ALL's had) and that the plot tools parse back into agent and env.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseRunName } from '../../experiments/plot/run_name';
import { ExperimentLogger, runDirectoryName, runTimestamp } from '../../lib/logging/experiment_logger';

/** Characters Windows forbids in a file name (besides `/`, which nests a directory on purpose). */
const ILLEGAL_ON_WINDOWS = /[<>:"\\|?*]/;

describe('run directory names', () => {
  const date = new Date(2026, 11, 4, 1, 27, 46, 230); // local time, as the names are

  it('formats the timestamp as ALL does, with "-" for ":"', () => {
    expect(runTimestamp(date)).toBe('2026-12-04_01-27-46_230000');
    expect(runDirectoryName('dqn', 'CartPole-v0', date)).toBe('dqn_CartPole-v0_2026-12-04_01-27-46_230000');
  });

  it('holds no character illegal on Windows, even when an agent or env name has one', () => {
    expect(runTimestamp()).not.toMatch(ILLEGAL_ON_WINDOWS);
    expect(runDirectoryName('dqn', 'CartPole-v1')).not.toMatch(ILLEGAL_ON_WINDOWS);
    const odd = runDirectoryName('my:agent', 'gym:Foo<1>|"x"?*\\-v0', date);
    expect(odd).not.toMatch(ILLEGAL_ON_WINDOWS);
    expect(odd).toBe('my-agent_gym-Foo-1---x-----v0_2026-12-04_01-27-46_230000');
    // a namespaced id keeps its "/" (a nested directory, as in ALL)
    expect(runDirectoryName('rainbow', 'ALE/Pong-v5', date)).toBe('rainbow_ALE/Pong-v5_2026-12-04_01-27-46_230000');
  });

  it.each([
    ['dqn', 'CartPole-v0'],
    ['ppo', 'LunarLanderContinuous-v3'],
    ['vsarsa', 'my_env-v0'],
    ['rainbow', 'ALE/Pong-v5'],
    ['a2c', 'Breakout'],
  ])('round-trips %s / %s through the run-name parser', (agent, env) => {
    expect(parseRunName(runDirectoryName(agent, env, date))).toEqual({ agent, env });
    expect(parseRunName(runDirectoryName(agent, env))).toEqual({ agent, env });
  });

  it('still parses the old names with colons (runs already on disk)', () => {
    expect(parseRunName('dqn_CartPole-v0_2026-12-04_01:27:46_230000')).toEqual({ agent: 'dqn', env: 'CartPole-v0' });
    expect(parseRunName('vsarsa_my_env-v0_2023-01-31_12:34:56_123456')).toEqual({ agent: 'vsarsa', env: 'my_env-v0' });
  });
});

describe('ExperimentLogger', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-logger-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('creates <logdir>/<agent>_<env>_<timestamp>/ with a portable name, distinct per run', async () => {
    const a = new ExperimentLogger({ logdir: tmp, agentName: 'dqn', envName: 'CartPole-v0', frame: () => 0 });
    const b = new ExperimentLogger({ logdir: tmp, agentName: 'dqn', envName: 'CartPole-v0', frame: () => 0 });
    await a.close();
    await b.close();
    expect(a.logdir).not.toBe(b.logdir);
    for (const logger of [a, b]) {
      const name = path.relative(tmp, logger.logdir);
      expect(name).toMatch(/^dqn_CartPole-v0_\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d_\d{6}$/);
      expect(fs.statSync(logger.logdir).isDirectory()).toBe(true);
      expect(parseRunName(name)).toEqual({ agent: 'dqn', env: 'CartPole-v0' });
    }
  });
});
