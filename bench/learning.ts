/**
 * Learning across seeds: trains presets x seeds (each run in a child process, `--workers` at a
 * time, default one per core) and prints a markdown table of each seed's train returns100 and
 * test mean, with their mean and worst, and the wall time. A result on one seed is an anecdote.
 * Usage: npm run bench:learning -- [--family classic] [--env CartPole-v0] [--presets ddqn,rainbow]
 *          [--seeds 0-4] [--frames 50000] [--test-episodes 100] [--workers 2]
 *          [--hyperparameters lr=1e-3,minibatch_size=64] [--json out.json]
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FAMILIES } from '../presets/registry';
import { parseSeeds } from '../experiments/seeds';
import type { LearningFigures, LearningJob } from './learning_run';
import { hyperparameterPairs } from './args';

interface Options {
  family: string;
  env: string;
  presets: string[];
  seeds: number[];
  frames: number;
  testEpisodes: number;
  workers: number;
  hyperparameters: Record<string, string>;
  json?: string;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const family = get('family') ?? 'classic';
  const known = FAMILIES[family];
  if (known === undefined) throw new Error(`--family: unknown family "${family}"; valid: ${Object.keys(FAMILIES).join(', ')}`);
  const presets = (get('presets') ?? Object.keys(known).join(',')).split(',');
  for (const p of presets) {
    if (known[p] === undefined) throw new Error(`--presets: unknown preset "${p}" in ${family}; valid: ${Object.keys(known).join(', ')}`);
  }
  const hyperparameters = hyperparameterPairs(get('hyperparameters') ?? '');
  return {
    family,
    env: get('env') ?? (family === 'classic' ? 'CartPole-v0' : 'Pendulum-v1'),
    presets,
    seeds: parseSeeds(get('seeds') ?? '0-4'),
    frames: Number(get('frames') ?? 50_000),
    testEpisodes: Number(get('test-episodes') ?? 100),
    workers: Number(get('workers') ?? os.cpus().length),
    hyperparameters,
    json: get('json'),
  };
}

function runChild(job: LearningJob): Promise<LearningFigures> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'learning_run.js'), JSON.stringify(job)], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${job.id} seed ${job.seed} failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as LearningFigures);
    });
  });
}

const fmt = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(1));

const USAGE = `Usage: npm run bench:learning -- [--family classic] [--env CartPole-v0] [--presets ddqn,rainbow]
         [--seeds 0-4] [--frames 50000] [--test-episodes 100] [--workers 2]
         [--hyperparameters lr=1e-3,minibatch_size=64] [--json out.json]`;
const FLAGS = ['family', 'env', 'presets', 'seeds', 'frames', 'test-episodes', 'workers', 'hyperparameters', 'json'];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const unknown = argv.filter((a) => a.startsWith('-') && !FLAGS.includes(a.replace(/^--/, '')));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(', ')}; expected --${FLAGS.join(', --')}\n${USAGE}`);
  const options = parseArgs(argv);
  const jobs: LearningJob[] = [];
  for (const id of options.presets) {
    for (const seed of options.seeds) {
      jobs.push({ family: options.family, id, env: options.env, frames: options.frames, seed, testEpisodes: options.testEpisodes, hyperparameters: options.hyperparameters });
    }
  }
  const results = new Map<string, LearningFigures>();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const figures = await runChild(job);
      results.set(`${job.id}/${job.seed}`, figures);
      process.stderr.write(`${job.id} seed ${job.seed}: train100 ${fmt(figures.train100)} test ${fmt(figures.test)} (${figures.seconds.toFixed(0)} s)\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.workers) }, worker));
  const wall = (performance.now() - started) / 1000;

  const seedCols = options.seeds.map((s) => `seed ${s}`);
  const lines = [
    `${options.env}, ${options.frames} frames, ${options.testEpisodes} test episodes; each cell: test mean (train returns100)`,
    '',
    `| preset | ${seedCols.join(' | ')} | test mean | test min | train100 mean | other test mean |`,
    `|---|${seedCols.map(() => '---').join('|')}|---|---|---|---|`,
  ];
  for (const id of options.presets) {
    const rows = options.seeds.map((s) => results.get(`${id}/${s}`)!);
    const tests = rows.map((r) => r.test);
    const others = rows.map((r) => r.testOther).filter((x): x is number => x !== undefined);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const otherLabel = others.length > 0 ? `${fmt(mean(others))} (${rows[0]!.testOtherGreedy ? 'greedy' : 'sampled'}; min ${fmt(Math.min(...others))})` : '-';
    lines.push(
      `| ${id} | ${rows.map((r) => `${fmt(r.test)} (${fmt(r.train100)})`).join(' | ')} | ${fmt(mean(tests))} | ${fmt(Math.min(...tests))} | ` +
        `${fmt(mean(rows.map((r) => r.train100)))} | ${otherLabel} |`,
    );
  }
  lines.push('', `wall time ${wall.toFixed(0)} s with ${options.workers} workers`);
  console.log(lines.join('\n'));
  if (options.json) fs.writeFileSync(options.json, JSON.stringify(Object.fromEntries(results), null, 2));
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
