/**
 * Shared smoke checks for the vqn, vsarsa, vac and vpg presets: drive agents on CartPole-v0,
 * check for tensor leaks, and round-trip weights through save + loadWeightsFrom.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Agent, ParallelAgent } from '../../lib/agents/agent';
import { makeEnvironment } from '../../environments/registry';
import type { Environment } from '../../environments/environment';
import type { PresetBuilder } from '../../presets/builder';
import type { Preset } from '../../presets/preset';
import { tf } from '../../lib/tf';
import { StateArray } from '../../lib/core/state';

/** Runs `steps` act/step pairs on one environment, resetting at episode ends; returns the actions. */
export function drive(agent: Agent, env: Environment, steps: number, seed = 0): number[] {
  const actions: number[] = [];
  let state = env.reset({ seed });
  for (let i = 0; i < steps; i++) {
    const action = agent.act(state) as number;
    actions.push(action);
    state = state.done ? env.reset() : env.step(action);
  }
  return actions;
}

/** Runs `steps` parallel steps on `n` copies of CartPole-v0; returns every action sent. */
export function driveParallel(agent: ParallelAgent, n: number, steps: number, seed = 0): number[] {
  const venv = makeEnvironment('CartPole-v0').duplicate(n);
  let states = venv.reset({ seed });
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const actions = agent.act(states) as Int32Array;
    if (!(actions instanceof Int32Array) || actions.length !== n) throw new Error(`expected ${n} actions in an Int32Array; received ${String(actions)}`);
    for (const a of actions) out.push(a);
    states = venv.step(actions);
  }
  venv.close();
  expect(out.every((a) => a === 0 || a === 1)).toBe(true);
  return out;
}

/** Leak check: tensor count flat over `steps` agent steps after a warm-up. */
export function expectNoLeak(preset: Preset, steps = 5000): void {
  const env = makeEnvironment('CartPole-v0');
  if (preset.parallel) {
    const agent = preset.agent() as ParallelAgent;
    const n = preset.nEnvs;
    driveParallel(agent, n, 100); // warm-up: optimizer slots
    const before = tf.memory().numTensors;
    driveParallel(agent, n, Math.ceil(steps / n), 1);
    expect(tf.memory().numTensors).toBe(before);
  } else {
    const agent = preset.agent() as Agent;
    drive(agent, env, 600);
    const before = tf.memory().numTensors;
    drive(agent, env, steps, 1);
    expect(tf.memory().numTensors).toBe(before);
  }
}

/**
 * Trains a preset briefly, saves it, builds a fresh preset of the same seed, loads the weights and
 * checks that its test agents act identically (and that without loading they would not).
 */
export async function expectSaveLoadRoundTrip(builder: PresetBuilder<any>, overrides: Record<string, unknown>, trainSteps: number): Promise<void> {
  const env = makeEnvironment('CartPole-v0');
  const configured = builder.env(env).hyperparameters(overrides).seed(5);
  const preset = configured.build();
  if (preset.parallel) driveParallel(preset.agent() as ParallelAgent, preset.nEnvs, trainSteps);
  else drive(preset.agent() as Agent, env, trainSteps);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `allts-${builder.id}-`));
  await preset.save(dir);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'preset.json'), 'utf8'));
  expect(json).toMatchObject({ preset: builder.id, family: 'classic', seed: 5, hyperparameters: overrides });
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

