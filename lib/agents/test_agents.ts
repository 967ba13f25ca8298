/**
 * The test agents several algorithms share (ALL names one per algorithm; many are the same
 * class there too, e.g. `PPOTestAgent = A2CTestAgent`): each acts on the trained networks
 * without training. The agent files re-export them under their algorithm's name.
 */
import { actionMaskOf } from '../policies/action_mask';
import { StateArray, type State } from '../core/state';
import type { Approximation } from '../approximation/approximation';
import type { DeterministicPolicy } from '../policies/deterministic';
import type { GreedyPolicy, ParallelGreedyPolicy } from '../policies/greedy';
import type { StochasticPolicy } from '../policies/stochastic';
import { tf } from '../tf';
import type { Action } from '../core/action';
import type { Agent, ParallelAgent } from './agent';
import { actionsForEnvs } from './loops/rollout_agent';

/** Greedy on Q with the policy's own (test) exploration: DQN, DDQN, VQN and VSarsa on one environment. */
export class GreedyTestAgent implements Agent {
  /** @param policy an epsilon-greedy policy over a copy of the trained Q function */
  constructor(readonly policy: GreedyPolicy) {}
  act(state: State): number {
    return this.policy.act(state.observation, state.shape, actionMaskOf(state));
  }
}

/** The parallel form of GreedyTestAgent (VQN, VSarsa). */
export class ParallelGreedyTestAgent implements ParallelAgent {
  /** @param policy an epsilon-greedy policy over a copy of the trained Q function */
  constructor(readonly policy: ParallelGreedyPolicy) {}
  act(states: StateArray): Int32Array {
    return this.policy.act(states.observation, states.batchShape);
  }
}

/** The deterministic policy's action without noise, in evaluation mode (DDPG, TD3). */
export class DeterministicTestAgent implements Agent {
  /** @param policy the trained actor */
  constructor(readonly policy: DeterministicPolicy) {}
  act(state: State): Float32Array {
    return this.policy.act(state.observation, state.shape, { evaluation: true });
  }
}

/**
 * Samples from a stochastic policy over features in evaluation mode (ALL's A2CTestAgent, also
 * PPO's, VPG's and VAC's); acts on one State or on a StateArray (one action per state).
 */
export class StochasticTestAgent implements Agent, ParallelAgent {
  /**
   * @param features copies of the feature layers
   * @param policy a policy over copies of the head
   * @param greedy act with the most probable action instead of a sample (see the presets' `testGreedy`)
   */
  constructor(
    readonly features: Approximation,
    readonly policy: StochasticPolicy,
    readonly greedy = false,
  ) {}

  act(state: State): Action;
  act(states: StateArray): Int32Array | Float32Array[];
  act(s: State | StateArray): Action | Int32Array | Float32Array[] {
    const batched = s instanceof StateArray;
    const shape = batched ? s.batchShape : [1, ...s.shape];
    const actions = tf.tidy(() => {
      const x = tf.tensor(s.observation, shape);
      const mask = batched ? undefined : actionMaskOf(s);
      return this.policy.sampleFrom(this.features.eval(x), { evaluation: true, greedy: this.greedy, mask });
    });
    if (batched) return actionsForEnvs(actions, shape[0]!);
    return actions instanceof Int32Array ? actions[0]! : actions;
  }
}
