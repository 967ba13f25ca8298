/**
 * MuJoCo tasks (issue 17) against gymnasium 0.29.1 on the Python `mujoco` 3.14.0 (fixtures from
 * scripts/mujoco/export_fixtures.py): the same observations, rewards and terminations from the same
 * starting state and actions. The checks run in a child process on dist/ (see mujoco_child.js).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { makeEnvironment } from '../../environments';
import { FAMILIES } from '../../presets/registry';

function child(what: string) {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'mujoco_child.js'), what], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`mujoco_child.js ${what} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('MuJoCo tasks', () => {
  it('match gymnasium step for step from the same state and actions', () => {
    const figures = child('fixtures');
    const tasks = ['InvertedPendulum-v4', 'HalfCheetah-v4', 'Hopper-v4', 'Walker2d-v4', 'Ant-v4', 'Humanoid-v4', 'InvertedDoublePendulum-v4', 'Reacher-v4', 'Swimmer-v4'];
    expect(Object.keys(figures).sort()).toEqual([...tasks].sort());
    for (const task of tasks) {
      const f = figures[task];
      expect(f.mujoco).toBe('3.14.0');
      expect(f.dt).toBeCloseTo(f.fixtureDt, 12);
      // float32 observations of float64 physics
      expect(f.obsError).toBeLessThan(1e-6);
      expect(f.rewardError).toBeLessThan(1e-6);
      expect(f.terminationMismatches).toBe(0);
      // every episode ends where gymnasium's did
      for (const [ours, theirs] of f.lengths) expect(ours).toBe(theirs);
      expect(f.steps).toBeGreaterThan(30);
    }
    // episodes that end by termination inside the fixture, so termination is exercised
    for (const task of ['InvertedPendulum-v4', 'Hopper-v4', 'Walker2d-v4', 'Ant-v4', 'Humanoid-v4', 'InvertedDoublePendulum-v4']) {
      expect(figures[task].lengths.some(([n, of]: [number, number]) => n < 100 && n === of)).toBe(true);
    }
  }, 120_000);

  it('frees MuJoCo\'s heap on close: 1,000 environments made and closed (without close the heap fills at about 300), 10,000 resets', () => {
    const f = child('leak');
    expect(f.cycles).toBe(1000);
    expect(f.sameAfterReseed).toBe(true);
    expect(f.closedError).toMatch(/were freed by close\(\); make a new environment/);
  }, 120_000);

  it('refuses wrong actions, states and options with what was expected', () => {
    const f = child('errors');
    expect(f.wrongSize).toMatch(/HalfCheetah-v4 action must be .* of length 6 .*received a Float32Array of length 5/);
    expect(f.nonFinite).toMatch(/each element finite.*NaN/);
    expect(f.outside).toMatch(/inside Box\(-1, 1, \(6\)\)/);
    expect(f.badState).toBe('HalfCheetah-v4 physical state is [qpos (9), qvel (9)], 18 values; received 3');
    expect(f.badOption).toMatch(/healthyZRange" of Hopper-v4 must be a range \[low, high\]/);
    expect(f.unknownOption).toMatch(/Unknown option "gravity" for Hopper-v4; valid options: forwardRewardWeight/);
    // snake_case options, the x position in the observation, no termination, the time limit
    expect(f.options).toEqual({ size: 12, steps: 7, truncated: true });
  }, 120_000);

  it('trains, tests, saves and reloads every mujoco preset (the continuous presets under the family name)', () => {
    const f = child('presets');
    expect(Object.keys(f)).toEqual(['ddpg', 'sac', 'td3', 'ppo']);
    for (const [, r] of Object.entries(f) as [string, { family: string; actions: number; testAction: number[]; again: number[]; inBounds: boolean }][]) {
      expect(r.family).toBe('mujoco');
      expect(r.actions).toBeGreaterThan(0);
      expect(r.inBounds).toBe(true);
      expect(r.again).toEqual(r.testAction);
    }
    expect(FAMILIES.mujoco!.sac!.specs).toBe(FAMILIES.continuous!.sac!.specs);
    // td3 takes its authors' settings on MuJoCo only; the continuous family keeps ALL's
    const authors = { hidden1: 256, hidden2: 256, lrQ: 3e-4, lrPi: 3e-4, annealLr: false, replayStartSize: 25000, randomWarmUp: true };
    expect(FAMILIES.mujoco!.td3!.currentHyperparameters).toMatchObject(authors);
    expect(FAMILIES.continuous!.td3!.currentHyperparameters).toMatchObject({ hidden1: 400, hidden2: 300, lrQ: 1e-3, lrPi: 1e-3, annealLr: true, replayStartSize: 5000, randomWarmUp: false });
    expect(FAMILIES.mujoco!.ppo!.parallel).toBe(true);
  }, 180_000);

  it('says to await prepareEnvironment when MuJoCo is not loaded', () => {
    expect(() => makeEnvironment('Hopper-v4')).toThrow(/await prepareEnvironment\('Hopper-v4'\)/);
  });
});
