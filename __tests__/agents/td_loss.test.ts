import { DDQN } from '../../lib/agents/ddqn';
import { DQN, type TDLoss } from '../../lib/agents/dqn';
import { QNetwork } from '../../lib/approximation/q_network';
import { Random } from '../../lib/core/random';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import type { ReplayBatch } from '../../lib/memory/types';
import { Linear } from '../../lib/nn/module';
import { GreedyPolicy } from '../../lib/policies/greedy';
import { tf } from '../../lib/tf';

/**
 * One SGD step (lr 1) of a zero-initialised Linear(1, 2) Q network on two terminal transitions
 * from observation [1] with action 0 and rewards 3 and 0.5: the TD errors Q - target are -3 and
 * -0.5. The step moves the weight and the bias of action 0 by the same amount, so Q(s, 0)
 * afterwards is twice minus the summed loss gradient:
 *   mse  (grad 2e/B):            2 * (3 + 0.5) / 2 * 2 = 7
 *   huber (grad clip(e, 1)/B):   2 * (1 + 0.5) / 2     = 1.5
 * and with importance weights [1, 0.5] (DDQN): mse 2 * (3 + 0.25) = 6.5, huber 2 * (0.5 + 0.125) = 1.25.
 */
function qAfterOneStep(Agent: typeof DQN | typeof DDQN, loss: TDLoss | undefined, weights: number[]): number {
  const q = new QNetwork(new Linear(1, 2, 'zeros'), { optimizer: 'sgd', lr: 1 });
  const rng = new Random(1);
  const agent = new Agent(q, new GreedyPolicy(q, 2, rng), new ExperienceReplayBuffer(10, { rng }), {
    discountFactor: 0.99, minibatchSize: 2, replayStartSize: 0, updateFrequency: 1, ...(loss === undefined ? {} : { loss }),
  });
  const batch: ReplayBatch = {
    size: 2, stateShape: [1], states: Float32Array.of(1, 1), actions: Int32Array.of(0, 0), rewards: Float32Array.of(3, 0.5),
    nextStates: Float32Array.of(1, 1), nextMasks: Float32Array.of(0, 0), steps: Int32Array.of(1, 1),
    weights: Float32Array.from(weights), indices: Int32Array.of(0, 1),
  };
  agent.trainOn(batch);
  const value = tf.tidy(() => q.eval(tf.tensor2d([[1]])).dataSync()[0]!);
  q.dispose();
  return value;
}

describe('the TD loss of DQN and DDQN', () => {
  it('mse by default, huber when asked (golden values by hand)', () => {
    expect(qAfterOneStep(DQN, undefined, [1, 1])).toBeCloseTo(7, 5);
    expect(qAfterOneStep(DQN, 'mse', [1, 1])).toBeCloseTo(7, 5);
    expect(qAfterOneStep(DQN, 'huber', [1, 1])).toBeCloseTo(1.5, 5);
  });

  it('DDQN weights either loss by the importance weights', () => {
    expect(qAfterOneStep(DDQN, undefined, [1, 0.5])).toBeCloseTo(6.5, 5);
    expect(qAfterOneStep(DDQN, 'huber', [1, 0.5])).toBeCloseTo(1.25, 5);
  });
});
