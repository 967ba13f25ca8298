/**
 * Shared test drivers: run an agent on an environment (or on copies of one) and return the
 * actions it chose, and check that doing so leaves the tensor count flat. Used by the agent
 * and preset tests so that every one of them drives agents the same way.
 */
import type { Agent, ParallelAgent } from '../../lib/agents/agent';
import { StateArray } from '../../lib/core/state';
import { tf } from '../../lib/tf';
import type { Environment } from '../../environments/environment';

/**
 * Runs `steps` act/step pairs on one discrete-action environment, resetting at episode ends.
 * @param seed seed of the first reset
 * @returns the actions chosen, in order
 */
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

/**
 * Runs `steps` parallel steps of a parallel agent on `nEnvs` copies of `env` (discrete actions),
 * then closes the copies. Throws unless every step gives an Int32Array of `nEnvs` actions.
 * @param seed seed of the first reset
 * @returns every action sent, step-major
 */
export function driveParallel(agent: ParallelAgent, env: Environment, nEnvs: number, steps: number, seed = 0): number[] {
  const venv = env.duplicate(nEnvs);
  let states = venv.reset({ seed });
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const actions = agent.act(states) as Int32Array;
    if (!(actions instanceof Int32Array) || actions.length !== nEnvs) {
      throw new Error(`expected ${nEnvs} actions in an Int32Array; received ${String(actions)}`);
    }
    for (const a of actions) out.push(a);
    states = venv.step(actions);
  }
  venv.close();
  return out;
}

/**
 * Leak check of a single-environment agent: the tensor count after `steps` act/step pairs equals
 * the count after a `warmup` run (which creates optimizer slots and target copies).
 * @param seed seed of the measured run's first reset
 */
export function expectFlatTensorCount(agent: Agent, env: Environment, warmup: number, steps: number, seed = 1): void {
  drive(agent, env, warmup);
  const before = tf.memory().numTensors;
  drive(agent, env, steps, seed);
  expect(tf.memory().numTensors).toBe(before);
}

/**
 * Leak check of a parallel agent on `nEnvs` copies of `env`: the tensor count after `steps`
 * parallel steps equals the count after `warmup` parallel steps.
 * @param seed seed of the measured run's first reset
 */
export function expectFlatTensorCountParallel(agent: ParallelAgent, env: Environment, nEnvs: number, warmup: number, steps: number, seed = 1): void {
  driveParallel(agent, env, nEnvs, warmup);
  const before = tf.memory().numTensors;
  driveParallel(agent, env, nEnvs, steps, seed);
  expect(tf.memory().numTensors).toBe(before);
}

/**
 * A StateArray of one row of observations per environment.
 * @param rows observations, one array per environment (all the same length)
 * @param reward one reward per environment
 * @param terminated one 0/1 flag per environment (default all 0); no truncations
 */
export function stateArrayOf(rows: number[][], reward: number[], terminated: number[] = reward.map(() => 0)): StateArray {
  return new StateArray({
    observation: Float32Array.from(rows.flat()),
    shape: [rows[0]!.length],
    reward: Float32Array.from(reward),
    terminated: Uint8Array.from(terminated),
    truncated: new Uint8Array(reward.length),
  });
}
