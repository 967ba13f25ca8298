/**
 * Sweeps (issue 18): the configurations of a grid or of random draws, checked against the preset's
 * specs; a sweep run end to end writes its CSV, ranked summary and plot; the seed band of the plot.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { interpolate, seedBand } from '../../experiments/plot/sweep_plot';
import { sweepConfigs } from '../../experiments/sweep';
import { configName, gridConfigs, parseSpace, randomConfigs } from '../../experiments/sweep_space';
import { getPresetBuilder } from '../../presets/registry';

const dqn = getPresetBuilder('classic', 'dqn');

describe('sweep configurations', () => {
  it('makes every combination of a grid, first dimension slowest', () => {
    const space = parseSpace('dqn', dqn.specs, ['lr=1e-3,3e-4', 'minibatch_size=32,64,128']);
    const configs = gridConfigs(space);
    expect(configs).toEqual([
      { lr: 1e-3, minibatchSize: 32 }, { lr: 1e-3, minibatchSize: 64 }, { lr: 1e-3, minibatchSize: 128 },
      { lr: 3e-4, minibatchSize: 32 }, { lr: 3e-4, minibatchSize: 64 }, { lr: 3e-4, minibatchSize: 128 },
    ]);
    expect(configName(configs[4]!)).toBe('lr=0.0003,minibatchSize=64');
  });

  it('draws random configurations inside their ranges, integers rounded, the same for the same seed', () => {
    const space = parseSpace('dqn', dqn.specs, ['lr=log:1e-4:1e-2', 'discount_factor=uniform:0.9:0.999', 'minibatch_size=log:16:256', 'hidden=32,64']);
    const a = randomConfigs(space, dqn.specs, 200, 7);
    expect(randomConfigs(space, dqn.specs, 200, 7)).toEqual(a);
    expect(randomConfigs(space, dqn.specs, 200, 8)).not.toEqual(a);
    const logs = a.map((c) => Math.log10(c.lr as number));
    for (const c of a) {
      expect(c.lr).toBeGreaterThanOrEqual(1e-4);
      expect(c.lr).toBeLessThanOrEqual(1e-2);
      expect(c.discountFactor).toBeGreaterThanOrEqual(0.9);
      expect(c.discountFactor).toBeLessThanOrEqual(0.999);
      expect(Number.isInteger(c.minibatchSize)).toBe(true);
      expect([32, 64]).toContain(c.hidden);
    }
    // log-uniform: about half the draws below the geometric middle (1e-3), not ~9% as uniform would give
    const below = logs.filter((l) => l < -3).length / logs.length;
    expect(below).toBeGreaterThan(0.35);
    expect(below).toBeLessThan(0.65);
    expect(new Set(a.map((c) => c.hidden))).toEqual(new Set([32, 64]));
  });

  it('refuses bad dimensions with what was expected', () => {
    expect(() => parseSpace('dqn', dqn.specs, ['lr'])).toThrow(/key=values, e\.g\. lr=1e-3,3e-4/);
    expect(() => parseSpace('dqn', dqn.specs, ['learning_rate=1e-3'])).toThrow(/Unknown hyperparameter "learning_rate".*valid:/);
    expect(() => parseSpace('dqn', dqn.specs, ['lr=log:0:1'])).toThrow(/log range needs low > 0/);
    expect(() => parseSpace('dqn', dqn.specs, ['lr=uniform:1e-2:1e-3'])).toThrow(/low < high/);
    expect(() => parseSpace('dqn', dqn.specs, ['lr=1e-3,fast'])).toThrow(/must be a number; received "fast"/);
    expect(() => parseSpace('dqn', dqn.specs, ['lr=1e-3', 'lr=3e-4'])).toThrow(/given twice/);
    expect(() => gridConfigs(parseSpace('dqn', dqn.specs, ['lr=log:1e-4:1e-2']))).toThrow(/only a random sweep/);
    expect(() => sweepConfigs({ family: 'classic', preset: 'dqn', space: [] })).toThrow(/at least one dimension/);
  });
});

describe('seed bands', () => {
  it('interpolates each seed onto common frames and spans min to max', () => {
    expect(interpolate([0, 10], [0, 5], 4)).toBeCloseTo(2);
    expect(interpolate([0, 10], [0, 5], 11)).toBeNaN();
    const curves = [
      { frames: [100, 200], mean: [10, 20] },
      { frames: [150, 190], mean: [30, 50] },
    ];
    // frame 150: 15 and 30; frame 200: 20 and, held from the end of training at 190, 50
    expect(seedBand(curves, [100, 150, 200], 200)).toEqual([
      { frame: 150, mean: 22.5, lo: 15, hi: 30 },
      { frame: 200, mean: 35, lo: 20, hi: 50 },
    ]);
  });
});

// vega is ESM-only, which jest's CommonJS runtime cannot import: the sweep runs through the CLI, as users run it
const root = path.resolve(__dirname, '..', '..');
const cli = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist', 'experiments', 'cli.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 180_000 });

describe('allts sweep', () => {
  it('runs configurations x seeds and writes sweep.csv, a ranked summary and the plot', () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-sweep-'));
    const r = cli(['sweep', 'classic', 'CartPole-v0', 'a2c', '--grid', 'lr=3e-4,3e-3', '--seeds', '0-1', '--frames', '1500', '--workers', '2',
      '--logdir', logdir, '--test-episodes', '3', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [dirName] = fs.readdirSync(logdir);
    expect(dirName).toMatch(/^sweep_a2c_CartPole-v0_\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d$/);
    const dir = path.join(logdir, dirName!);
    const rows = fs.readFileSync(path.join(dir, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('config,lr,seed,status,train_returns100,test_mean,seconds,logdir,error');
    expect(rows).toHaveLength(5);
    const means = new Map<string, number[]>();
    for (const row of rows.slice(1)) {
      const [config, lr, seed, status, , testMean, , runDir] = row.split(',');
      expect(status).toBe('done');
      const info = JSON.parse(fs.readFileSync(path.join(runDir!, 'run.json'), 'utf8'));
      expect(info.hyperparameters.lr).toBe(Number(lr));
      expect(info.seed).toBe(Number(seed));
      expect(path.basename(path.dirname(runDir!))).toBe(config);
      expect(Number(testMean)).toBeCloseTo(info.testReturnsMean, 6);
      means.set(config!, [...(means.get(config!) ?? []), Number(testMean)]);
    }
    // the summary ranks configurations by their mean over seeds
    const meanOf = (c: string) => means.get(c)!.reduce((a, b) => a + b, 0) / 2;
    const [best, other] = [...means.keys()].sort((a, b) => meanOf(b) - meanOf(a));
    const summary = fs.readFileSync(path.join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain(`| ${best} | 0,1 | ${meanOf(best!).toFixed(1)} |`);
    expect(summary.indexOf(`| ${best} |`)).toBeLessThan(summary.indexOf(`| ${other} |`));
    expect(r.stdout).toContain(summary.trim().split('\n').at(-1));
    const png = fs.readFileSync(path.join(dir, 'sweep.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(fs.readFileSync(path.join(dir, 'sweep.svg'), 'utf8')).toContain('lr=0.003');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'sweep.json'), 'utf8')).configs).toEqual([{ lr: 3e-4 }, { lr: 3e-3 }]);
  }, 180_000);

  it('says what is wrong with a bad dimension, before any run starts', () => {
    const r = cli(['sweep', 'classic', 'CartPole-v0', 'a2c', '--grid', 'lr=log:1e-4:1e-2', '--logdir', fs.mkdtempSync(path.join(os.tmpdir(), 'allts-sweep-'))]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: Sweep dimension "lr" is a log range, which only a random sweep can draw from/);
  });

  it('runs several seeds of one agent from the train command', () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-seeds-'));
    const r = cli(['classic', 'CartPole-v0', 'vpg', '--seeds', '2,5', '--frames', '800', '--test-episodes', '2', '--logdir', logdir, '--no-verbose']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\| vpg \| CartPole-v0 \| 2,5 \|/);
    const seeds = fs.readdirSync(logdir).map((d) => JSON.parse(fs.readFileSync(path.join(logdir, d, 'run.json'), 'utf8')).seed).sort();
    expect(seeds).toEqual([2, 5]);
    const both = cli(['classic', 'CartPole-v0', 'vpg', '--seeds', '2,5', '--seed', '1']);
    expect(both.stderr).toMatch(/either --seed or --seeds/);
  }, 120_000);
});
