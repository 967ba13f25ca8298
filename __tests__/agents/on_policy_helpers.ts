/**
 * Shared smoke checks for the on-policy presets (vqn, vsarsa, vac, vpg, a2c, ppo): drive agents
 * on CartPole-v0, check for tensor leaks, round-trip weights through save + loadWeightsFrom, and
 * the hand-computed first update that A2C and PPO share. The drivers themselves are
 * ../helpers/drive.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Agent, ParallelAgent } from '../../lib/agents/agent';
import { makeEnvironment } from '../../environments/registry';
import type { Environment } from '../../environments/environment';
import type { PresetBuilder } from '../../presets/builder';
import type { AgentOptions, Preset } from '../../presets/preset';
import { VNetwork } from '../../lib/approximation/v_network';
import { Random } from '../../lib/core/random';
import { StateArray } from '../../lib/core/state';
import { linear0 } from '../../lib/nn/module';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import { drive, driveParallel as driveVector, expectFlatTensorCount, expectFlatTensorCountParallel, stateArrayOf } from '../helpers/drive';

export { drive };

/** Runs `steps` parallel steps on `n` copies of CartPole-v0; checks and returns every action sent. */
export function driveParallel(agent: ParallelAgent, n: number, steps: number, seed = 0): number[] {
  const out = driveVector(agent, makeEnvironment('CartPole-v0'), n, steps, seed);
  expect(out.every((a) => a === 0 || a === 1)).toBe(true);
  return out;
}

/** Leak check: tensor count flat over `steps` agent steps after a warm-up. */
export function expectNoLeak(preset: Preset, steps = 5000): void {
  const env = makeEnvironment('CartPole-v0');
  if (preset.parallel) {
    const n = preset.nEnvs;
    // warm-up: optimizer slots
    expectFlatTensorCountParallel(preset.agent() as ParallelAgent, env, n, 100, Math.ceil(steps / n));
  } else {
    expectFlatTensorCount(preset.agent() as Agent, env, 600, steps);
  }
}

/**
 * Trains a preset briefly, saves it, builds a fresh preset of the same seed, loads the weights and
 * checks that its test agents act identically (and that without loading they would not).
 */
export async function expectSaveLoadRoundTrip(
  builder: PresetBuilder<any>,
  overrides: Record<string, unknown>,
  trainSteps: number,
  extra: {
    /** Options of the training agent (e.g. trainSteps for schedules). */
    agentOptions?: AgentOptions;
    /** More of preset.json to check (e.g. defaults and model names). */
    json?: Record<string, unknown>;
  } = {},
): Promise<void> {
  const env = makeEnvironment('CartPole-v0');
  const configured = builder.env(env).hyperparameters(overrides).seed(5);
  const preset = configured.build();
  if (preset.parallel) driveParallel(preset.agent(extra.agentOptions) as ParallelAgent, preset.nEnvs, trainSteps);
  else drive(preset.agent(extra.agentOptions) as Agent, env, trainSteps);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `allts-${builder.id}-`));
  await preset.save(dir);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'preset.json'), 'utf8'));
  expect(json).toMatchObject({ preset: builder.id, family: 'classic', seed: 5, hyperparameters: overrides });
  if (extra.json) expect(json).toMatchObject(extra.json);
  const fresh = configured.build();
  const untrained = drive(fresh.testAgent(), makeEnvironment('CartPole-v0'), 400, 9);
  fresh.loadWeightsFrom(dir);
  const a = drive(preset.testAgent(), makeEnvironment('CartPole-v0'), 400, 9);
  const b = drive(fresh.testAgent(), makeEnvironment('CartPole-v0'), 400, 9);
  expect(b).toEqual(a);
  expect(untrained).not.toEqual(a); // the comparison discriminates: training changed the actions
  if (preset.parallel) {
    const pa = driveParallel(preset.parallelTestAgent()!, preset.nEnvs, 50, 4);
    const pb = driveParallel(fresh.parallelTestAgent()!, preset.nEnvs, 50, 4);
    expect(pb).toEqual(pa);
  }
  preset.dispose();
  fresh.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A StateArray of 1-D observations. */
export function states1d(obs: number[], reward: number[], terminated: number[] = [], truncated: number[] = []): StateArray {
  const n = obs.length;
  return new StateArray({
    observation: Float32Array.from(obs),
    shape: [1],
    reward: Float32Array.from(reward),
    terminated: Uint8Array.from({ length: n }, (_, i) => terminated[i] ?? 0),
    truncated: Uint8Array.from({ length: n }, (_, i) => truncated[i] ?? 0),
  });
}


/**
 * The first update of A2C and of PPO (whose first minibatch has ratio 1, so its gradient is
 * A2C's), checked against a hand computation. No feature layer, zero-initialized heads, SGD with
 * lr 0.1, no clipping; a rollout of one step of two environments: env 0 acts in s = [1, 2] and
 * receives r = 2; env 1 starts in a terminated state (the environment resets there), so its row
 * is not a transition and must not count. Discount 0.9; the agent must use entropy weight 0.5
 * and value weight 0.5.
 *
 * By hand: V = 0 and uniform logits before the update, so the one-step return of env 0 is
 * R = r + 0.9 * V(s') = 2 and its advantage A = R - V(s) = 2 (GAE with one step gives the same);
 * B = 1 valid row. Value loss 0.5 * (V(s) - R)^2: dL/dw = 0.5 * 2 * (0 - 2) * s = -2 * [1, 2] =
 * [-2, -4], dL/db = -2; SGD: w = [0.2, 0.4], b = 0.2. Policy loss -log pi(a|s) * A - 0.5 * H: at
 * uniform logits the entropy gradient is zero and d(-log pi(a))/dlogit_k = pi_k - [k = a] = -0.5
 * for k = a, +0.5 otherwise; times A = 2: dL/dlogits = -1 (taken), +1 (other). dW[:, k] =
 * s * dlogit_k, db = dlogits; SGD step -0.1 *: W[:, a] = [0.1, 0.2], W[:, other] = [-0.1, -0.2];
 * b[a] = 0.1, b[other] = -0.1.
 * @param makeAgent builds the agent (nEnvs 2, nSteps 1) over the given heads
 * @returns the agent, after the update (its heads are disposed)
 */
export function expectHandComputedFirstUpdate<A extends ParallelAgent>(makeAgent: (v: VNetwork, policy: SoftmaxPolicy) => A): A {
  const lr = 0.1;
  const v = new VNetwork(linear0(2, 1), { optimizer: 'sgd', lr });
  const policy = new SoftmaxPolicy(linear0(2, 2), new Random(0), { optimizer: 'sgd', lr });
  const agent = makeAgent(v, policy);
  const a = (agent.act(stateArrayOf([[1, 2], [3, 3]], [0, 0], [0, 1])) as Int32Array)[0]!;
  agent.act(stateArrayOf([[0, 1], [1, 1]], [2, 1]));
  expect(Array.from(v.model.variables[0]!.dataSync())).toEqual([expect.closeTo(0.2, 6), expect.closeTo(0.4, 6)]);
  expect(v.model.variables[1]!.dataSync()[0]).toBeCloseTo(0.2, 6);
  const w = policy.model.variables[0]!.dataSync(); // [2 inputs, 2 actions], row-major
  const b = policy.model.variables[1]!.dataSync();
  const sign = (k: number) => (k === a ? 1 : -1);
  for (const k of [0, 1]) {
    expect(w[k]).toBeCloseTo(0.1 * sign(k), 6);
    expect(w[2 + k]).toBeCloseTo(0.2 * sign(k), 6);
    expect(b[k]).toBeCloseTo(0.1 * sign(k), 6);
  }
  v.dispose();
  policy.dispose();
  return agent;
}
