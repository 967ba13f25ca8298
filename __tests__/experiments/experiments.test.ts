import { makeEnvironment } from '../../environments/registry';
import { ParallelEnvExperiment } from '../../experiments/parallel_env_experiment';
import { SingleEnvExperiment } from '../../experiments/single_env_experiment';
import { DummyLogger, type Logger } from '../../lib/logging/logger';
import { leanPreset } from '../helpers/scripted_presets';

/** A logger that records summaries and hparams, to check what experiments report. */
class RecordingLogger extends DummyLogger {
  summaries: { name: string; values: number[]; step?: number }[] = [];
  hparams: Record<string, number>[] = [];
  override addSummary(name: string, values: readonly number[], step?: number): void {
    this.summaries.push({ name, values: [...values], step });
  }
  override addHparams(_h: Record<string, unknown>, metrics: Record<string, number>): void {
    this.hparams.push(metrics);
  }
}

describe('SingleEnvExperiment', () => {
  it('counts frames and episodes like ALL and writes returns100 every 100 episodes plus a final row', () => {
    const env = makeEnvironment('CartPole-v0', { maxEpisodeSteps: 10 });
    const logger = new RecordingLogger();
    const e = new SingleEnvExperiment(leanPreset.env(env).build(), env, { logger, quiet: true, seed: 0 });
    e.train({ episodes: 150 });
    // the rule balances the pole, so every episode is truncated at 10 steps
    expect(e.trainingReturns).toHaveLength(150);
    expect(e.trainingReturns.every((r) => r === 10)).toBe(true);
    expect(e.frame).toBe(150 * 10 + 1);
    expect(e.episode).toBe(151);
    expect(logger.summaries.map((s) => s.values.length)).toEqual([100, 50]);
    const test = e.test(5);
    expect(test.returns).toEqual([10, 10, 10, 10, 10]);
    expect(logger.hparams[0]).toMatchObject({ 'test/returns/mean': 10, 'test/episode_length/max': 10 });
  });

  it('stops at a frame budget', () => {
    const env = makeEnvironment('CartPole-v0', { maxEpisodeSteps: 10 });
    const e = new SingleEnvExperiment(leanPreset.env(env).build(), env, { logger: new DummyLogger(), quiet: true });
    e.train({ frames: 25 });
    // episodes of 10 frames run until the frame counter passes 25: three episodes, frame 31
    expect(e.frame).toBe(31);
  });

  it('refuses a parallel preset with a clear error', () => {
    const env = makeEnvironment('CartPole-v0');
    expect(() => new SingleEnvExperiment(leanPreset.env(env).hyperparameters({ nEnvs: 4 }).build(), env, { logger: new DummyLogger() })).toThrow(
      /parallel preset.*run it with ParallelEnvExperiment/,
    );
  });
});

describe('ParallelEnvExperiment', () => {
  it('counts every environment step as a frame and logs each finished episode', () => {
    const env = makeEnvironment('CartPole-v0', { maxEpisodeSteps: 10 });
    const logger: Logger = new RecordingLogger();
    const e = new ParallelEnvExperiment(leanPreset.env(env).hyperparameters({ nEnvs: 4 }).build(), env, { logger, quiet: true, seed: 0 });
    e.train({ frames: 100 });
    // 4 copies; each episode is 10 steps then one reset step: after 11 steps (45 frames) 4 episodes are done
    expect(e.frame).toBe(1 + 4 * 25);
    expect(e.trainingReturns.every((r) => r === 10)).toBe(true);
    expect(e.trainingReturns.length).toBe(8);
  });

  it('tests on the first N episodes started, not the first N finished', () => {
    // copy 0 gets short episodes (limit 3) and copy 1 long ones (limit 30) by duplicating explicitly
    const short = makeEnvironment('CartPole-v0', { maxEpisodeSteps: 3 });
    const long = makeEnvironment('CartPole-v0', { maxEpisodeSteps: 30 });
    const { DuplicateEnvironment } = require('../../environments/duplicate');
    const vec = new DuplicateEnvironment([short, long]);
    const e = new ParallelEnvExperiment(leanPreset.env(short).hyperparameters({ nEnvs: 2 }).build(), vec, { logger: new DummyLogger(), quiet: true });
    const result = e.test(4);
    // started: copy0 #1, copy1 #1 (2 started), then copy0 restarts at steps 4 and 8 (#3, #4); episodes started
    // later are not recorded. Finish order: short(3), short(3) at step 7, long(30) at 30 ... so the unbiased
    // set is three short episodes and the first long one.
    expect(result.returns.sort((a, b) => a - b)).toEqual([3, 3, 3, 30]);
  });
});
