/**
 * Where a classic preset's time goes: each preset runs as `allts classic CartPole-v0 <agent>`
 * under V8's sampling profiler (`node --cpu-prof`), and every sample is put in one bucket by its
 * call stack, so no agent code is instrumented and the figures are of the real CLI process.
 *
 * Buckets, first match wins (a sample inside the optimizer is never also counted as training):
 *   logging     TensorBoard, CSV and loss/schedule logging (lib/logging)
 *   environment the environment's reset and step (environments/)
 *   optimizer   the optimizer step (lib/optim, the SIMD optimizer kernels)
 *   backward    tfjs backpropagation (Engine.gradients and the kernels' gradient functions)
 *   replay      storing and sampling transitions (lib/memory)
 *   acting      choosing actions (an agent's chooseAction, lib/policies)
 *   forward     the rest of training: forward passes, targets and losses (trainOn, lib/approximation,
 *               lib/functional, lib/nn)
 *   startup     loading modules (Node's module loader and compiler)
 *   gc          the garbage collector
 *   other       everything else (the experiment loop, tfjs bookkeeping outside the above)
 *
 * Usage: node dist/bench/profile_classic.js [--frames 20000] [--presets dqn,c51] [--env CartPole-v0]
 * Prints a markdown table of milliseconds of CPU per 1,000 frames per bucket, and the share of each.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A node of V8's .cpuprofile call tree. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export const BUCKETS = ['logging', 'environment', 'optimizer', 'backward', 'replay', 'acting', 'forward', 'startup', 'gc', 'other'] as const;
export type Bucket = (typeof BUCKETS)[number];

// not variableGrads or Engine.gradients: they also run the forward pass of the loss they differentiate
const BACKWARD_FUNCTIONS = new Set(['backpropagateGradients', 'gradFunc']);

/** The bucket of a sample from its stack, root first (see the file comment for the rules). */
export function bucketOf(stack: ReadonlyArray<{ functionName: string; url: string }>): Bucket {
  const has = (test: (f: { functionName: string; url: string }) => boolean): boolean => stack.some(test);
  if (has((f) => /\/dist\/lib\/logging\//.test(f.url))) return 'logging';
  if (has((f) => /\/dist\/environments\//.test(f.url))) return 'environment';
  if (has((f) => /\/dist\/lib\/optim\/|simd_optimizers/.test(f.url))) return 'optimizer';
  if (has((f) => BACKWARD_FUNCTIONS.has(f.functionName))) return 'backward';
  if (has((f) => /\/dist\/lib\/memory\//.test(f.url))) return 'replay';
  if (has((f) => f.functionName === 'chooseAction' || /\/dist\/lib\/policies\//.test(f.url))) return 'acting';
  if (has((f) => f.functionName === 'trainOn' || /\/dist\/lib\/(approximation|functional|nn)\//.test(f.url))) return 'forward';
  if (has((f) => /internal\/modules\/|wrapSafe|compileFunction/.test(f.url + f.functionName))) return 'startup';
  const leaf = stack[stack.length - 1];
  if (leaf !== undefined && leaf.functionName === '(garbage collector)') return 'gc';
  return 'other';
}

/** Microseconds of samples per bucket in a .cpuprofile. */
export function bucketTimes(profile: CpuProfile): Record<Bucket, number> {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totals = Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>;
  for (const [id, micros] of selfTime) {
    const stack: ProfileNode['callFrame'][] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.unshift(byId.get(at)!.callFrame);
    totals[bucketOf(stack)] += micros;
  }
  return totals;
}

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

function main(): void {
  const frames = Number(argument('frames', '20000'));
  const env = argument('env', 'CartPole-v0');
  const presets = argument('presets', 'dqn,ddqn,c51,rainbow,vqn,vsarsa,vac,vpg,a2c,ppo').split(',');
  if (!(Number.isInteger(frames) && frames > 0)) throw new Error(`--frames must be a positive integer; received ${argument('frames', '')}`);
  const cli = path.join(__dirname, '..', 'experiments', 'cli.js');
  console.log(`${env}, ${frames} frames, seed 0, no test episodes; CPU milliseconds per 1,000 frames (share of the process)\n`);
  console.log(`| preset | total s | ${BUCKETS.join(' | ')} |`);
  console.log(`|---|---|${BUCKETS.map(() => '---').join('|')}|`);
  for (const preset of presets) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-profile-'));
    const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, cli, 'classic', env, preset,
      '--frames', String(frames), '--seed', '0', '--test-episodes', '0', '--quiet', '--logdir', path.join(dir, 'runs')], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`allts classic ${env} ${preset} failed (exit ${run.status}): ${run.stderr}`);
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`no .cpuprofile written for ${preset} in ${dir}`);
    const times = bucketTimes(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile);
    const total = BUCKETS.reduce((s, b) => s + times[b], 0);
    const cells = BUCKETS.map((b) => `${((times[b] / 1000) * (1000 / frames)).toFixed(0)} (${((100 * times[b]) / total).toFixed(0)}%)`);
    console.log(`| ${preset} | ${(total / 1e6).toFixed(1)} | ${cells.join(' | ')} |`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
