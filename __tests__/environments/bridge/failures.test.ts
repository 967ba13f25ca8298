/**
 * The bridge's failure paths with real Python: exceptions raised in Python, a killed and a hung
 * Python process, a missing interpreter and package, a bad id, non-finite numbers, and info
 * values JSON cannot carry.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeEnvironment } from '../../../environments';
import { closeSharedBridges, PythonBridge, PythonError, defaultPython } from '../../../environments/bridge/bridge';
import { BridgedEnvironment } from '../../../environments/bridge/bridged_environment';
import { BackendError, ConfigError } from '../../../lib/core/errors';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'bridge');
process.env.PYTHONPATH = FIXTURES + (process.env.PYTHONPATH ? `:${process.env.PYTHONPATH}` : '');

afterAll(() => closeSharedBridges());

/** Whether `pid` is a live process (a zombie awaiting its reaper counts as dead). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

// both transports: named pipes read synchronously (the default on Linux) and the worker thread
describe.each(['fifo', 'worker'])('bridge failures (%s transport)', (transport) => {
  beforeAll(() => {
    closeSharedBridges();
    if (transport === 'worker') process.env.ALLTS_BRIDGE_TRANSPORT = 'worker';
    else delete process.env.ALLTS_BRIDGE_TRANSPORT;
  });
  afterAll(() => {
    delete process.env.ALLTS_BRIDGE_TRANSPORT;
  });

  test('the transport is the one asked for', () => {
    const bridge = new PythonBridge(defaultPython());
    expect(bridge.process.constructor.name).toBe(transport === 'fifo' ? 'FifoPythonProcess' : 'PythonProcess');
    bridge.close();
  });

  test('handshake reports the protocol and the Python, numpy and gymnasium versions', () => {
    const bridge = new PythonBridge(defaultPython());
    const hello = bridge.process.hello;
    expect(hello.protocol).toBe(1);
    expect(hello.python).toMatch(/^3\.\d+\.\d+/);
    expect(hello.numpy).toMatch(/^\d+\./);
    expect(hello.gymnasium).toMatch(/^\d+\./);
    bridge.close();
  });

  test('a bad id is a clear error naming the id and the Python exception', () => {
    expect(() => makeEnvironment('gym:CartPoel-v1')).toThrow(PythonError);
    expect(() => makeEnvironment('gym:CartPoel-v1')).toThrow(/gym:CartPoel-v1: make raised gymnasium\.error\.\w+: .*CartPoel/);
    expect(() => makeEnvironment('gym:')).toThrow(ConfigError);
  });

  test('an exception raised in step names the environment and the exception; the bridge keeps serving', () => {
    const env = makeEnvironment('gym:allts_test_envs:InfoZoo-v0');
    env.reset({ seed: 1 });
    expect(() => env.step(1)).toThrow('gym:allts_test_envs:InfoZoo-v0: step raised ValueError: InfoZoo refuses action 1');
    expect(env.step(0).observation[1]).toBe(1.5);
    // a bad keyword argument fails in gymnasium.make, named too
    expect(() => makeEnvironment('gym:CartPole-v1', { noSuchOption: 3 })).toThrow(/gym:CartPole-v1: make raised TypeError: .*no_such_option/);
    env.close();
  });

  test('non-finite bounds, observations, rewards and info values cross intact; non-JSON info values get a marker', () => {
    const env = makeEnvironment('gym:allts_test_envs:InfoZoo-v0');
    expect(Array.from(env.observationSpace.low)).toEqual([-Infinity, -Infinity]);
    expect(Array.from(env.observationSpace.high)).toEqual([Infinity, Infinity]);
    const s0 = env.reset();
    expect(s0.observation[0]).toBeNaN();
    expect(s0.observation[1]).toBe(-Infinity);
    expect(s0.info).toEqual({ plain: 1, text: 'hi' });
    const s = env.step(0);
    expect(s.observation[0]).toBe(Infinity);
    expect(s.reward).toBeNaN();
    const info = s.info as Record<string, unknown>;
    expect(info.object).toEqual({ $notJson: 'builtins.object', repr: expect.stringMatching(/^<object object at/) });
    expect(info.nan).toBeNaN();
    expect(info.inf).toBe(Infinity);
    expect(info.npfloat).toBe(2.5);
    expect(info.npint).toBe(7);
    expect(Array.from((info.array as { data: Int32Array }).data)).toEqual([0, 1, 2]);
    expect(info.nested).toEqual({ list: [1, 'a', null, true], set: { $notJson: 'builtins.set', repr: '{1, 2}' } });
    // NaN and Infinity in a physical state survive the round trip too
    const cart = makeEnvironment('gym:CartPole-v1');
    cart.reset({ seed: 0 });
    cart.unwrapped.state = Float64Array.of(NaN, Infinity, -Infinity, 0.25);
    const back = cart.unwrapped.state;
    expect(back[0]).toBeNaN();
    expect(Array.from(back.slice(1))).toEqual([Infinity, -Infinity, 0.25]);
    env.close();
    cart.close();
  });

  test('a killed Python process is reported on the next call, naming the signal', () => {
    const bridge = new PythonBridge(defaultPython());
    const env = new BridgedEnvironment('CartPole-v1', {}, bridge);
    env.reset({ seed: 0 });
    const pid = bridge.process.pid;
    expect(isRunning(pid)).toBe(true);
    process.kill(pid, 'SIGKILL');
    spawnSync('sleep', ['0.3']);
    expect(() => env.step(0)).toThrow(BackendError);
    expect(() => env.step(0)).toThrow(/Python bridge cannot step gym:CartPole-v1: the Python process .* was killed by SIGKILL/);
  });

  test('a Python process killed while Node idles (and reaps it) is reported too', async () => {
    const bridge = new PythonBridge(defaultPython());
    const env = new BridgedEnvironment('CartPole-v1', {}, bridge);
    env.reset({ seed: 0 });
    process.kill(bridge.process.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(() => env.step(0)).toThrow(/Python bridge cannot step gym:CartPole-v1: the Python process .* was killed by SIGKILL/);
  });

  test('a hung Python process times out, is reported and is killed', () => {
    const bridge = new PythonBridge(defaultPython());
    const pid = bridge.process.pid;
    bridge.process.timeoutMs = 500;
    const t = Date.now();
    expect(() => bridge.request('sleep', { seconds: 30 })).toThrow(/did not answer within 0.5 s \(hung\?\); it was killed/);
    expect(Date.now() - t).toBeLessThan(5000);
    spawnSync('sleep', ['0.3']);
    expect(isRunning(pid)).toBe(false);
  });

  test('a missing interpreter or package is one line saying what to install', () => {
    expect(() => makeEnvironment('gym:CartPole-v1', { python: '/no/such/python3' })).toThrow(
      /could not start \/no\/such\/python3 .*install Python 3 or pass its path with --python \/ ALLTS_PYTHON/,
    );
    expect(() => makeEnvironment('gym:no_such_package_xyz:Thing-v0')).toThrow(ConfigError);
    expect(() => makeEnvironment('gym:no_such_package_xyz:Thing-v0')).toThrow(
      /needs the Python package no_such_package_xyz .*install it: python3 -m venv python\/.venv && python\/.venv\/bin\/pip install -r python\/requirements.txt/,
    );
  });

  test('the Python process exits when its parent Node process dies (no orphan)', () => {
    const script = `
      const { PythonBridge, defaultPython } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'dist', 'environments', 'bridge', 'bridge.js'))});
      const b = new PythonBridge(defaultPython());
      process.stdout.write(String(b.process.pid) + '\\n');
      setInterval(() => {}, 1000);`;
    const child = require('node:child_process').spawn(process.execPath, ['-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ALLTS_BRIDGE_TRANSPORT: transport },
    });
    return new Promise<void>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => {
        const pid = Number(d.toString().trim());
        try {
          expect(isRunning(pid)).toBe(true);
          child.kill('SIGKILL');
          setTimeout(() => {
            try {
              expect(isRunning(pid)).toBe(false);
              resolve();
            } catch (e) {
              reject(e);
            }
          }, 1000);
        } catch (e) {
          reject(e);
        }
      });
    });
  });
});
