/**
 * Small real presets whose agents follow fixed rules, for testing experiment mechanics (frame
 * counting, episode bookkeeping, the unbiased test phase) independently of any learning.
 */
import type { Agent, ParallelAgent } from '../../lib/agents/agent';
import type { State, StateArray } from '../../lib/core/state';
import { PresetBuilder } from '../../presets/builder';
import { Preset } from '../../presets/preset';

/** CartPole: push the cart toward the side the pole leans to (a classic hand-written controller). */
function lean(observation: Float32Array, offset: number): number {
  const angle = observation[offset + 2]!;
  const angularVelocity = observation[offset + 3]!;
  return angle + 0.5 * angularVelocity > 0 ? 1 : 0;
}

class LeanPreset extends Preset {
  override get parallel(): boolean {
    return this.hyperparameters.nEnvs !== 1;
  }
  override get nEnvs(): number {
    return this.hyperparameters.nEnvs as number;
  }
  agent(): Agent | ParallelAgent {
    return this.parallel ? this.parallelTestAgent() : this.testAgent();
  }
  testAgent(): Agent {
    return { act: (s: State) => lean(s.observation, 0) };
  }
  override parallelTestAgent(): ParallelAgent {
    return {
      act: (states: StateArray) => {
        const out = new Int32Array(states.length);
        for (let i = 0; i < states.length; i++) out[i] = lean(states.observation, i * 4);
        return out;
      },
    };
  }
}

/** A preset whose agent balances CartPole by a fixed rule; `nEnvs` > 1 makes it parallel. */
export const leanPreset = new PresetBuilder(
  'lean',
  'test',
  { nEnvs: { default: 1, doc: 'environments', integer: true, min: 1 } },
  (a) => new LeanPreset(a.id, a.family, a.name, a.env, a.hyperparameters, a.seed),
  'scripted CartPole controller (tests only)',
);
