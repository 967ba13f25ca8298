import { addExplorationNoise, DDPG } from '../../lib/agents/ddpg';
import { QContinuous } from '../../lib/approximation/q_continuous';
import { PolyakTarget } from '../../lib/approximation/target';
import { Random } from '../../lib/core/random';
import { Box } from '../../lib/core/spaces';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import { DeterministicPolicy } from '../../lib/policies/deterministic';
import { tf } from '../../lib/tf';
import { expectClose, fixedLinear, take } from '../nn/fixed_linear';
import { continuousSmokeTests, LossRecorder, oneTransition } from './continuous_smoke';

describe('ddpg preset', () => continuousSmokeTests('ddpg'));

describe('addExplorationNoise', () => {
  it('adds N(0, (noise * halfRange)^2) per dimension', () => {
    const space = new Box([-1, -10], [1, 10]);
    const rng = new Random(4);
    const n = 20000;
    const sums = [0, 0];
    const squares = [0, 0];
    for (let i = 0; i < n; i++) {
      const a = addExplorationNoise(Float32Array.of(0, 0), space, 0.1, rng);
      for (let d = 0; d < 2; d++) {
        sums[d]! += a[d]!;
        squares[d]! += a[d]! * a[d]!;
      }
    }
    // std = 0.1 * (high - low) / 2: 0.1 for [-1, 1], 1 for [-10, 10]
    expect(Math.sqrt(squares[0]! / n)).toBeCloseTo(0.1, 2);
    expect(Math.sqrt(squares[1]! / n)).toBeGreaterThan(0.97);
    expect(Math.sqrt(squares[1]! / n)).toBeLessThan(1.03);
    expect(Math.abs(sums[0]! / n)).toBeLessThan(0.003);
  });

  it('clips into the Box', () => {
    const space = new Box(-2, 2, [1]);
    const rng = new Random(5);
    let atBound = 0;
    for (let i = 0; i < 1000; i++) {
      const a = addExplorationNoise(Float32Array.of(1.9), space, 1, rng)[0]!; // std 2
      expect(a).toBeGreaterThanOrEqual(-2);
      expect(a).toBeLessThanOrEqual(2);
      if (a === 2) atBound++;
    }
    expect(atBound).toBeGreaterThan(300); // P(1.9 + N(0, 4) > 2) = 0.48
  });
});

describe('DDPG updates', () => {
  // Q(s, a) = 1 s + 2 a + 0.5; mu(s) = tanh(0.5 s) on the Box [-1, 1]; gamma 0.9.
  function makeAgent(logger: LossRecorder): DDPG {
    const space = new Box(-1, 1, [1]);
    const q = new QContinuous(fixedLinear([[1], [2]], [0.5]), { lr: 1e-3, target: new PolyakTarget(0.005), logger });
    const policy = new DeterministicPolicy(fixedLinear([[0.5]], [0]), space, { lr: 1e-3, target: new PolyakTarget(0.005), logger });
    const replay = new ExperienceReplayBuffer(10, { rng: new Random(0) });
    return new DDPG(q, policy, replay, new Random(1), { discountFactor: 0.9, minibatchSize: 1, noise: 0.1, replayStartSize: 0, updateFrequency: 1 });
  }

  it('regresses the critic on r + gamma * mask * Q\'(s\', mu\'(s\')) (hand-computed loss)', () => {
    const logger = new LossRecorder();
    const agent = makeAgent(logger);
    // s = 1, a = 0.5, r = 1, s' = 2: Q(s, a) = 1 + 1 + 0.5 = 2.5;
    // target = 1 + 0.9 * (2 + 2 tanh(1) + 0.5) = 1 + 0.9 * 4.0231883 = 4.6208695; loss = (2.5 - 4.6208695)^2 = 4.4980873
    agent.trainOn(oneTransition(1, 0.5, 1, 2, 1));
    expect(logger.losses.q![0]).toBeCloseTo(4.4980873, 4);
    // a true terminal does not bootstrap: target = r = 1. Q moved slightly after one step, so recompute it.
    const qNow = take(agent.q.evalAt(tf.tensor2d([[1]]), tf.tensor2d([[0.5]])))[0]!;
    agent.trainOn(oneTransition(1, 0.5, 1, 2, 0));
    expect(logger.losses.q![1]).toBeCloseTo((qNow - 1) ** 2, 4);
    agent.q.dispose();
    agent.policy.dispose();
  });

  it('moves the actor up the critic\'s action gradient and the targets by Polyak averaging', () => {
    const agent = makeAgent(new LossRecorder());
    const s = tf.tensor2d([[1]]);
    const a = tf.tensor2d([[0.5]]);
    const muBefore = take(agent.policy.actions(s))[0]!;
    const qBefore = take(agent.q.evalAt(s, a))[0]!;
    agent.trainOn(oneTransition(1, 0.5, 1, 2, 1));
    // dQ/da = 2 > 0, so the actor's action at s = 1 increases
    expect(take(agent.policy.actions(s))[0]!).toBeGreaterThan(muBefore + 1e-4);
    // Q is linear in its parameters, so the soft update gives Q' = 0.995 Q_before + 0.005 Q_after exactly
    const qAfter = take(agent.q.evalAt(s, a))[0]!;
    expect(qAfter).not.toBeCloseTo(qBefore, 4);
    expectClose([take(agent.q.targetAt(s, a))[0]!], [0.995 * qBefore + 0.005 * qAfter], 1e-5);
    tf.dispose([s, a]);
    agent.q.dispose();
    agent.policy.dispose();
  });
});
